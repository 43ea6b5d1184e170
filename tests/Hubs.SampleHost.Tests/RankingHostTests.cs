using System.Text.Json;

namespace Hubs.SampleHost.Tests;

/// <summary>
/// <c>hubs import ranking</c> over the data pack's GII file as it is (every cluster of both editions, competitors included),
/// <c>hubs cluster alias</c>, and the report's Rankings section read from them.
/// </summary>
public sealed class RankingHostTests
{
    private static readonly string Gii = Path.Combine(RepoRoot(), "samples", "Hubs.SampleHost", "Data", "indicators", "gii_clusters.csv");

    [Fact]
    public async Task the_whole_gii_file_imports_one_entry_per_cluster_and_edition_and_a_reimport_writes_nothing()
    {
        var db = await TestDatabase.CreateAsync(nameof(the_whole_gii_file_imports_one_entry_per_cluster_and_edition_and_a_reimport_writes_nothing));
        // A place row per cluster and edition, some given twice by two sources: each pair is one entry.
        var entries = File.ReadAllLines(Gii).Skip(1).Where(l => l.Contains(",gii_cluster_rank,", StringComparison.Ordinal))
            .Select(l => l.Split(",gii_cluster_rank,")[0]).Distinct().Count();
        entries.ShouldBe(25, "the data pack holds 10 clusters of GII 2024 and 15 of GII 2025");

        var first = await HostProcess.RunAsync(db.Args("import", "ranking", Gii, "--json"));

        first.Code.ShouldBe(0, first.Err);
        using (var json = JsonDocument.Parse(first.Out))
            json.RootElement.GetProperty("import").GetProperty("commands").GetProperty("entry").GetInt32().ShouldBe(entries);
        (await db.EventCountAsync()).ShouldBe(entries, "one ranking_entry_recorded per cluster and edition, Tokyo–Yokohama and Seoul included");

        var again = await HostProcess.RunAsync(db.Args("import", "ranking", Gii));

        again.Code.ShouldBe(0, again.Err);
        again.Out.ShouldContain($"{entries} already recorded as given");
        again.Out.ShouldContain("Nothing written");
        (await db.EventCountAsync()).ShouldBe(entries, "a re-import should write nothing");
    }

    [Fact]
    public async Task the_report_names_who_is_ahead_of_each_hub_and_that_the_gba_overtook_tokyo_yokohama()
    {
        var db = await TestDatabase.CreateAsync(nameof(the_report_names_who_is_ahead_of_each_hub_and_that_the_gba_overtook_tokyo_yokohama));
        foreach (var (id, anchor, name) in new[] { ("greater-bay-area", "Shenzhen", "Shenzhen–Hong Kong–Guangzhou"), ("beijing-tianjin-hebei", "Beijing", "Beijing") })
        {
            (await HostProcess.RunAsync(db.Args("cluster", "establish", id, "--anchor-city", anchor, "--on", "2019-02-18"))).Code.ShouldBe(0);
            // Typed with a hyphen, as people do: WIPO prints an en dash.
            var alias = await HostProcess.RunAsync(db.Args("cluster", "alias", id, "--ranked-name", name.Replace('–', '-')));
            alias.Code.ShouldBe(0, alias.Err);
        }
        (await HostProcess.RunAsync(db.Args("import", "ranking", Gii))).Code.ShouldBe(0);

        var text = await HostProcess.RunAsync(db.Args("report", "--no-verify"));
        var json = await HostProcess.RunAsync(db.Args("report", "--no-verify", "--json"));
        var before2025 = await HostProcess.RunAsync(db.Args("report", "--no-verify", "--known-at", "2025-06-30", "--json"));

        text.Code.ShouldBe(0, text.Err);
        // Read with the console's line wrapping undone.
        var said = System.Text.RegularExpressions.Regex.Replace(text.Out, @"\s+", " ");
        said.ShouldContain("greater-bay-area GII 2025: Shenzhen–Hong Kong–Guangzhou #1 ahead of its best: none overtook since 2024: Tokyo–Yokohama");
        said.ShouldContain("beijing-tianjin-hebei GII 2025: Beijing #4 ahead of its best: Shenzhen–Hong Kong–Guangzhou #1, Tokyo–Yokohama #2, San Jose–San Francisco #3");
        using var report = JsonDocument.Parse(json.Out);
        var rankings = report.RootElement.GetProperty("rankings");
        rankings.GetProperty("editions").EnumerateArray().Select(e => (e.GetProperty("edition").GetInt32(), e.GetProperty("entries").GetArrayLength()))
            .ShouldBe([(2024, 10), (2025, 15)], "every edition, every cluster it printed");
        var gba = Hub(rankings, "greater-bay-area");
        gba.GetProperty("ahead").GetArrayLength().ShouldBe(0);
        gba.GetProperty("overtook").EnumerateArray().Select(o => o.GetString()).ShouldBe(["Tokyo–Yokohama"]);
        gba.GetProperty("history").EnumerateArray().Select(h => (h.GetProperty("edition").GetInt32(), h.GetProperty("place").GetString()))
            .ShouldBe([(2024, "2"), (2025, "1")]);
        var bth = Hub(rankings, "beijing-tianjin-hebei");
        bth.GetProperty("overtook").GetArrayLength().ShouldBe(0, "Beijing fell from 3 to 4: it overtook no one");

        // Known at mid-2025, only the 2024 edition was out: Tokyo–Yokohama was the one cluster ahead of the GBA's best.
        before2025.Code.ShouldBe(0, before2025.Err);
        using var early = JsonDocument.Parse(before2025.Out);
        var gbaEarly = Hub(early.RootElement.GetProperty("rankings"), "greater-bay-area");
        gbaEarly.GetProperty("latest-edition").GetInt32().ShouldBe(2024);
        gbaEarly.GetProperty("ahead").EnumerateArray().Select(a => a.GetProperty("ranked-name").GetString()).ShouldBe(["Tokyo–Yokohama"]);
    }

