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
        // Each target's basis line and the legend, read with the console's line wrapping undone.
        var text = System.Text.RegularExpressions.Regex.Replace(first.Out, @"\s+", " ");
        text.ShouldContain("rd-intensity 4.50 by 2035: on-track — ILLUSTRATIVE, not official weighted 2019–2022 · latest complete 2022 · latest used 2022 = 4.25");
        text.ShouldContain("left out: 2024 partial (missing hebei, tianjin)");
        text.ShouldContain("greater-bay-area over 2 of 3 members — macao excluded by analyst:li on ");
        text.ShouldContain("left out: 2021 partial (missing hong-kong); 2024 partial (missing hong-kong)");
        // The official targets, judged from the indicator read model: each status marked official with its document.
        text.ShouldContain("Nation china (comparator, its own targets)");
        text.ShouldMatch(@"target fyp14-rd-growth rd_expenditure_total [^\[]* → met-so-far \[official: 《中华人民共和国国民经济和社会发展第十四个五年规划");
        text.ShouldMatch(@"target fyp14-basic-share basic_research_share_of_rd [^\[]* → off-track \[official: 《中华人民共和国国民经济和社会发展第十四个五年规划");
        text.ShouldMatch(@"target rd-intensity-2020 rd_intensity [^\[]* → missed \[official: ");
        text.ShouldContain("Legend: weighted ");
        // The Clusters table reads the latest GII edition (Beijing was 3rd in 2024, 4th in 2025), and the Rankings section
        // names who is ahead of each hub and whom it overtook.
        text.ShouldContain("#4 GII 2025");
        text.ShouldContain("overtook since 2024: Tokyo–Yokohama");
        text.ShouldContain("Rankings gii_clusters.csv: GII 2024 (10 clusters), GII 2025 (15 clusters), recorded now.");
        text.ShouldContain("partial a counted member is missing");
        // The story's details as an audience reads them (new-user trial item 40): the GBA's ranked name is printed, the
        // branches' dates are said to be the article's, and the invented technology transfer is marked.
        text.ShouldContain("Shenzhen–Hong Kong–Guangzhou #1");
        text.ShouldContain("Branch statuses are as of the article (2026-01-14), which gives no opening dates; the technology transfer is illustrative: the article names none.");
        // Item 43: the enterprise title is one line, never wrapped mid-phrase.
        first.Out.Split('\n').ShouldContain(l => l.TrimEnd() == "JoyGovAI — HQ Chengdu (sichuan); 1 technology transfer");
        // A level target met so far needs nothing: Shanghai's "about 4.5 by 2025" with 4.35 in 2024 (inside ±5 %).
        text.ShouldMatch(@"rd_intensity about 4\.5 by 2025 → met-so-far \[official: [^\]]*\] basis: latest-year; used 2024(?!; needs)");
        var afterFirst = await db.EventCountAsync();
        afterFirst.ShouldBeGreaterThan(45 + 32 + 3 + 10, "the story, the 32-row dataset, Hong Kong's 3 rows, 10 rates and the targets should all be stored");

        var second = await HostProcess.RunAsync(db.Args("demo", "--json"));
        second.Code.ShouldBe(0, second.Err);
        (await db.EventCountAsync()).ShouldBe(afterFirst, "a second demo run should append no event");

        second.Out.ShouldNotContain("\"GlobalRank:WIPO GII S&T clusters\": {", Case.Sensitive, "no internal target keys as JSON keys");
        second.Out.ShouldNotContain("\"BEIJING\"", Case.Sensitive, "no normalised city keys as JSON keys");
        using var json = JsonDocument.Parse(second.Out);
        var root = json.RootElement;
        root.GetProperty("story").GetProperty("appended").GetInt32().ShouldBe(0);
        root.GetProperty("story").GetProperty("dataset").GetProperty("rows").GetInt32().ShouldBe(32);
        root.GetProperty("story").GetProperty("datasets").EnumerateArray().Select(d => (d.GetProperty("file").GetString(), d.GetProperty("rows").GetInt32()))
            .ShouldBe([("rd-intensity-2019-2022.csv", 32), ("hong-kong-rd-2019-2022.csv", 3), ("hkd-cny-annual-average-2015-2024.csv", 10)]);
        var clusters = root.GetProperty("clusters").EnumerateArray().ToList();
        clusters.Select(c => c.GetProperty("id").GetString()).ShouldBe(["beijing-tianjin-hebei", "greater-bay-area", "yangtze-river-delta"]);
        clusters.ShouldAllBe(c => c.GetProperty("scope").GetString() == "regional");
        var gba = clusters.Single(c => c.GetProperty("id").GetString() == "greater-bay-area");
        gba.GetProperty("ranks")[0].GetProperty("ranked-name").GetString().ShouldBe("Shenzhen–Hong Kong–Guangzhou");
        var beijing = root.GetProperty("regions").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "beijing");
        beijing.GetProperty("figures").GetProperty("2024").GetProperty("intensity-pct").GetDecimal().ShouldBe(6.58m);
        beijing.GetProperty("figures").GetProperty("2019").GetProperty("intensity-pct").GetDecimal().ShouldBe(6.31m);
        root.GetProperty("illustrative-targets").GetProperty("targets").EnumerateArray().ShouldAllBe(t => t.GetProperty("illustrative").GetBoolean(), "every target the demo sets is illustrative");

        // As text, a re-run says each dataset is already stored: it claimed "10 written now" for the rates every time.
        var third = await HostProcess.RunAsync(db.Args("demo"));
        third.Code.ShouldBe(0, third.Err);
        third.Out.ShouldContain("Dataset rd-intensity-2019-2022.csv: 32 rows, all already in the store.");
        third.Out.ShouldContain("Dataset hong-kong-rd-2019-2022.csv: 3 rows, all already in the store.");
        third.Out.ShouldContain("Dataset hkd-cny-annual-average-2015-2024.csv: 10 rows, all already in the store.");
        third.Out.ShouldNotContain("written now");
        System.Text.RegularExpressions.Regex.Replace(third.Out, @"\s+", " ").ShouldContain("GII 2025 (15 clusters), already in the store.");
        (await db.EventCountAsync()).ShouldBe(afterFirst);
    }
}
