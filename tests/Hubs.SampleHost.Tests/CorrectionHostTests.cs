namespace Hubs.SampleHost.Tests;

/// <summary>
/// <c>hubs region correct</c>: a recording error fixed at the command line (real row: Beijing 2022, NBS communiqué of
/// 2023-09-18, 6.83 % and 2,843.3 CNY 100m, recorded as 6.38 %).
/// </summary>
public sealed class CorrectionHostTests
{
    private const string Header = "region,year,rd_intensity_pct,rd_expenditure,expenditure_unit,published_on,source\n";

    [Fact]
    public async Task a_corrected_figure_is_in_the_report_marked_and_a_re_import_of_the_mistyped_row_does_not_undo_it()
    {
        var db = await TestDatabase.CreateAsync(nameof(a_corrected_figure_is_in_the_report_marked_and_a_re_import_of_the_mistyped_row_does_not_undo_it));
        (await HostProcess.RunAsync(db.Args("region", "register", "beijing", "--kind", "municipality"))).Code.ShouldBe(0);
        var csv = Path.Combine(Path.GetTempPath(), $"hubs-typo-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(csv, Header + "beijing,2022,6.38,2843.3,CNY 100m,2023-09-18,NBS communique 2022\n");
        (await HostProcess.RunAsync(db.Args("import", "rd", csv))).Code.ShouldBe(0);

        var fix = await HostProcess.RunAsync(db.Args("region", "correct", "Beijing", "--year", "2022", "--intensity", "6.83",
            "--reason", "typed 6.38 for 6.83 from annex table 2", "--actor", "analyst:li"));
        var again = await HostProcess.RunAsync(db.Args("import", "rd", csv));
        File.Delete(csv);

        fix.Code.ShouldBe(0, fix.Err);
        fix.Out.ShouldContain("corrected: typed 6.38 for 6.83", customMessage: "the region's figures mark the correction and its reason");
        again.Code.ShouldBe(0, again.Err);
        var page = Path.Combine(Path.GetTempPath(), $"hubs-corrected-{Guid.NewGuid():N}.html");
        var report = await HostProcess.RunAsync(db.Args("report", "--json", "--no-verify", "--html", page));
        report.Code.ShouldBe(0, report.Err);
        var html = await File.ReadAllTextAsync(page);
        File.Delete(page);
        html.ShouldContain("(corrected: typed 6.38 for 6.83 from annex table 2)", customMessage: "the HTML report marks the corrected figure");
        report.Out.ShouldContain("6.83");
        report.Out.ShouldContain("typed 6.38 for 6.83 from annex table 2", customMessage: "the report's JSON names the correction");
        var history = await HostProcess.RunAsync(db.Args("history", "beijing"));
        history.Out.ShouldContain("rd_intensity_reported", customMessage: "history keeps the figure as first recorded");
        history.Out.ShouldContain("rd_figure_corrected");
        history.Out.ShouldContain("analyst:li", customMessage: "who corrected it");
    }

    [Fact]
    public async Task a_correction_without_a_reason_or_with_a_value_out_of_range_is_refused_naming_the_option_and_nothing_is_written()
    {
        var db = await TestDatabase.CreateAsync(nameof(a_correction_without_a_reason_or_with_a_value_out_of_range_is_refused_naming_the_option_and_nothing_is_written));
        (await HostProcess.RunAsync(db.Args("region", "register", "beijing", "--kind", "municipality"))).Code.ShouldBe(0);
        var csv = Path.Combine(Path.GetTempPath(), $"hubs-typo-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(csv, Header + "beijing,2022,6.38,,,2023-09-18,NBS communique 2022\n");
        (await HostProcess.RunAsync(db.Args("import", "rd", csv))).Code.ShouldBe(0);
        File.Delete(csv);

        var noReason = await HostProcess.RunAsync(db.Args("region", "correct", "beijing", "--year", "2022", "--intensity", "6.83"));
        var outOfRange = await HostProcess.RunAsync(db.Args("region", "correct", "beijing", "--year", "2022", "--intensity", "683",
            "--reason", "typo"));
        var noFigure = await HostProcess.RunAsync(db.Args("region", "correct", "beijing", "--year", "2021", "--intensity", "6.5",
            "--reason", "typo"));

        noReason.Code.ShouldNotBe(0);
        noReason.Err.ShouldContain("--reason");
        outOfRange.Code.ShouldNotBe(0);
        outOfRange.Err.ShouldContain("--intensity");
        outOfRange.Err.ShouldContain("683");
        noFigure.Code.ShouldNotBe(0);
        noFigure.Err.ShouldContain("year-not-reported");
        var history = await HostProcess.RunAsync(db.Args("history", "beijing"));
        history.Out.ShouldNotContain("rd_figure_corrected", customMessage: "a refused correction writes nothing");
    }
}
