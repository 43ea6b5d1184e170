using System.Text.Json;

namespace Hubs.SampleHost.Tests;

/// <summary>
/// <c>hubs import rd</c> of a file of publications (publisher, document, status): an earlier communiqué imported after a later
/// quote is recorded, not refused, and the composite keeps its weights. Real rows: Guangdong's and Hong Kong's 2022 figures from
/// Data/ (NBS 2022 communiqué, C&amp;SD) and the indicative 2022 rate; the Xinhua line is a stand-in quote of the NBS figure,
/// as in the library's PublicationTrackingTests (the shared data holds no 2024 regional expenditure).
/// </summary>
public sealed class PublicationImportHostTests : IDisposable
{
    private const string Header = "region,year,rd_intensity_pct,rd_expenditure,expenditure_unit,published_on,publisher,document,status";
    private const string Nbs = "guangdong,2022,3.42,4411.9,CNY 100m,2023-09-18,NBS,2022 Statistical Communique on National Expenditure on Science and Technology,official";
    private const string Quote = "guangdong,2022,3.42,,,2026-01-14,Xinhua,stand-in quote of the NBS figure,secondary copy of official bulletin";

    private readonly string _dir = Directory.CreateTempSubdirectory("hubs-publications-").FullName;

    [Fact]
    public async Task an_nbs_communique_imported_after_a_later_quote_is_recorded_and_the_composite_becomes_weighted()
    {
        var db = await GreaterBayAreaAsync(nameof(an_nbs_communique_imported_after_a_later_quote_is_recorded_and_the_composite_becomes_weighted));
        (await Import(db, Csv("xinhua.csv", Header, Quote))).Code.ShouldBe(0);
        var before = await Composite2022Async(db);
        before.Method.ShouldBe("mean", "a quote without expenditure leaves the composite unweighted");

        var nbs = await Import(db, Csv("nbs.csv", Header, Nbs), "--json");

        nbs.Code.ShouldBe(0, nbs.Err);
        nbs.Err.ShouldNotContain("revision-not-later");
        using (var summary = JsonDocument.Parse(nbs.Out))
            summary.RootElement.GetProperty("commands").GetProperty("publication").GetInt32().ShouldBe(1, "the earlier communiqué is recorded");
        var after = await Composite2022Async(db);
        after.Method.ShouldBe("weighted", "the communiqué lends its expenditure to the quote of the same figure");
        // ΣR&D/ΣGDP in CNY 100m: (4411.9 + 30138 × 0.8589 / 100) / (4411.9 / 0.0342 + 30138 × 0.8589 / 100 / 0.0107) = 3.0489 %,
        // the figure the demo shows for its 2022 (where both come from the data files).
        after.Value.ShouldBe(3.0489m);
    }

    [Fact]
    public async Task as_known_at_the_communique_s_day_the_report_shows_its_figure_with_its_expenditure_and_publisher()
    {
        var db = await GreaterBayAreaAsync(nameof(as_known_at_the_communique_s_day_the_report_shows_its_figure_with_its_expenditure_and_publisher));
        (await Import(db, Csv("both.csv", Header, Quote, Nbs))).Code.ShouldBe(0);

        var known = await Guangdong2022Async(db, "--known-at", "2025-09-29");
        var now = await Guangdong2022Async(db);

        known.GetProperty("expenditure").GetDecimal().ShouldBe(4411.9m);
        known.GetProperty("published-on").GetString().ShouldBe("2023-09-18");
        known.GetProperty("source").GetString().ShouldNotBeNull().ShouldStartWith("NBS, ");
        now.GetProperty("source").GetString().ShouldNotBeNull().ShouldStartWith("Xinhua, ", customMessage: "the later quote is in use today");
        now.GetProperty("expenditure-from").GetString().ShouldNotBeNull().ShouldStartWith("NBS", customMessage: "its expenditure is named as NBS's");
    }

    [Fact]
    public async Task one_figure_in_two_units_is_recorded_once_and_a_re_import_writes_nothing()
    {
        var db = await GreaterBayAreaAsync(nameof(one_figure_in_two_units_is_recorded_once_and_a_re_import_writes_nothing));
        var file = Csv("units.csv", Header, Nbs, Nbs.Replace("4411.9,CNY 100m", "44119000,万元", StringComparison.Ordinal));
        var events = await db.EventCountAsync();

        var first = await Import(db, file, "--json");

        first.Code.ShouldBe(0, first.Err);
        using (var summary = JsonDocument.Parse(first.Out))
        {
            summary.RootElement.GetProperty("commands").GetProperty("publication").GetInt32().ShouldBe(1);
            summary.RootElement.GetProperty("unchanged").GetInt32().ShouldBe(1, "44,119,000 万元 is 4,411.9 亿元: the same figure");
        }
        (await db.EventCountAsync()).ShouldBe(events + 1);
        var again = await Import(db, file);
        again.Code.ShouldBe(0, again.Err);
        again.Out.ShouldContain("Nothing written");
        (await db.EventCountAsync()).ShouldBe(events + 1, "a re-import writes nothing");
    }

