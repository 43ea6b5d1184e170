using System.Text.Json;
using Hubs.EventSourcing;
using Hubs.EventSourcing.Indicators;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Hubs.SampleHost.Tests;

/// <summary>
/// <c>hubs import figures</c> over two files of the official data pack, as they are: every row the catalogue tracks is
/// recorded, every other row is listed as skipped with its reason, and the figures read back give the numbers computed
/// here from the same files.
/// </summary>
public sealed class ImportFiguresTests
{
    private static readonly string DataDir = Path.Combine(RepoRoot(), "samples", "Hubs.SampleHost", "Data", "indicators");
    private static readonly string[] Yrd = ["shanghai", "jiangsu", "zhejiang", "anhui"];
    private static readonly (string Id, string Kind)[] Regions =
    [
        ("china", "country"), ("beijing", "municipality"), ("tianjin", "municipality"), ("hebei", "province"), ("shanghai", "municipality"),
        ("jiangsu", "province"), ("zhejiang", "province"), ("anhui", "province"), ("guangdong", "province"),
    ];

    [Fact]
    public async Task the_data_pack_imports_as_it_is_and_reads_back_to_the_numbers_of_the_files()
    {
        var db = await TestDatabase.CreateAsync(nameof(the_data_pack_imports_as_it_is_and_reads_back_to_the_numbers_of_the_files));
        foreach (var (id, kind) in Regions)
            (await HostProcess.RunAsync(db.Args("region", "register", id, "--kind", kind))).Code.ShouldBe(0);
        var basic = Path.Combine(DataDir, "basic_research.csv");
        var contracts = Path.Combine(DataDir, "tech_contracts.csv");

        var first = await HostProcess.RunAsync(db.Args("import", "figures", basic, "--json"));
        var second = await HostProcess.RunAsync(db.Args("import", "figures", contracts, "--skip-unknown-scopes", "--json"));

        first.Code.ShouldBe(0, first.Err);
        second.Code.ShouldBe(0, second.Err);
        // basic_research.csv: the catalogue tracks basic research, its published share and R&D expenditure; applied and
        // experimental development and the two preliminary rows are not catalogue indicators; the derived shares are
        // not published figures.
        var rows = Rows(basic);
        var tracked = new[] { "basic_research_expenditure", "basic_research_share_of_rd", "rd_expenditure_total" };
        var skippedFirst = Skipped(first.Out);
        skippedFirst.Count(s => s.Reason.StartsWith("derived", StringComparison.Ordinal)).ShouldBe(rows.Count(r => r.Status.StartsWith("derived", StringComparison.Ordinal)));
        skippedFirst.Count(s => s.Reason.EndsWith("is not in the catalogue", StringComparison.Ordinal))
            .ShouldBe(rows.Count(r => !tracked.Contains(r.Key) && !r.Status.StartsWith("derived", StringComparison.Ordinal)));
        Commands(first.Out).ShouldBe(rows.Count(r => tracked.Contains(r.Key) && !r.Status.StartsWith("derived", StringComparison.Ordinal)));

        // tech_contracts.csv: only tech_contract_value is a catalogue indicator; Jiangsu's "> 3800" is recorded as over 3800;
        // the source's regional aggregates (Jing-Jin-Ji, YRD) name no cluster of this store.
        var contractRows = Rows(contracts);
        var skippedSecond = Skipped(second.Out);
        skippedSecond.Count(s => s.Reason.StartsWith("scope", StringComparison.Ordinal))
            .ShouldBe(contractRows.Count(r => r.Key == "tech_contract_value" && r.Scope.EndsWith("(region)", StringComparison.Ordinal)));

        await using var provider = Library(db);
        var queries = provider.GetRequiredService<HubsQueries>();
        async Task<ScopeIndicators> StateOf(string id) =>
            (await queries.GetStateAsync<ScopeIndicators>(ScopeIndicators.StreamKey(ScopeKind.Region, id)))!;

        // YRD basic-research share 2018–2023 = Σ basic ÷ Σ R&D over the four members, yearbook (万元) rows.
        var members = new Dictionary<string, ScopeIndicators>();
        foreach (var id in Yrd) members[id] = await StateOf(id);
        var card = Scorecards.ForCluster(new ScopeIndicators { Scope = ScopeKind.Cluster, ScopeId = "yrd" }, Yrd, members, (_, _) => null, 2025);
        var share = card.Indicators.Single(l => l.Indicator == "basic_research_share_of_rd");
        foreach (var year in Enumerable.Range(2018, 6))
        {
            decimal Sum(string key) => rows.Where(r => r.Key == key && r.Year == year && r.Unit == "万元" && Yrd.Contains(r.Scope.ToLowerInvariant()))
                .Sum(r => decimal.Parse(r.Value, System.Globalization.CultureInfo.InvariantCulture));
            var expected = 100m * Sum("basic_research_expenditure") / Sum("rd_expenditure_total");
            share.Series.Single(p => p.Year == year).Value.ShouldBe(expected, $"YRD {year}");
        }

        // Beijing's technology-contract turnover: every bulletin row, in yuan.
        var beijing = (await StateOf("beijing")).Figures().Where(f => f.Indicator == "tech_contract_value").ToList();
        var printed = contractRows.Where(r => r.Scope == "Beijing" && r.Key == "tech_contract_value").ToList();
        beijing.Count.ShouldBe(printed.Count);
        foreach (var r in printed)
            beijing.ShouldContain(f => f.Year == r.Year && f.Value == decimal.Parse(r.Value, System.Globalization.CultureInfo.InvariantCulture) && f.Unit == "CNY 100m");

        // China's R&D growth > 7 % a year 2021–2025, on the yearbook series: rate so far from 2020 to 2023.
        await provider.GetRequiredService<HubsCommands>().SendAsync(new SetIndicatorTarget(ScopeKind.Region, "china",
            new IndicatorTarget("fyp14-rd-growth", "rd_expenditure_total", TargetKind.CompoundGrowth, TargetComparison.Above, 7m, 2025, 2021, null,
                "14th Five-Year Plan (2021-03-12)", TargetMark.Official)), CommandContext.New("test", "14th FYP target", "plan"));
        var china = Scorecards.ForScope(await StateOf("china"), 2025).Targets.Single();
        decimal Rd(int year) => decimal.Parse(rows.Single(r => r.Scope == "China" && r.Key == "rd_expenditure_total" && r.Year == year).Value,
            System.Globalization.CultureInfo.InvariantCulture);
        var rate = Math.Round((decimal)(Math.Pow((double)(Rd(2023) / Rd(2020)), 1.0 / 3) - 1) * 100, 4);
        (china.Status, china.Basis.RateSoFar).ShouldBe((IndicatorTargetStatus.MetSoFar, rate));
    }

