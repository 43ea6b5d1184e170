using System.Text.Json;

namespace Hubs.SampleHost.Tests;

public sealed class ImportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hubs-import-").FullName;

    [Fact]
    public async Task a_valid_file_is_reported_and_a_later_figure_for_the_same_year_becomes_a_revision()
    {
        var db = await TestDatabase.CreateAsync(nameof(a_valid_file_is_reported_and_a_later_figure_for_the_same_year_becomes_a_revision));
        var first = Csv("first.csv",
            "region,year,rd_intensity_pct,rd_expenditure,expenditure_unit,published_on,source",
            "Beijing,2023,6.73,2947.1,CNY 100m,2024-10-02,NBS 2023",
            "inner-mongolia,2023,1.0,,,2024-10-02,NBS 2023",
            "beijing,2024,6.5,,,,");

        var imported = await HostProcess.RunAsync(db.Args("import", "rd", first, "--register-missing", "--published-on", "2025-09-30", "--json"));

        imported.Code.ShouldBe(0, imported.Err);
        using (var summary = JsonDocument.Parse(imported.Out))
        {
            var commands = summary.RootElement.GetProperty("commands");
            commands.GetProperty("register").GetInt32().ShouldBe(2, "both regions were unknown to a fresh store");
            commands.GetProperty("report").GetInt32().ShouldBe(3);
        }
        (await db.EventCountAsync()).ShouldBe(5);

        var revision = Csv("revision.csv",
            "region,year,rd_intensity_pct,rd_expenditure,expenditure_unit,published_on,source",
            "BEIJING,2024,6.58,,,2026-01-14,Xinhua 2026-01-14");
        var revised = await HostProcess.RunAsync(db.Args("import", "rd", revision, "--json"));

        revised.Code.ShouldBe(0, revised.Err);
        using (var summary = JsonDocument.Parse(revised.Out))
            summary.RootElement.GetProperty("commands").GetProperty("revision").GetInt32().ShouldBe(1);
        (await db.EventCountAsync()).ShouldBe(6);
    }

    [Fact]
    public async Task a_file_with_bad_rows_is_rejected_whole_with_every_error_located_by_line_and_column()
    {
        var db = await TestDatabase.CreateAsync(nameof(a_file_with_bad_rows_is_rejected_whole_with_every_error_located_by_line_and_column));
        var registered = await HostProcess.RunAsync(db.Args("region", "register", "beijing", "--kind", "municipality", "--json"));
        registered.Code.ShouldBe(0, registered.Err);
        using (var result = JsonDocument.Parse(registered.Out))
        {
            result.RootElement.GetProperty("outcome").GetString().ShouldBe("appended");
            result.RootElement.GetProperty("state").GetProperty("kind").GetString().ShouldBe("municipality");
        }
        var bad = Csv("bad.csv",
            "region,year,rd_intensity_pct,rd_expenditure,expenditure_unit,published_on,source",
            "beijing,2022,6.83,,,2023-09-18,NBS 2022",
            "beijing,20x1,6.5,,,2022-08-31,NBS 2021",
            "beijing,2020,150,,,2021-09-22,NBS 2020",
            "atlantis,2020,2.0,,,2021-09-22,NBS 2020",
            "beijing,2019,6.31,2233.6,,2020-08-27,NBS 2019");

        var rejected = await HostProcess.RunAsync(db.Args("import", "rd", bad));

        rejected.Code.ShouldBe(1, rejected.Err);
        rejected.Err.ShouldContain("bad.csv:3: year='20x1'");
        rejected.Err.ShouldContain("bad.csv:4: rd_intensity_pct='150'");
        rejected.Err.ShouldContain("[intensity-out-of-range]");
        rejected.Err.ShouldContain("bad.csv:5: region='atlantis'");
        rejected.Err.ShouldContain("bad.csv:6: expenditure_unit");
        rejected.Err.ShouldNotContain("bad.csv:2:");
        (await db.EventCountAsync()).ShouldBe(1, "a rejected file writes nothing, not even its good rows");
    }

    [Fact]
    public async Task shape_errors_and_rule_errors_of_one_file_are_all_reported_in_one_run()
    {
        var db = await TestDatabase.CreateAsync(nameof(shape_errors_and_rule_errors_of_one_file_are_all_reported_in_one_run));
        var first = Csv("first.csv", "region,year,rd_intensity_pct,rd_expenditure,expenditure_unit,published_on,source", "beijing,2022,6.83,,,2023-09-18,NBS 2022");
        (await HostProcess.RunAsync(db.Args("import", "rd", first, "--register-missing"))).Code.ShouldBe(0);
        var future = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3).ToString("yyyy-MM-dd");
        var bad = Csv("mixed.csv",
            "region,year,rd_intensity_pct,rd_expenditure,expenditure_unit,published_on,source",
            "beijing,2021,150,,,2022-09-01,NBS 2021",
            "beijing,20x1,6.5,,,2022-08-31,NBS 2021",
            "beijing,2022,6.9,,,2023-01-01,an earlier copy",
            $"beijing,2020,6.44,,,{future},typo",
            "beijing,2019,6.31,,,2020-08-27,NBS 2019");

        var rejected = await HostProcess.RunAsync(db.Args("import", "rd", bad));

        rejected.Code.ShouldBe(1, rejected.Err);
        rejected.Err.ShouldContain("mixed.csv:2: rd_intensity_pct='150'", customMessage: "a shape rule of the library");
        rejected.Err.ShouldContain("mixed.csv:3: year='20x1'", customMessage: "a row that does not parse");
        rejected.Err.ShouldContain("[revision-not-later]", customMessage: "a state rule, checked although other rows' shape is broken");
        rejected.Err.ShouldContain("mixed.csv:4:");
        rejected.Err.ShouldContain("mixed.csv:5: published_on=");
        rejected.Err.ShouldContain("[published-in-future]");
        rejected.Err.ShouldNotContain("mixed.csv:6:");
        (await db.EventCountAsync()).ShouldBe(2, "nothing of the rejected file is written");
    }

    [Fact]
    public async Task an_unknown_expenditure_unit_is_rejected_at_its_line_and_column_and_nothing_is_written()
    {
        var db = await TestDatabase.CreateAsync(nameof(an_unknown_expenditure_unit_is_rejected_at_its_line_and_column_and_nothing_is_written));
        var file = Csv("units.csv",
            "region,year,rd_intensity_pct,rd_expenditure,expenditure_unit,published_on,source",
            "hong-kong,2022,1.07,30138,HKD m,2023-12-01,C&SD",
            "macao,2022,0.3,100,MOP millions,2023-12-01,DSEC");

        var rejected = await HostProcess.RunAsync(db.Args("import", "rd", file, "--register-missing"));

        rejected.Code.ShouldBe(1, rejected.Err);
        rejected.Err.ShouldContain("units.csv:3: expenditure_unit='MOP millions'");
        rejected.Err.ShouldContain("[unknown-unit]");
        rejected.Err.ShouldNotContain("units.csv:2:");
        (await db.EventCountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task one_figure_in_several_units_is_recorded_once_in_a_file_and_again_later()
    {
        var db = await TestDatabase.CreateAsync(nameof(one_figure_in_several_units_is_recorded_once_in_a_file_and_again_later));
        // NBS's 2024 communiqué gives Guangdong's expenditure as 2,233.6 亿元; copies quote it in CNY bn, 万元 and CNY 100m.
        var file = Csv("units.csv",
            "region,year,rd_intensity_pct,rd_expenditure,expenditure_unit,published_on,source",
            "guangdong,2024,3.6,2233.6,亿元,2025-09-29,NBS 2024",
            "guangdong,2024,3.6,223.36,CNY bn,2025-09-29,NBS 2024 (table copy)",
            "guangdong,2024,3.6,22336000,万元,2025-09-29,NBS 2024 (yearbook)",
            "hong-kong,2022,0.99,30138,HKD mn,2023-12-01,C&SD",
            "hong-kong,2022,0.99,30.138,HK$ billion,2023-12-01,C&SD");

        var imported = await HostProcess.RunAsync(db.Args("import", "rd", file, "--register-missing", "--json"));

        imported.Code.ShouldBe(0, imported.Err);
        using (var summary = JsonDocument.Parse(imported.Out))
        {
            var commands = summary.RootElement.GetProperty("commands");
            commands.GetProperty("report").GetInt32().ShouldBe(2, "one report per region and year, whatever the unit");
            commands.TryGetProperty("revision", out var revisions).ShouldBeFalse($"no revision is planned, got {revisions}");
        }
        (await db.EventCountAsync()).ShouldBe(4, "two registrations and two reports");
        (await db.ScalarAsync($"select string_agg(coalesce(data->>'ExpenditureUnit', data->>'expenditureUnit'), ',' order by seq_id) from {db.Schema}.mt_events where type = 'rd_intensity_reported'"))
            .ShouldBe("CNY 100m,HKD m", "units are stored in their one short spelling");

        var again = Csv("again.csv",
            "region,year,rd_intensity_pct,rd_expenditure,expenditure_unit,published_on,source",
            "guangdong,2024,3.6,2233.6,CNY 100m,2025-09-29,NBS 2024");
        (await HostProcess.RunAsync(db.Args("import", "rd", again))).Code.ShouldBe(0);
        (await db.EventCountAsync()).ShouldBe(4, "the same quantity in another unit is already recorded");
    }

    [Fact]
    public async Task rates_are_imported_once_and_a_bad_row_is_located()
    {
        var db = await TestDatabase.CreateAsync(nameof(rates_are_imported_once_and_a_bad_row_is_located));
        var good = Csv("rates.csv", "currency,year,cny_per_unit,source", "HKD,2021,0.8300,indicative", "HKD,2022,0.8589,indicative");

        var first = await HostProcess.RunAsync(db.Args("import", "rates", good, "--json"));
        first.Code.ShouldBe(0, first.Err);
        using (var summary = JsonDocument.Parse(first.Out))
            summary.RootElement.GetProperty("commands").GetProperty("rate").GetInt32().ShouldBe(2);
        (await HostProcess.RunAsync(db.Args("import", "rates", good))).Code.ShouldBe(0);
        (await db.EventCountAsync()).ShouldBe(2, "importing the same rates again writes nothing");

        var bad = Csv("bad-rates.csv", "currency,year,cny_per_unit,source", "HKD,2023,0.9001,indicative", "XYZ,2023,0,typo", "HKD,2024,abc,x");
        var rejected = await HostProcess.RunAsync(db.Args("import", "rates", bad));

        rejected.Code.ShouldBe(1, rejected.Err);
        rejected.Err.ShouldContain("bad-rates.csv:3: currency='XYZ'");
        rejected.Err.ShouldContain("[unknown-currency]");
        rejected.Err.ShouldContain("bad-rates.csv:3: cny_per_unit='0'");
        rejected.Err.ShouldContain("bad-rates.csv:4: cny_per_unit='abc'");
        (await db.EventCountAsync()).ShouldBe(2);
    }

    private string Csv(string name, params string[] lines)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
