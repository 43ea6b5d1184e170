using Npgsql;

namespace Hubs.SampleHost.Tests;

/// <summary>
/// What the user did wrong, or what another process holds, is said in a sentence with a documented exit code: never an
/// "unexpected error" (exit 70) with a stack trace, and never a result lost on the way.
/// </summary>
public sealed class CleanRefusalTests
{
    [Fact]
    public async Task rebuild_in_both_methods_is_refused_with_exit_1_while_a_daemon_owns_the_projections()
    {
        var db = await TestDatabase.CreateAsync(nameof(rebuild_in_both_methods_is_refused_with_exit_1_while_a_daemon_owns_the_projections));
        (await HostProcess.RunAsync(db.Args("region", "register", "beijing", "--kind", "municipality"))).Code.ShouldBe(0);
        var application = "hubs-refusal-" + db.Schema;
        var daemonConnection = new NpgsqlConnectionStringBuilder(db.ConnectionString) { ApplicationName = application }.ConnectionString;
        using var daemon = HostProcess.Start("daemon", "--connection", daemonConnection, "--schema", db.Schema);
        try
        {
            await Faults.FaultKit.UntilAsync(async () => daemon.HasExited || await Faults.FaultKit.ScalarAsync<long>(db.ConnectionString, $"""
                select count(*) from pg_locks l join pg_stat_activity a on a.pid = l.pid
                where l.locktype = 'advisory' and l.granted and a.application_name = '{application}'
                """) == 6, TimeSpan.FromMinutes(2), "the daemon owning the six tracking projections");
            daemon.HasExited.ShouldBeFalse(daemon.StdErr);

            foreach (var args in new[] { new[] { "rebuild" }, ["rebuild", "--marten"], ["rebuild", "--json"] })
            {
                var (code, output, err) = await HostProcess.RunAsync(db.Args(args));
                code.ShouldBe(1, $"hubs {string.Join(' ', args)} while a daemon runs: {err}");
                err.ShouldContain("is owned by a running async daemon: stop it before rebuilding (nothing was changed)");
                err.ShouldNotContain("Unexpected error");
                if (args.Contains("--json")) output.ShouldContain("\"kind\": \"rejected\"");
            }
        }
        finally
        {
            daemon.Signal(15);
            (await daemon.WaitAsync()).ShouldBe(0, "a stop is the daemon's normal end (README: exit codes)");
        }
    }

    [Fact]
    public async Task exporting_a_stream_that_does_not_exist_is_a_usage_error_and_writes_no_file()
    {
        var db = await TestDatabase.CreateAsync(nameof(exporting_a_stream_that_does_not_exist_is_a_usage_error_and_writes_no_file));
        (await HostProcess.RunAsync(db.Args("region", "register", "beijing", "--kind", "municipality"))).Code.ShouldBe(0);
        var file = Path.Combine(Path.GetTempPath(), $"hubs-export-{Guid.NewGuid():N}.jsonl");

        var unknownPrefix = await HostProcess.RunAsync(db.Args("export", "foo:bar", "--format", "jsonl"));
        var typo = await HostProcess.RunAsync(db.Args("export", "region:beijng", "--format", "jsonl", "--out", file));

        unknownPrefix.Code.ShouldBe(2, unknownPrefix.Err);
        unknownPrefix.Err.ShouldContain("No stream 'foo:bar' exists (stream keys start with");
        typo.Code.ShouldBe(2, typo.Err);
        typo.Err.ShouldContain("No stream 'region:beijng' exists.");
        File.Exists(file).ShouldBeFalse("a failed export leaves no file behind");
    }

    [Fact]
    public async Task an_unwritable_output_path_is_a_usage_error_and_verify_still_prints_its_result()
    {
        var db = await TestDatabase.CreateAsync(nameof(an_unwritable_output_path_is_a_usage_error_and_verify_still_prints_its_result));
        // The demo first: it also seeds the store the others read.
        string[][] writers =
        [
            ["demo", "--html", "/nonexistent/d.html"], ["report", "--html", "/nonexistent/dir/r.html"],
            ["export", "--all", "--format", "csv", "--out", "/nonexistent/x.csv"], ["evidence", "--out", "/proc/foo"],
        ];

        foreach (var args in writers)
        {
            var (code, _, err) = await HostProcess.RunAsync(db.Args(args));
            code.ShouldBe(2, $"hubs {string.Join(' ', args)}: {err}");
            err.ShouldContain($"cannot write {args[^2]} '{args[^1]}'");
            err.ShouldNotContain("Unexpected error");
        }
        var verify = await HostProcess.RunAsync(db.Args("verify", "--save-digest", "/proc/x.json"));
        var json = await HostProcess.RunAsync(db.Args("verify", "--json", "--save-digest", "/proc/x.json"));

        verify.Code.ShouldBe(2, verify.Err);
        verify.Out.ShouldContain("Intact:", customMessage: "the verification is printed even though its digest could not be saved");
        verify.Err.ShouldContain("Digest not saved: cannot write --save-digest '/proc/x.json'");
        json.Code.ShouldBe(2, json.Err);
        json.Out.ShouldContain("\"intact\": true");
        json.Out.ShouldContain("\"digest-saved\": false");
    }
}