    [Fact]
    public async Task the_indicator_report_json_has_the_documented_kebab_case_shape()
    {
        var db = await TestDatabase.CreateAsync(nameof(the_indicator_report_json_has_the_documented_kebab_case_shape));
        foreach (var (id, kind) in Regions)
            (await HostProcess.RunAsync(db.Args("region", "register", id, "--kind", kind))).Code.ShouldBe(0);
        (await HostProcess.RunAsync(db.Args("import", "figures", Path.Combine(DataDir, "basic_research.csv")))).Code.ShouldBe(0);
        var set = await HostProcess.RunAsync(db.Args("indicators", "target", "set", "fyp14-rd-growth", "--region", "china",
            "--indicator", "rd_expenditure_total", "--kind", "compound-growth", "--comparison", "above", "--value", "8", "--from", "2021", "--year", "2025",
            "--document", "14th Five-Year Plan"));
        var revised = await HostProcess.RunAsync(db.Args("indicators", "target", "revise", "fyp14-rd-growth", "--region", "china",
            "--indicator", "rd_expenditure_total", "--kind", "compound-growth", "--comparison", "above", "--value", "7", "--from", "2021", "--year", "2025",
            "--document", "14th Five-Year Plan", "--reason", "the plan says 7 %"));
        var unreasoned = await HostProcess.RunAsync(db.Args("indicators", "target", "withdraw", "fyp14-rd-growth", "--region", "china"));
        (set.Code, revised.Code).ShouldBe((0, 0), set.Err + revised.Err);
        unreasoned.Code.ShouldNotBe(0, "a withdrawal needs a reason");

        var report = await HostProcess.RunAsync(db.Args("indicators", "report", "--year", "2025", "--json"));
        var board = await HostProcess.RunAsync(db.Args("indicators", "leaderboard", "--indicator", "basic_research_share_of_rd", "--year", "2025", "--json"));

        report.Code.ShouldBe(0, report.Err);
        using (var doc = JsonDocument.Parse(report.Out))
        {
            var root = doc.RootElement;
            root.EnumerateObject().Select(p => p.Name).ShouldBe(["current-year", "known-at", "clusters", "nation", "regions", "region-names"]);
            var nation = root.GetProperty("nation").EnumerateArray().Single();
            nation.GetProperty("scope-id").GetString().ShouldBe("china");
            var line = nation.GetProperty("indicators").EnumerateArray().First();
            line.EnumerateObject().Select(p => p.Name).ShouldBe(
                ["indicator", "label", "source-label", "latest-complete-year", "latest", "method", "coverage", "member-count", "series", "other-definitions"]);
            root.GetProperty("regions").GetArrayLength().ShouldBe(8, "the eight provinces and municipalities, the nation apart");
            var target = nation.GetProperty("targets").EnumerateArray().Single();
            (target.GetProperty("status").GetString(), target.GetProperty("target").GetProperty("value").GetDecimal()).ShouldBe(("met-so-far", 7m));
            target.GetProperty("target").GetProperty("mark").GetString().ShouldBe("official");
        }
        board.Code.ShouldBe(0, board.Err);
        using (var doc = JsonDocument.Parse(board.Out))
        {
            var entries = doc.RootElement.GetProperty("entries").EnumerateArray().ToList();
            entries.Count.ShouldBe(8);
            // Beijing leads: 2023 basic research 4,723,226 ÷ R&D 29,470,733 = 16.03 % (computed from its own amounts).
            entries[0].GetProperty("region-id").GetString().ShouldBe("beijing");
        }

        // The same scorecards in `report`, beside the R&D-intensity trackers, and `leaderboard --indicator` as the alias's twin.
        var full = await HostProcess.RunAsync(db.Args("report", "--year", "2025", "--json", "--no-verify"));
        var ranked = await HostProcess.RunAsync(db.Args("leaderboard", "--indicator", "basic_research_share_of_rd", "--json", "--no-verify"));
        full.Code.ShouldBe(0, full.Err);
        using (var doc = JsonDocument.Parse(full.Out))
        {
            var indicators = doc.RootElement.GetProperty("indicators");
            indicators.EnumerateObject().Select(p => p.Name).ShouldBe(["current-year", "clusters", "nation", "regions"]);
            var target = indicators.GetProperty("nation").EnumerateArray().Single().GetProperty("targets").EnumerateArray().Single();
            (target.GetProperty("status").GetString(), target.GetProperty("target").GetProperty("mark").GetString()).ShouldBe(("met-so-far", "official"));
            target.GetProperty("basis").GetProperty("rate-so-far").GetDecimal().ShouldBeGreaterThan(7m, "the basis travels with the status");
        }
        ranked.Code.ShouldBe(0, ranked.Err);
        using (var doc = JsonDocument.Parse(ranked.Out))
            doc.RootElement.GetProperty("entries").EnumerateArray().First().GetProperty("region-id").GetString().ShouldBe("beijing");
    }

