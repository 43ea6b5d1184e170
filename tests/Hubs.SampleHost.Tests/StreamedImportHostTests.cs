namespace Hubs.SampleHost.Tests;

/// <summary>
/// <c>hubs import</c> without <c>--batch-size</c> streams the file through the library's ImportAsync: one all-or-nothing
/// import, whose errors are still located by file and line however deep in the file they are.
/// </summary>
public sealed class StreamedImportHostTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hubs-streamed-import-").FullName;
    private const string Header = "region,year,rd_intensity_pct,rd_expenditure,expenditure_unit,published_on,source";

    /// <summary>100 regions × 50 years (5,000 rows and 100 registrations: three chunks of the library's import); one row replaced.</summary>
    private string File(string name, int? badRow = null)
    {
        var rows = (from r in Enumerable.Range(0, 100)
                    from y in Enumerable.Range(1971, 50)
                    select $"region-{r:000},{y},{1 + r % 40 / 10m:0.0},{100 + y}.5,CNY 100m,{y + 1}-09-30,generated").ToArray();
        // A publication dated before its year: a rule of the library, not a parse error, so only the import itself finds it.
        if (badRow is { } bad) rows[bad] = $"region-093,{1971 + bad % 50},2.0,,,2018-01-01,generated";
        var path = Path.Combine(_dir, name);
        System.IO.File.WriteAllLines(path, [Header, .. rows]);
        return path;
    }

    [Fact]
    public async Task a_large_file_is_imported_whole_as_one_unit()
    {
        var db = await TestDatabase.CreateAsync(nameof(a_large_file_is_imported_whole_as_one_unit));

        var (code, output, err) = await HostProcess.RunAsync(db.Args("import", "rd", File("series.csv"), "--register-missing"));

        code.ShouldBe(0, err);
        output.ShouldContain("5000 rows");
        (await db.EventCountAsync()).ShouldBe(5_100, "every row and every registration");
        (await db.ScalarAsync($"select count(*) from {db.Schema}.mt_doc_processedcommand")).ShouldBe(1L, "one import, one record");
    }

    [Fact]
    public async Task a_bad_row_deep_in_a_large_file_is_reported_by_its_line_and_nothing_is_written()
    {
        var db = await TestDatabase.CreateAsync(nameof(a_bad_row_deep_in_a_large_file_is_reported_by_its_line_and_nothing_is_written));
        const int badRow = 4_698; // line 4,700: the header is line 1

        var (code, _, err) = await HostProcess.RunAsync(db.Args("import", "rd", File("deep.csv", badRow), "--register-missing"));

        code.ShouldBe(1, err);
        err.ShouldContain("deep.csv: 1 error(s); nothing was written", customMessage: err);
        err.ShouldContain("deep.csv:4700: published_on='2018-01-01'", customMessage: err);
        err.ShouldContain("[published-before-year]");
        (await db.EventCountAsync()).ShouldBe(0, "the rows before it were copied inside the import's transaction, never committed");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
