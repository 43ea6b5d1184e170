using System.Text.Json;
using Npgsql;

namespace Hubs.SampleHost.Tests;

/// <summary>The demo is loaded once; report, leaderboard, replay and export read it; verify is tested last on a copy.</summary>
public sealed class AuditAndReportTests
{
    private static readonly Lazy<Task<TestDatabase>> Loaded = new(async () =>
    {
        var db = await TestDatabase.CreateAsync(nameof(AuditAndReportTests));
        var demo = await HostProcess.RunAsync(db.Args("demo"));
        demo.Code.ShouldBe(0, demo.Err);
        return db;
    });

    [Fact]
    public async Task report_json_has_the_documented_shape_with_three_scorecards_and_statuses()
    {
        var db = await Loaded.Value;

        var run = await HostProcess.RunAsync(db.Args("report", "--json"));

        run.Code.ShouldBe(0, run.Err);
        using var json = JsonDocument.Parse(run.Out);
        var root = json.RootElement;
        root.EnumerateObject().Select(p => p.Name).ShouldBe(["as-of", "known-at", "verification", "composite-basis", "clusters", "regions", "exchange-rates", "indicators", "rankings"]);
        var clusters = root.GetProperty("clusters").EnumerateArray().ToList();
        clusters.Select(c => c.GetProperty("id").GetString()).ShouldBe(["beijing-tianjin-hebei", "greater-bay-area", "yangtze-river-delta"]);
        clusters[0].EnumerateObject().Select(p => p.Name)
            .ShouldBe(["id", "name", "scope", "members", "counted-members", "excluded-from-composite", "composite-coverage", "rd-intensity", "ranks",
                "targets", "enterprises"]);
        var target = clusters[0].GetProperty("targets")[0];
        target.EnumerateObject().Select(p => p.Name)
            .ShouldBe(["metric", "ranking", "target", "deadline", "latest-year", "latest", "projected", "required-annual-change", "status", "basis"]);
        target.GetProperty("basis").EnumerateObject().Select(p => p.Name).ShouldBe([
            "series", "method", "members", "years-used", "latest-complete-year", "excluded-years", "projected", "required-annual-change", "reason", "placements"]);

        // No status from a partial year: each R&D target names the years it used, none of them partial, and the partial 2024.
        foreach (var c in clusters)
        {
            var partial = c.GetProperty("rd-intensity").EnumerateArray().Where(y => y.GetProperty("method").GetString() == "partial")
                .Select(y => y.GetProperty("year").GetInt32()).ToList();
            var rd = c.GetProperty("targets").EnumerateArray().Single(t => t.GetProperty("metric").GetString() == "rd-intensity").GetProperty("basis");
            var used = rd.GetProperty("years-used").EnumerateArray().Select(y => y.GetInt32()).ToList();
            used.ShouldNotBeEmpty(c.GetProperty("id").GetString());
            used.Intersect(partial).ShouldBeEmpty(c.GetProperty("id").GetString());
            rd.GetProperty("method").GetString().ShouldBe("weighted");
            rd.GetProperty("excluded-years").EnumerateArray().ShouldContain(x => x.GetProperty("year").GetInt32() == 2024 && x.GetProperty("kind").GetString() == "partial");
        }
        var gba = clusters.Single(c => c.GetProperty("id").GetString() == "greater-bay-area");
        gba.GetProperty("composite-coverage").GetString()!.ShouldStartWith("over 2 of 3 members — macao excluded by analyst:li on ");
        root.GetProperty("exchange-rates").GetArrayLength().ShouldBe(10);
        clusters.SelectMany(c => c.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("status").GetString())
            .ShouldAllBe(s => s == "achieved" || s == "on-track" || s == "at-risk" || s == "off-track" || s == "insufficient-data" || s == "missed");
        var bth2019 = clusters[0].GetProperty("rd-intensity")[0];
        (bth2019.GetProperty("year").GetInt32(), bth2019.GetProperty("method").GetString(), bth2019.GetProperty("coverage").GetInt32())
            .ShouldBe((2019, "weighted", 3));
        var beijing = root.GetProperty("regions").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "beijing");
        beijing.GetProperty("rd-intensity").EnumerateArray().Last().GetProperty("value").GetDecimal().ShouldBe(6.58m);
        // The demo records the hubs' ranked names and imports both GII editions whole: the JSON lists every edition.
        var rankings = root.GetProperty("rankings");
        rankings.GetProperty("editions").EnumerateArray().Select(e => $"{e.GetProperty("ranking").GetString()} {e.GetProperty("edition").GetInt32()}")
            .ShouldBe(["GII 2024", "GII 2025"]);
        var gbaRanking = rankings.GetProperty("hubs").EnumerateArray().Single(h => h.GetProperty("cluster-id").GetString() == "greater-bay-area")
            .GetProperty("rankings")[0];
        gbaRanking.GetProperty("overtook").EnumerateArray().Select(o => o.GetString()).ShouldBe(["Tokyo–Yokohama"]);
    }

    [Fact]
    public async Task a_report_narrowed_to_one_cluster_by_name_holds_only_that_cluster_its_members_and_an_unknown_one_is_refused()
    {
        var db = await Loaded.Value;

        var run = await HostProcess.RunAsync(db.Args("report", "--cluster", "greater bay area", "--json"));

        run.Code.ShouldBe(0, run.Err);
        using (var json = JsonDocument.Parse(run.Out))
        {
            var root = json.RootElement;
            root.GetProperty("clusters").EnumerateArray().Select(c => c.GetProperty("id").GetString()).ShouldBe(["greater-bay-area"]);
            var members = root.GetProperty("clusters")[0].GetProperty("members").EnumerateArray().Select(m => m.GetString()).ToList();
            var regions = root.GetProperty("regions").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
            regions.ShouldNotBeEmpty();
            regions.ShouldAllBe(r => members.Contains(r), "only the cluster's own regions are listed");
            regions.ShouldNotContain("beijing");
            root.GetProperty("indicators").GetProperty("clusters").EnumerateArray()
                .Select(c => c.GetProperty("scope-id").GetString()).ShouldBe(["greater-bay-area"]);
        }
        var text = await HostProcess.RunAsync(db.Args("report", "--cluster", "greater-bay-area", "--no-verify"));
        text.Code.ShouldBe(0, text.Err);
        text.Out.ShouldContain("greater-bay-area");
        text.Out.ShouldContain("hong-kong");
        // Each indicator by its own rule (money in CNY 100m, a percentage with the catalogue's decimals), not 467,075,528,200 and 3.0489.
        text.Out.ShouldContain("rd_expenditure_total: 4,670.8 CNY 100m (2022");
        text.Out.ShouldContain("rd_intensity: 3.05% (2022");
        text.Out.ShouldNotContain("beijing-tianjin-hebei");
        text.Out.ShouldNotContain("shanghai");

        var unknown = await HostProcess.RunAsync(db.Args("report", "--cluster", "atlantis"));

        unknown.Code.ShouldBe(2, unknown.Err);
        unknown.Err.ShouldContain("--cluster 'atlantis': no cluster has that id or name; known: beijing-tianjin-hebei, greater-bay-area, yangtze-river-delta");
    }

    [Fact]
    public async Task the_2024_leaderboard_puts_beijing_shanghai_and_guangdong_on_top()
    {
        var db = await Loaded.Value;

        var run = await HostProcess.RunAsync(db.Args("leaderboard", "--year", "2024", "--json"));

        run.Code.ShouldBe(0, run.Err);
        using var json = JsonDocument.Parse(run.Out);
        json.RootElement.GetProperty("entries").EnumerateArray().Take(3).Select(e => e.GetProperty("region-id").GetString())
            .ShouldBe(["beijing", "shanghai", "guangdong"]);
    }

    [Fact]
    public async Task replay_at_a_version_shows_the_earlier_state()
    {
        var db = await Loaded.Value;

        var run = await HostProcess.RunAsync(db.Args("replay", "beijing", "--version", "1", "--json"));

        run.Code.ShouldBe(0, run.Err);
        using var json = JsonDocument.Parse(run.Out);
        json.RootElement.GetProperty("version").GetInt64().ShouldBe(1);
        json.RootElement.GetProperty("state").GetProperty("figures").EnumerateObject().ShouldBeEmpty("version 1 is the registration only");
        json.RootElement.GetProperty("state").GetProperty("cluster-id").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task export_writes_one_json_line_per_event_with_its_hash()
    {
        var db = await Loaded.Value;
        var file = Path.Combine(Path.GetTempPath(), $"hubs-export-{Guid.NewGuid():N}.jsonl");
        try
        {
            var run = await HostProcess.RunAsync(db.Args("export", "--all", "--format", "jsonl", "--out", file));

            run.Code.ShouldBe(0, run.Err);
            var lines = await File.ReadAllLinesAsync(file);
            lines.Length.ShouldBe((int)await db.EventCountAsync());
            lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("hash").GetString()!.Length).ShouldAllBe(n => n == 64);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task a_report_known_at_an_earlier_date_and_a_diff_between_dates_show_what_was_published_when()
    {
        var db = await Loaded.Value;

        var report = await HostProcess.RunAsync(db.Args("report", "--known-at", "2022-12-31", "--json"));
        var diff = await HostProcess.RunAsync(db.Args("diff", "--known-from", "2022-12-31", "--known-to", "2023-12-31", "--json"));

        report.Code.ShouldBe(0, report.Err);
        using var r = JsonDocument.Parse(report.Out);
        r.RootElement.GetProperty("known-at").GetString().ShouldBe("2022-12-31");
        var beijing = r.RootElement.GetProperty("regions").EnumerateArray().Single(x => x.GetProperty("id").GetString() == "beijing");
        beijing.GetProperty("rd-intensity").EnumerateArray().Last().GetProperty("year").GetInt32().ShouldBe(2021, "the 2022 communique came out in September 2023");
        diff.Code.ShouldBe(0, diff.Err);
        using var d = JsonDocument.Parse(diff.Out);
        var change = d.RootElement.GetProperty("changes").EnumerateArray()
            .Single(c => c.GetProperty("subject").GetString() == "region:beijing" && c.GetProperty("item").GetString() == "2022");
        change.GetProperty("after").GetString().ShouldBe("6.83");
        change.GetProperty("causes")[0].GetProperty("event-type").GetString().ShouldBe("rd_intensity_reported");
    }

    [Theory]
    [InlineData("report")]
    [InlineData("history", "region:beijing")]
    [InlineData("diff", "--from", "2020-01-01", "--to", "2099-12-31")]
    [InlineData("leaderboard", "--year", "2022")]
    [InlineData("replay", "cluster:greater-bay-area", "--version", "9")]
    public async Task at_60_columns_no_line_is_wider_and_no_id_is_split(params string[] command)
    {
        var db = await Loaded.Value;
        var ids = new[] { "beijing-tianjin-hebei", "greater-bay-area", "yangtze-river-delta", "hong-kong", "guangdong", "zhejiang", "region:beijing" };

        var wide = await HostProcess.RunAsync(db.Args(command));
        var narrow = await HostProcess.RunAsync(db.Args(command), new Dictionary<string, string> { ["COLUMNS"] = "60" });

        wide.Code.ShouldBe(0, wide.Err);
        narrow.Code.ShouldBe(0, narrow.Err);
        narrow.Out.Split('\n').Where(l => l.TrimEnd().Length > 60).ShouldBeEmpty();
        wide.Out.Split('\n').Any(l => l.TrimEnd().Length > 60).ShouldBeTrue("the wide run is the comparison: it must have lines over 60 columns");
        // Every id is printed as often, whole, as in the unwrapped output: a narrow layout moves ids, never cuts them.
        foreach (var id in ids)
            Occurrences(narrow.Out, id).ShouldBe(Occurrences(wide.Out, id), $"'{id}' in the 60-column output of hubs {string.Join(' ', command)}");
    }

    private static int Occurrences(string text, string id) =>
        System.Text.RegularExpressions.Regex.Matches(text, $@"(?<![\w:-]){System.Text.RegularExpressions.Regex.Escape(id)}(?![\w-])").Count;

    [Fact]
    public async Task verify_passes_then_fails_with_exit_code_3_and_the_location_after_tampering()
    {
        var db = await TestDatabase.CreateAsync(nameof(verify_passes_then_fails_with_exit_code_3_and_the_location_after_tampering));
        (await HostProcess.RunAsync(db.Args("demo"))).Code.ShouldBe(0);

        var digest = Path.Combine(Path.GetTempPath(), $"hubs-digest-{Guid.NewGuid():N}.json");
        var clean = await HostProcess.RunAsync(db.Args("verify", "--save-digest", digest));
        clean.Code.ShouldBe(0, clean.Out + clean.Err);
        clean.Out.ShouldContain("Intact:");
        clean.Out.ShouldContain($"Digest saved to {digest}");
        clean.Out.ShouldNotContain("INTEGRITY FAILURE");
        var matched = await HostProcess.RunAsync(db.Args("verify", "--digest", digest));
        matched.Code.ShouldBe(0, matched.Out + matched.Err);
        matched.Out.ShouldContain($"Matches the saved digest {digest}");
        matched.Out.ShouldNotContain("INTEGRITY FAILURE");

        await using (var conn = new NpgsqlConnection(db.ConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand(
                $"update {db.Schema}.mt_events set data = jsonb_set(data, '{{intensityPct}}', '9.99') where stream_id = 'region:beijing' and version = 2", conn);
            (await cmd.ExecuteNonQueryAsync()).ShouldBe(1);
        }

        var tampered = await HostProcess.RunAsync(db.Args("verify"));
        tampered.Code.ShouldBe(3, tampered.Out + tampered.Err);
        tampered.Out.ShouldContain("region:beijing v2");
        tampered.Out.ShouldContain("INTEGRITY FAILURE");
        tampered.Out.ShouldNotContain("Intact");
        var against = await HostProcess.RunAsync(db.Args("verify", "--digest", digest));
        against.Code.ShouldBe(3, against.Out + against.Err);
        against.Out.ShouldContain("INTEGRITY FAILURE");
        against.Out.ShouldNotContain("Matches the saved digest");
        File.Delete(digest);
    }
}
