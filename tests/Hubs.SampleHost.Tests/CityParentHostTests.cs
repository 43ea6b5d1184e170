namespace Hubs.SampleHost.Tests;

/// <summary>A city inside a province, recorded at the command line: history shows it, and a cluster refuses to count both.</summary>
public sealed class CityParentHostTests
{
    [Fact]
    public async Task a_city_recorded_in_its_province_shows_in_history_and_cannot_join_the_cluster_its_province_is_in()
    {
        var db = await TestDatabase.CreateAsync(nameof(a_city_recorded_in_its_province_shows_in_history_and_cannot_join_the_cluster_its_province_is_in));
        (await HostProcess.RunAsync(db.Args("region", "register", "guangdong", "--kind", "province"))).Code.ShouldBe(0);
        (await HostProcess.RunAsync(db.Args("region", "register", "shenzhen", "--kind", "city"))).Code.ShouldBe(0);
        (await HostProcess.RunAsync(db.Args("cluster", "establish", "greater-bay-area", "--name", "Greater Bay Area", "--anchor-city", "Shenzhen", "--on", "2019-02-18"))).Code.ShouldBe(0);
        (await HostProcess.RunAsync(db.Args("cluster", "join", "greater-bay-area", "guangdong", "--on", "2019-02-18"))).Code.ShouldBe(0);

        var parent = await HostProcess.RunAsync(db.Args("region", "set-parent", "shenzhen", "--parent", "guangdong"));

        parent.Code.ShouldBe(0, parent.Err);
        var history = await HostProcess.RunAsync(db.Args("history", "shenzhen"));
        history.Code.ShouldBe(0, history.Err);
        history.Out.ShouldContain("region_parent_recorded", customMessage: "the city's history shows its recorded parent");
        var twice = await HostProcess.RunAsync(db.Args("cluster", "join", "greater-bay-area", "shenzhen", "--on", "2019-02-18"));
        twice.Code.ShouldNotBe(0, "a cluster never counts a city beside its province");
        twice.Err.ShouldContain("parent-and-child-in-cluster");
        twice.Err.ShouldContain("guangdong");
    }
}