    [Fact]
    public async Task a_bad_row_is_refused_with_its_line_and_column_and_nothing_is_written()
    {
        var db = await TestDatabase.CreateAsync(nameof(a_bad_row_is_refused_with_its_line_and_column_and_nothing_is_written));
        var bad = Path.Combine(Path.GetTempPath(), $"gii-bad-{Guid.NewGuid():N}.csv");
        await File.WriteAllLinesAsync(bad, [
            "scope,year,indicator,value,unit,published_on,publisher,document,status",
            "Tokyo–Yokohama (JP),2026,gii_cluster_rank,1,rank (1 = largest),2026-09-01,WIPO,GII 2026,official",
            "Seoul,2026,gii_cluster_rank,2,rank (1 = largest),2026-09-01,WIPO,GII 2026,official",
            "Paris (FR),2026,gii_cluster_rank,first,rank (1 = largest),2026-09-01,WIPO,GII 2026,official",
            "London (GB),2026,gii_cluster_rank,3,rank (1 = largest),2026-09-01,WIPO,GII 2026,official",
            "London (GB),2026,gii_cluster_rank,4,rank (1 = largest),2026-09-02,AFP,report,secondary",
        ]);
        try
        {
            var rejected = await HostProcess.RunAsync(db.Args("import", "ranking", bad));

            rejected.Code.ShouldBe(1, rejected.Err);
            var name = Path.GetFileName(bad);
            rejected.Err.ShouldContain($"{name}:3: scope='Seoul'");
            rejected.Err.ShouldContain("[no-economy]");
            rejected.Err.ShouldContain($"{name}:4: value='first'");
            rejected.Err.ShouldContain("[invalid-place]");
            rejected.Err.ShouldContain($"{name}:6: value='4'");
            rejected.Err.ShouldContain("[ranking-entry-differs]");
            rejected.Err.ShouldNotContain($"{name}:2:");
            (await db.EventCountAsync()).ShouldBe(0, "a rejected file writes nothing, not even its good rows");
        }
        finally
        {
            File.Delete(bad);
        }
    }

    [Fact]
    public async Task a_ranked_name_not_recorded_cannot_be_removed()
    {
        var db = await TestDatabase.CreateAsync(nameof(a_ranked_name_not_recorded_cannot_be_removed));
        (await HostProcess.RunAsync(db.Args("cluster", "establish", "yangtze-river-delta", "--anchor-city", "Shanghai", "--on", "2016-04-12"))).Code.ShouldBe(0);
        (await HostProcess.RunAsync(db.Args("cluster", "alias", "yangtze-river-delta", "--ranked-name", "Hangzhou"))).Code.ShouldBe(0);

        var removed = await HostProcess.RunAsync(db.Args("cluster", "unalias", "yangtze-river-delta", "--ranked-name", "Wuhan", "--reason", "not in the YRD"));

        removed.Code.ShouldBe(1, removed.Err);
        (removed.Out + removed.Err).ShouldContain("--ranked-name='Wuhan'");
        (removed.Out + removed.Err).ShouldContain("[alias-not-recorded]");
    }

    private static JsonElement Hub(JsonElement rankings, string id) =>
        rankings.GetProperty("hubs").EnumerateArray().Single(h => h.GetProperty("cluster-id").GetString() == id).GetProperty("rankings")[0];

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Hubs.EventSourcing.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("repository root (Hubs.EventSourcing.sln) not found");
    }
}
