using Xunit.Abstractions;

namespace Hubs.SampleHost.Tests.Faults;

/// <summary>The host killed with SIGKILL at seeded random points of a long import: no partial batch, verify intact, a re-run completes it.</summary>
public sealed class ImportKillTests(ITestOutputHelper output)
{
    private const int Years = 11;

    [Fact]
    public async Task an_import_killed_at_random_points_leaves_whole_batches_and_a_re_run_completes_it_exactly()
    {
        var random = FaultKit.Seeded(output, nameof(ImportKillTests));
        var kills = FaultKit.Rounds("HUBS_FAULT_KILLS", 2);
        // Each kill lets up to 2,000 more events commit: a file large enough that the import never finishes before the last kill.
        var regions = Math.Max(400, 200 * kills);
        var db = await TestDatabase.CreateAsync(nameof(an_import_killed_at_random_points_leaves_whole_batches_and_a_re_run_completes_it_exactly));
        var csv = FaultKit.RdCsv("killed", regions, Years, random.Next());
        string[] import = db.Args("import", "rd", csv, "--register-missing", "--missing-kind", "province", "--batch-size", "1000");
        var total = regions * Years + regions;

        for (var k = 0; k < kills; k++)
        {
            var before = await FaultKit.EventsAsync(db.ConnectionString, db.Schema);
            if (before >= total) break;
            // Kill once a seeded number of further events (1 to 3 batches' worth) has committed: somewhere inside the next batch.
            var target = before + random.Next(1, 2_000);
            using var host = HostProcess.Start(import);
            await FaultKit.UntilAsync(async () => host.HasExited || await FaultKit.EventsAsync(db.ConnectionString, db.Schema) >= target,
                TimeSpan.FromMinutes(2), $"{target} events committed");
            if (host.HasExited) break;
            host.Signal(9);
            await host.WaitAsync();
            var after = await FaultKit.EventsAsync(db.ConnectionString, db.Schema);
            output.WriteLine($"kill {k + 1}: SIGKILL after {target} events were seen; {after} stored");
            await FaultKit.AssertNoPartialUnitAsync(db.ConnectionString, db.Schema);
        }
        var verify = await HostProcess.RunAsync(db.Args("verify"));
        verify.Code.ShouldBe(0, "verify passes after the kills: " + verify.Out + verify.Err);

        var rerun = await HostProcess.RunAsync(import);

        rerun.Code.ShouldBe(0, rerun.Err);
        (await FaultKit.EventsAsync(db.ConnectionString, db.Schema)).ShouldBe(total, "every row's event exactly once: no duplicate, no gap");
        (await FaultKit.ScalarAsync<long>(db.ConnectionString,
            $"select count(distinct (stream_id, data->>'year')) from {db.Schema}.mt_events where type = 'rd_intensity_reported'")).ShouldBe(regions * Years);
        await FaultKit.AssertNoPartialUnitAsync(db.ConnectionString, db.Schema);
        (await HostProcess.RunAsync(db.Args("verify"))).Code.ShouldBe(0);
        File.Delete(csv);
    }
}