    [Fact]
    public async Task a_file_with_a_bad_row_is_refused_whole_with_the_line_and_nothing_is_written()
    {
        var db = await TestDatabase.CreateAsync(nameof(a_file_with_a_bad_row_is_refused_whole_with_the_line_and_nothing_is_written));
        (await HostProcess.RunAsync(db.Args("region", "register", "beijing", "--kind", "municipality"))).Code.ShouldBe(0);
        var before = await db.EventCountAsync();
        var file = Path.Combine(Directory.CreateTempSubdirectory("hubs-figures-").FullName, "bad.csv");
        await File.WriteAllLinesAsync(file,
        [
            "scope,year,indicator,value,unit,published_on,publisher,document,status",
            "Beijing,2023,tech_contract_value [认定登记技术合同成交额],8536.9,亿元,2024-01-19,北京市科委,bulletin,official",
            "Beijing,2022,tech_contract_value [技术合同成交额],lots,亿元,2023-01,北京市科委,bulletin,official",
            "Atlantis,2022,tech_contract_value [技术合同成交额],1,亿元,2023-01,x,y,official",
            "Beijing,2021,tech_contract_value [技术合同成交额],7005.7,斤,2022-01,北京市科委,bulletin,official",
        ]);

        var result = await HostProcess.RunAsync(db.Args("import", "figures", file));

        result.Code.ShouldNotBe(0);
        foreach (var expected in new[] { "bad.csv:3", "bad.csv:4", "bad.csv:5", "unknown-scope", "unknown-unit", "not-a-number" })
            (result.Out + result.Err).ShouldContain(expected);
        (await db.EventCountAsync()).ShouldBe(before, "nothing is written when any row is wrong");
    }