    [Fact]
    public async Task a_bad_publication_date_or_quality_is_refused_by_row_field_value_and_rule_and_nothing_is_written()
    {
        var db = await GreaterBayAreaAsync(nameof(a_bad_publication_date_or_quality_is_refused_by_row_field_value_and_rule_and_nothing_is_written));
        var file = Csv("bad.csv", Header, Nbs.Replace("2023-09-18", "2023-13-45", StringComparison.Ordinal), Nbs.Replace(",official", ",qualitative goal", StringComparison.Ordinal));
        var events = await db.EventCountAsync();

        var rejected = await Import(db, file);

        rejected.Code.ShouldBe(1, rejected.Err);
        rejected.Err.ShouldContain("bad.csv:2: published_on='2023-13-45'");
        rejected.Err.ShouldContain("[unknown-publication-date]");
        rejected.Err.ShouldContain("bad.csv:3: status='qualitative goal'");
        rejected.Err.ShouldContain("[unknown-quality]");
        (await db.EventCountAsync()).ShouldBe(events, "a rejected file writes nothing, not even its good fields");
    }

    [Fact]
    public async Task region_publish_records_one_publication_and_the_same_one_again_changes_nothing()
    {
        var db = await GreaterBayAreaAsync(nameof(region_publish_records_one_publication_and_the_same_one_again_changes_nothing));
        string[] args = ["region", "publish", "Guangdong", "--year", "2022", "--intensity", "3.42", "--expenditure", "4411.9", "--unit", "亿元",
            "--published-on", "2023-09-18", "--publisher", "NBS", "--document", "2022 communique", "--quality", "official"];

        var first = await HostProcess.RunAsync(db.Args(args));
        var second = await HostProcess.RunAsync(db.Args(args));
        var bad = await HostProcess.RunAsync(db.Args([.. args[..^1], "rumour"]));

        first.Code.ShouldBe(0, first.Err);
        first.Out.ShouldContain("appended");
        first.Out.ShouldContain("NBS, 2023-09-18, official", customMessage: "the region view names the publication its figure comes from");
        second.Out.ShouldContain("no change");
        bad.Code.ShouldNotBe(0);
        (bad.Out + bad.Err).ShouldContain("--quality 'rumour'");
    }

    /// <summary>Guangdong and Hong Kong in the Greater Bay Area, Hong Kong's 2022 figure and the 2022 rate recorded.</summary>
    private async Task<TestDatabase> GreaterBayAreaAsync(string name)
    {
        var db = await TestDatabase.CreateAsync(name);
        string[][] setup =
        [
            ["region", "register", "guangdong", "--kind", "province"],
            ["region", "register", "hong-kong", "--kind", "special-administrative-region"],
            ["cluster", "establish", "greater-bay-area", "--name", "Greater Bay Area", "--anchor-city", "Shenzhen", "--on", "2019-02-18"],
            ["cluster", "join", "greater-bay-area", "guangdong", "--on", "2019-02-18"],
            ["cluster", "expand", "greater-bay-area", "--decided-by", "State Council", "--on", "2019-02-18"],
            ["cluster", "join", "greater-bay-area", "hong-kong", "--on", "2019-02-18"],
            ["import", "rd", Csv("hk.csv", "region,year,rd_intensity_pct,rd_expenditure,expenditure_unit,published_on,source",
                "hong-kong,2022,1.07,30138,HKD m,2023-12-29,C&SD (stand-in date)")],
            ["import", "rates", Csv("rates.csv", "currency,year,cny_per_unit,source", "HKD,2022,0.8589,indicative")],
        ];
        foreach (var step in setup)
        {
            var run = await HostProcess.RunAsync(db.Args(step));
            run.Code.ShouldBe(0, $"{string.Join(' ', step)}: {run.Err}");
        }
        return db;
    }

    private static Task<(int Code, string Out, string Err)> Import(TestDatabase db, string file, params string[] more) =>
        HostProcess.RunAsync(db.Args(["import", "rd", file, .. more]));

    private static async Task<(string Method, decimal Value)> Composite2022Async(TestDatabase db)
    {
        var report = await HostProcess.RunAsync(db.Args("report", "--json"));
        report.Code.ShouldBe(0, report.Err);
        using var json = JsonDocument.Parse(report.Out);
        var year = json.RootElement.GetProperty("clusters")[0].GetProperty("rd-intensity").EnumerateArray().Single(y => y.GetProperty("year").GetInt32() == 2022);
        return (year.GetProperty("method").GetString()!.ToLowerInvariant(), year.GetProperty("value").GetDecimal());
    }

    private static async Task<JsonElement> Guangdong2022Async(TestDatabase db, params string[] more)
    {
        var report = await HostProcess.RunAsync(db.Args(["report", "--json", .. more]));
        report.Code.ShouldBe(0, report.Err);
        using var json = JsonDocument.Parse(report.Out);
        return json.RootElement.GetProperty("regions").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "guangdong")
            .GetProperty("rd-intensity").EnumerateArray().Single(y => y.GetProperty("year").GetInt32() == 2022).Clone();
    }

    private string Csv(string name, params string[] lines)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
