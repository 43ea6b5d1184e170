namespace Hubs.SampleHost.Tests;

/// <summary>Cold start: the host applies schema changes only when the schema changed, and operators can migrate explicitly.</summary>
public sealed class SchemaMigrationHostTests
{
    private static readonly Dictionary<string, string> Timings = new() { ["HUBS_TIMINGS"] = "1" };
    private static readonly Dictionary<string, string> Manual = new() { ["HUBS_AUTO_MIGRATE"] = "0", ["HUBS_TIMINGS"] = "1" };

    [Fact]
    public async Task the_first_start_applies_the_schema_and_the_next_one_does_no_schema_work_saying_so_in_the_timings()
    {
        var db = await TestDatabase.CreateAsync("schema_second_start");

        // The first start is a write: a reader never changes the schema (ReadOnlyCommandTests).
        var (firstCode, _, firstErr) = await HostProcess.RunAsync(db.Args("region", "register", "beijing", "--kind", "municipality"), Timings);
        var (code, _, err) = await HostProcess.RunAsync(db.Args("report"), Timings);

        firstCode.ShouldBe(0, firstErr);
        firstErr.ShouldContain("(changes checked and applied)");
        code.ShouldBe(0, err);
        err.ShouldContain("(fingerprint matched, no schema work)", customMessage: "the second start should skip the schema check");
        foreach (var part in new[] { "process start (to Main)", "server up", "store open", "schema check", "report ready" })
            err.ShouldContain(part, customMessage: "HUBS_TIMINGS shows the cold start's split");
    }

    [Fact]
    public async Task every_command_that_opens_the_store_prints_its_timings_line_not_only_report_and_writes()
    {
        var db = await TestDatabase.CreateAsync("timings_every_command");
        (await HostProcess.RunAsync(db.Args("region", "register", "beijing", "--kind", "municipality"))).Code.ShouldBe(0);

        foreach (var command in new[] { new[] { "verify" }, ["leaderboard"], ["history", "beijing"], ["export", "--all", "--format", "jsonl", "--out", Path.Combine(Path.GetTempPath(), $"timings-{Guid.NewGuid():N}.jsonl")] })
        {
            var (code, _, err) = await HostProcess.RunAsync(db.Args(command), Timings);

            code.ShouldBe(0, err);
            err.ShouldContain("timings: process start (to Main)", customMessage: $"HUBS_TIMINGS applies to `{string.Join(' ', command)}` too");
            err.ShouldContain("command done");
        }
    }

    [Fact]
    public async Task with_automatic_changes_off_a_schema_is_refused_until_storage_migrate_has_run()
    {
        var db = await TestDatabase.CreateAsync("schema_manual");

        var (refusedCode, _, refusedErr) = await HostProcess.RunAsync(db.Args("report"), Manual);
        var (migrateCode, migrateOut, migrateErr) = await HostProcess.RunAsync(db.Args("storage", "migrate"), Manual);
        var (code, _, err) = await HostProcess.RunAsync(db.Args("report"), Manual);

        refusedCode.ShouldBe(4, refusedErr);
        refusedErr.ShouldContain("hubs storage migrate");
        migrateCode.ShouldBe(0, migrateErr);
        migrateOut.ShouldContain("Migrated schema");
        code.ShouldBe(0, err);
        err.ShouldContain("(fingerprint matched, automatic changes off)");
    }
}
