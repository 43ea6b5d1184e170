namespace Hubs.SampleHost.Tests;

/// <summary>Input the library refuses, seen through the tool: a mistyped region id, a figure too large to report on.</summary>
public sealed class InputBoundsHostTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hubs-bounds-").FullName;

    [Fact]
    public async Task a_branch_in_a_mistyped_region_is_rejected_and_nothing_is_written()
    {
        var db = await TestDatabase.CreateAsync(nameof(a_branch_in_a_mistyped_region_is_rejected_and_nothing_is_written));
        (await HostProcess.RunAsync(db.Args("region", "register", "guangdong", "--kind", "province"))).Code.ShouldBe(0);
        var registered = await HostProcess.RunAsync(db.Args("enterprise", "register", "dji", "--name", "DJI", "--hq-city", "Shenzhen",
            "--hq-region", "guangdong"));
        registered.Code.ShouldBe(0, registered.Err);
        var before = await db.EventCountAsync();

        var typo = await HostProcess.RunAsync(db.Args("enterprise", "open-branch", "dji", "--city", "Guangzhou", "--region", "guandong",
            "--on", "2026-11-01"));

        typo.Code.ShouldBe(1, typo.Out + typo.Err);
        typo.Err.ShouldContain("[region-not-registered]");
        typo.Err.ShouldContain("guandong");
        (await db.EventCountAsync()).ShouldBe(before, "a rejected branch writes nothing");
    }

    [Fact]
    public async Task an_expenditure_too_large_to_report_on_is_rejected_and_reports_still_run()
    {
        var db = await TestDatabase.CreateAsync(nameof(an_expenditure_too_large_to_report_on_is_rejected_and_reports_still_run));
        (await HostProcess.RunAsync(db.Args("region", "register", "ra", "--name", "RA", "--kind", "province"))).Code.ShouldBe(0);
        (await HostProcess.RunAsync(db.Args("cluster", "establish", "cx", "--name", "CX", "--anchor-city", "X", "--on", "2020-01-01"))).Code.ShouldBe(0);
        (await HostProcess.RunAsync(db.Args("cluster", "join", "cx", "ra", "--on", "2020-03-01"))).Code.ShouldBe(0);
        var file = Path.Combine(_dir, "overflow.csv");
        File.WriteAllLines(file, ["region,year,rd_intensity_pct,rd_expenditure,expenditure_unit,published_on,source",
            "ra,2020,1.5,1000000000000000000000,CNY 100m,2021-01-01,s"]);
        var before = await db.EventCountAsync();

        var imported = await HostProcess.RunAsync(db.Args("import", "rd", file));

        imported.Code.ShouldBe(1, imported.Out + imported.Err);
        imported.Err.ShouldContain("[expenditure-too-large]");
        (await db.EventCountAsync()).ShouldBe(before, "a rejected file writes nothing");
        var report = await HostProcess.RunAsync(db.Args("report", "--json"));
        report.Code.ShouldBe(0, report.Err);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
