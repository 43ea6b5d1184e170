namespace Hubs.SampleHost.Tests;

/// <summary>What the host says around a problem names the real thing: the place of a break, a directory, an empty file.</summary>
public sealed class ErrorWordingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hubs-wording-").FullName;

    [Fact]
    public async Task a_break_of_the_whole_store_is_located_as_the_whole_store_not_as_an_empty_stream_at_version_0()
    {
        var db = await TestDatabase.CreateAsync(nameof(a_break_of_the_whole_store_is_located_as_the_whole_store_not_as_an_empty_stream_at_version_0));
        foreach (var id in new[] { "beijing", "shanghai" })
            (await HostProcess.RunAsync(db.Args("region", "register", id, "--kind", "municipality"))).Code.ShouldBe(0);
        var digest = Path.Combine(_dir, "digest.json");
        (await HostProcess.RunAsync(db.Args("verify", "--save-digest", digest))).Code.ShouldBe(0);
        await db.ExecuteAsync($"delete from {db.Schema}.mt_events where seq_id = (select max(seq_id) from {db.Schema}.mt_events)");

        var (code, output, err) = await HostProcess.RunAsync(db.Args("verify", "--digest", digest));

        code.ShouldBe(3, err);
        output.ShouldContain("BREAK (whole store) totals-decreased: the digest recorded 2 events");
        output.ShouldNotContain("  v0");
    }

    [Fact]
    public async Task a_directory_given_as_the_file_to_import_is_called_a_directory()
    {
        var db = await TestDatabase.CreateAsync(nameof(a_directory_given_as_the_file_to_import_is_called_a_directory));

        var (code, _, err) = await HostProcess.RunAsync(db.Args("import", "rd", _dir));

        code.ShouldBe(2, err);
        err.ShouldContain($"{_dir} is a directory, not a file");
        err.ShouldNotContain("file not found");
    }

    [Fact]
    public async Task a_file_with_only_its_header_says_it_has_no_rows_not_that_the_store_holds_them()
    {
        var db = await TestDatabase.CreateAsync(nameof(a_file_with_only_its_header_says_it_has_no_rows_not_that_the_store_holds_them));
        var file = Path.Combine(_dir, "empty.csv");
        File.WriteAllLines(file, ["region,year,rd_intensity_pct,rd_expenditure,expenditure_unit,published_on,source"]);

        var (code, output, err) = await HostProcess.RunAsync(db.Args("import", "rd", file));

        code.ShouldBe(0, err);
        output.ShouldContain("Nothing written: the file has its header and no data rows.");
        output.ShouldNotContain("already holds every row");
        (await db.EventCountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task a_rejection_about_a_positional_region_names_the_argument_and_rate_errors_name_fields_as_rd_errors_do()
    {
        var db = await TestDatabase.CreateAsync(nameof(a_rejection_about_a_positional_region_names_the_argument_and_rate_errors_name_fields_as_rd_errors_do));
        foreach (var args in new[]
        {
            new[] { "cluster", "establish", "chengdu-chongqing", "--name", "Chengdu–Chongqing", "--anchor-city", "Chengdu", "--on", "2026-01-01" },
            ["region", "register", "sichuan", "--kind", "province"],
            ["cluster", "join", "chengdu-chongqing", "sichuan", "--on", "2026-01-02"],
        })
            (await HostProcess.RunAsync(db.Args(args))).Code.ShouldBe(0);

        var (code, _, err) = await HostProcess.RunAsync(db.Args("cluster", "exclude", "chengdu-chongqing", "sichuan", "--reason", "test"));

        code.ShouldBe(1, err);
        err.ShouldContain("<REGION>='sichuan': Leaving 'sichuan' out would leave no member");
        err.ShouldNotContain("--region=");

        var rates = Path.Combine(_dir, "rates.csv");
        File.WriteAllLines(rates, ["currency,year,cny_per_unit,published_on,source", "HKD,2023,0,2024-01-31,typo"]);
        var (rateCode, _, rateErr) = await HostProcess.RunAsync(db.Args("import", "rates", rates));

        rateCode.ShouldBe(1, rateErr);
        rateErr.ShouldContain("cnyPerUnit is yuan per one unit", customMessage: "field names in messages are camelCase, as publishedOn is in R&D errors");
        rateErr.Contains("CnyPerUnit", StringComparison.Ordinal).ShouldBeFalse("the PascalCase property name is gone");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
