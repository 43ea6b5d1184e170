using System.Text.RegularExpressions;
using Hubs.SampleHost.Infrastructure;
using Npgsql;

namespace Hubs.SampleHost.Tests;

/// <summary>
/// A write cut off part-way says what it knows and no more: which batches of an import are stored, that a write in
/// flight may have committed, that a read changed nothing. Interruptions are made with row and table locks held by the
/// test (a command timeout then fires while the write waits), so nothing depends on timing.
/// </summary>
public sealed partial class WriteInterruptionTests
{
    private const string Header = "region,year,rd_intensity_pct,rd_expenditure,expenditure_unit,published_on,source\n";

    private static string Csv(string name, string rows)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("hubs-interrupt-").FullName, name);
        File.WriteAllText(path, Header + rows);
        return path;
    }

    /// <summary>A transaction of the test's holding a lock until disposed (rolled back).</summary>
    private static async Task<NpgsqlConnection> HoldAsync(TestDatabase db, string sql)
    {
        var conn = new NpgsqlConnection(db.ConnectionString);
        await conn.OpenAsync();
        await using (var begin = new NpgsqlCommand("begin; " + sql, conn)) await begin.ExecuteNonQueryAsync();
        return conn;
    }

    private static Task<long> WaitingOnLocksAsync(TestDatabase db, string application) => Faults.FaultKit.ScalarAsync<long>(db.ConnectionString,
        $"select count(*) from pg_stat_activity where application_name = '{application}' and wait_event_type = 'Lock'");

    [Fact]
    public async Task an_import_rejected_part_way_says_which_batches_are_stored_and_that_a_rerun_completes_it()
    {
        var db = await TestDatabase.CreateAsync(nameof(an_import_rejected_part_way_says_which_batches_are_stored_and_that_a_rerun_completes_it));
        (await HostProcess.RunAsync(db.Args("import", "rd", Csv("seed.csv", "a,2019,1.5,,,2020-01-01,s\nb,2019,1.5,,,2020-01-01,s\nc,2019,1.5,,,2020-01-01,s\n"),
            "--register-missing"))).Code.ShouldBe(0);
        var application = "d2-" + db.Schema;
        var import = Csv("late.csv", "a,2020,1.5,,,2021-01-01,s\nb,2020,1.5,,,2021-01-01,s\nc,2021,1.5,,,2022-01-01,s\n");

        // Batch 2 (region b) waits on the test's row lock; meanwhile another writer reports c 2021, which batch 3 plans.
        await using (var hold = await HoldAsync(db, $"select 1 from {db.Schema}.mt_streams where id = 'region:b' for update"))
        {
            using var importing = HostProcess.Start("import", "rd", import, "--batch-size", "1", "--schema", db.Schema,
                "--connection", new NpgsqlConnectionStringBuilder(db.ConnectionString) { ApplicationName = application }.ConnectionString);
            await Faults.FaultKit.UntilAsync(async () => importing.HasExited || await WaitingOnLocksAsync(db, application) > 0,
                TimeSpan.FromMinutes(2), "the import's second batch waiting on the lock");
            importing.HasExited.ShouldBeFalse(importing.StdErr);
            (await HostProcess.RunAsync(db.Args("import", "rd", Csv("other.csv", "c,2021,1.6,,,2022-01-01,other\n")))).Code.ShouldBe(0);
            await hold.CloseAsync();

            var code = await importing.WaitAsync();

            code.ShouldBe(1, importing.StdErr);
            importing.StdErr.ShouldNotContain("nothing was written");
            importing.StdErr.ShouldContain("batch 3 of 3 (lines 4–4) was rejected");
            importing.StdErr.ShouldContain("batches 1–2 (2 of 3 commands, up to line 3) were written before it and stay written");
            importing.StdErr.ShouldContain("Re-run the same command to complete the import");
            importing.StdErr.ShouldContain("late.csv:4: ");
            importing.StdErr.ShouldNotContain("--region=");
        }
    }

    [Fact]
    public async Task a_command_cut_off_while_writing_may_have_been_written_and_names_the_id_to_rerun_with()
    {
        var db = await TestDatabase.CreateAsync(nameof(a_command_cut_off_while_writing_may_have_been_written_and_names_the_id_to_rerun_with));
        (await HostProcess.RunAsync(db.Args("region", "register", "anhui", "--kind", "province"))).Code.ShouldBe(0);
        var impatient = new NpgsqlConnectionStringBuilder(db.ConnectionString) { CommandTimeout = 2 }.ConnectionString;

        (int Code, string Out, string Err) cut;
        await using (await HoldAsync(db, $"select 1 from {db.Schema}.mt_streams where id = 'region:anhui' for update"))
            cut = await HostProcess.RunAsync(["target", "set", "--region", "anhui", "--value", "3.2", "--connection", impatient, "--schema", db.Schema]);

        cut.Code.ShouldBe(4, cut.Err);
        cut.Err.ShouldContain("It MAY have been written");
        var id = RerunId().Match(cut.Err);
        id.Success.ShouldBeTrue(cut.Err);
        var rerun = await HostProcess.RunAsync(db.Args("target", "set", "--region", "anhui", "--value", "3.2", "--command-id", id.Groups[1].Value));
        var again = await HostProcess.RunAsync(db.Args("target", "set", "--region", "anhui", "--value", "3.2", "--command-id", id.Groups[1].Value));
        rerun.Code.ShouldBe(0, rerun.Err);
        again.Code.ShouldBe(0, again.Err);
        again.Out.ShouldContain("already applied", customMessage: "re-running with the id given changes nothing once it is stored");
    }

    [Fact]
    public async Task a_read_cut_off_says_it_changed_nothing_without_claiming_anything_about_writes()
    {
        var db = await TestDatabase.CreateAsync(nameof(a_read_cut_off_says_it_changed_nothing_without_claiming_anything_about_writes));
        (await HostProcess.RunAsync(db.Args("region", "register", "anhui", "--kind", "province"))).Code.ShouldBe(0);
        var impatient = new NpgsqlConnectionStringBuilder(db.ConnectionString) { CommandTimeout = 2 }.ConnectionString;

        (int Code, string Out, string Err) cut;
        await using (await HoldAsync(db, $"lock table {db.Schema}.mt_events in access exclusive mode"))
            cut = await HostProcess.RunAsync(["verify", "--connection", impatient, "--schema", db.Schema]);

        cut.Code.ShouldBe(4, cut.Err);
        cut.Err.ShouldContain("Nothing was changed: this command only reads.");
        cut.Err.ShouldNotContain("Each write is one transaction");
    }

    [Theory]
    [InlineData("XX000", "could not write init file")]
    [InlineData("53100", "could not extend file")]
    [InlineData("58030", "could not write to file")]
    public void a_server_failing_on_its_own_storage_is_storage_unavailable_not_a_bug(string state, string message)
    {
        var wrapped = new InvalidOperationException("Marten Command Failure", new PostgresException(message, "FATAL", "FATAL", state));

        HubsApp.StorageFailure(wrapped).ShouldNotBeNull($"{state} means the server cannot be used now (exit 4), not a host bug (exit 70)");
    }

    [GeneratedRegex("re-run it with --command-id ([0-9a-f-]{36})")]
    private static partial Regex RerunId();
}
