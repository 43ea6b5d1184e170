using System.Text.Json;

namespace Hubs.SampleHost.Tests;

/// <summary>Regions and clusters are taken by id or by name in commands and history, as the imports take them.</summary>
public sealed class NameArgumentTests
{
    [Fact]
    public async Task a_region_and_a_cluster_named_as_written_are_joined_and_their_history_is_found_by_name()
    {
        var db = await TestDatabase.CreateAsync(nameof(a_region_and_a_cluster_named_as_written_are_joined_and_their_history_is_found_by_name));
        (await HostProcess.RunAsync(db.Args("cluster", "establish", "greater-bay-area", "--name", "Greater Bay Area", "--anchor-city", "Shenzhen", "--on", "2019-02-18"))).Code.ShouldBe(0);
        (await HostProcess.RunAsync(db.Args("region", "register", "hong-kong", "--name", "Hong Kong", "--kind", "special-administrative-region"))).Code.ShouldBe(0);

        var joined = await HostProcess.RunAsync(db.Args("cluster", "join", "Greater Bay Area", "Hong Kong", "--on", "2019-02-18", "--json"));

        joined.Code.ShouldBe(0, joined.Err);
        using (var json = JsonDocument.Parse(joined.Out))
        {
            json.RootElement.GetProperty("outcome").GetString().ShouldBe("appended");
            json.RootElement.GetProperty("state").GetProperty("members").EnumerateArray().Select(m => m.GetString()).ShouldBe(["hong-kong"]);
        }
        var history = await HostProcess.RunAsync(db.Args("history", "Hong Kong"));
        history.Code.ShouldBe(0, history.Err);
        history.Out.ShouldContain("region:hong-kong");
        var target = await HostProcess.RunAsync(db.Args("target", "set", "--cluster", "GREATER BAY AREA", "--value", "4.5", "--deadline", "2035"));
        target.Code.ShouldBe(0, target.Err);
        target.Out.ShouldContain("cluster:greater-bay-area");

        var unknown = await HostProcess.RunAsync(db.Args("cluster", "join", "Greater Bay Area", "Atlantis", "--on", "2019-02-18"));

        unknown.Code.ShouldBe(1, unknown.Err);
        unknown.Err.ShouldContain("<REGION>='Atlantis'", customMessage: "a name that matches nothing is refused as typed");
    }
}
