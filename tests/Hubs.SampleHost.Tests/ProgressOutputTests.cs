namespace Hubs.SampleHost.Tests;

/// <summary>
/// Progress on a redirected stderr (a log file, CI): every task's last line is 100 % when the work finished. Spectre's bars
/// redraw on a timer, so a log of a successful run used to end at 20–90 %.
/// </summary>
public sealed class ProgressOutputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hubs-progress-").FullName;

    [Fact]
    public async Task an_import_and_a_rebuild_logged_to_a_file_end_every_task_at_100_percent()
    {
        var db = await TestDatabase.CreateAsync(nameof(an_import_and_a_rebuild_logged_to_a_file_end_every_task_at_100_percent));
        var rows = Enumerable.Range(0, 300).Select(i => $"region-{i:000},2023,{1 + i % 50 / 10m:0.0},,,2024-10-02,generated");
        var file = Path.Combine(_dir, "many.csv");
        File.WriteAllLines(file, ["region,year,rd_intensity_pct,rd_expenditure,expenditure_unit,published_on,source", .. rows]);

        var imported = await HostProcess.RunAsync(db.Args("import", "rd", file, "--register-missing", "--batch-size", "50"));

        imported.Code.ShouldBe(0, imported.Err);
        var importLines = Lines(imported.Err, "Importing many.csv:");
        importLines.ShouldNotBeEmpty("the import shows its progress on stderr");
        importLines[^1].ShouldBe("Importing many.csv: 100%", "a finished import's log ends at 100 %");
        importLines.Count.ShouldBeLessThanOrEqualTo(11, "one line per tenth at most: a log is not flooded");

        var rebuilt = await HostProcess.RunAsync(db.Args("rebuild"));

        rebuilt.Code.ShouldBe(0, rebuilt.Err);
        var tasks = rebuilt.Err.Split('\n').Where(l => l.Contains(": ") && l.TrimEnd().EndsWith('%'))
            .GroupBy(l => l[..l.LastIndexOf(": ", StringComparison.Ordinal)]).ToList();
        tasks.ShouldNotBeEmpty("the rebuild shows its progress on stderr");
        foreach (var task in tasks)
            task.Last().TrimEnd().ShouldEndWith(": 100%", customMessage: $"{task.Key} ends at 100 % in the log");
    }

    private static List<string> Lines(string text, string prefix) =>
        text.Split('\n').Select(l => l.TrimEnd()).Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).ToList();

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
