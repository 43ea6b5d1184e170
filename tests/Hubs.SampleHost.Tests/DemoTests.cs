using System.Text.Json;

namespace Hubs.SampleHost.Tests;

public sealed class DemoTests
{
    [Fact]
    public async Task running_the_demo_twice_changes_nothing_the_second_time()
    {
        var db = await TestDatabase.CreateAsync(nameof(running_the_demo_twice_changes_nothing_the_second_time));

        var first = await HostProcess.RunAsync(db.Args("demo"));
        first.Code.ShouldBe(0, first.Err);
        first.Out.ShouldContain("ILLUSTRATIVE");
        var afterFirst = await db.EventCountAsync();
        afterFirst.ShouldBeGreaterThan(45, "the story, the 32-row dataset and the targets should all be stored");

        var second = await HostProcess.RunAsync(db.Args("demo", "--json"));
        second.Code.ShouldBe(0, second.Err);
        (await db.EventCountAsync()).ShouldBe(afterFirst, "a second demo run should append no event");

        using var json = JsonDocument.Parse(second.Out);
        var root = json.RootElement;
        root.GetProperty("story").GetProperty("appended").GetInt32().ShouldBe(0);
        root.GetProperty("story").GetProperty("dataset").GetProperty("rows").GetInt32().ShouldBe(32);
        var clusters = root.GetProperty("clusters").EnumerateArray().ToList();
        clusters.Select(c => c.GetProperty("id").GetString()).ShouldBe(["beijing-tianjin-hebei", "greater-bay-area", "yangtze-river-delta"]);
        clusters.ShouldAllBe(c => c.GetProperty("scope").GetString() == "regional");
        var gba = clusters.Single(c => c.GetProperty("id").GetString() == "greater-bay-area");
        gba.GetProperty("ranks")[0].GetProperty("rankedName").GetString().ShouldBe("Shenzhen–Hong Kong–Guangzhou");
        var beijing = root.GetProperty("regions").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "beijing");
        beijing.GetProperty("figures").GetProperty("2024").GetProperty("intensityPct").GetDecimal().ShouldBe(6.58m);
        beijing.GetProperty("figures").GetProperty("2019").GetProperty("intensityPct").GetDecimal().ShouldBe(6.31m);
        root.GetProperty("illustrativeTargets").GetProperty("illustrative").GetBoolean().ShouldBeTrue();
    }
}