    [Fact]
    public async Task the_demo_records_the_official_targets_and_the_report_judges_them()
    {
        var db = await TestDatabase.CreateAsync(nameof(the_demo_records_the_official_targets_and_the_report_judges_them));
        (await HostProcess.RunAsync(db.Args("demo", "--json"))).Code.ShouldBe(0);

        var report = await HostProcess.RunAsync(db.Args("indicators", "report", "--year", "2025", "--json"));

        report.Code.ShouldBe(0, report.Err);
        using var doc = JsonDocument.Parse(report.Out);
        var statuses = doc.RootElement.GetProperty("nation").EnumerateArray().Concat(doc.RootElement.GetProperty("regions").EnumerateArray())
            .SelectMany(c => c.GetProperty("targets").EnumerateArray()
                .Select(t => $"{c.GetProperty("scope-id").GetString()}/{t.GetProperty("target").GetProperty("id").GetString()}={t.GetProperty("status").GetString()}"))
            .Order(StringComparer.Ordinal).ToList();
        statuses.ShouldContain("china/fyp14-rd-growth=met-so-far");
        statuses.ShouldContain("china/fyp14-basic-share=off-track");
        doc.RootElement.GetProperty("nation").EnumerateArray().Single().GetProperty("targets").EnumerateArray()
            .ShouldAllBe(t => t.GetProperty("target").GetProperty("mark").GetString() == "official");
    }

    private sealed record Row(string Scope, int Year, string Key, string Value, string Unit, string Status);

    private static List<Row> Rows(string path) =>
        File.ReadAllLines(path).Skip(1).Where(l => l.Length > 0).Select(Split).Select(f =>
            new Row(f[0], int.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture), f[2].Split(" [")[0].Trim(), f[3], f[4], f[8])).ToList();

    /// <summary>A CSV line's fields (quoted fields may hold commas and doubled quotes).</summary>
    private static string[] Split(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
            else if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return [.. fields];
    }

    private static List<(int Line, string Reason)> Skipped(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("skipped").EnumerateArray()
            .Select(s => (s.GetProperty("line").GetInt32(), s.GetProperty("reason").GetString()!)).ToList();
    }

    private static int Commands(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("import").GetProperty("commands").EnumerateObject().Sum(p => p.Value.GetInt32());
    }

    private static ServiceProvider Library(TestDatabase db)
    {
        var services = new ServiceCollection();
        services.AddMarten(o =>
        {
            o.Connection(db.ConnectionString);
            o.DatabaseSchemaName = db.Schema;
        });
        services.AddHubsEventSourcing();
        return services.BuildServiceProvider();
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Hubs.EventSourcing.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("repository root (Hubs.EventSourcing.sln) not found");
    }
}
