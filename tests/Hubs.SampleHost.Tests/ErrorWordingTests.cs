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

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
