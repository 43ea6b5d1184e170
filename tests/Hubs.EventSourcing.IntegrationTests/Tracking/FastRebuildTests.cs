using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Testing;
using Hubs.EventSourcing.Tracking;
using JasperFx.Events.Daemon;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Marten;
using Marten.Events;
using Npgsql;

namespace Hubs.EventSourcing.IntegrationTests.Tracking;

/// <summary>
/// The one-pass rebuild (<see cref="RebuildMethod.OnePass"/>) writes exactly the documents Marten's own rebuild writes, and
/// sets the projections' progress so the daemon goes on from the last rebuilt event: nothing skipped, nothing twice.
/// </summary>
public sealed class FastRebuildTests
{
    private const int LockId = 7_301_977; // this class's own daemon lock id, apart from any other daemon on the database

    private static readonly string[] Tables = ["mt_doc_clustertrack", "mt_doc_regiontrack", "mt_doc_enterprisetrack", "mt_doc_exchangeratetrack"];

    [Fact]
    public async Task a_one_pass_rebuild_writes_the_documents_marten_s_rebuild_writes_and_reports_progress()
    {
        await using var hubs = await HubsTestStore.CreateAsync(nameof(FastRebuildTests) + "_equal");
        await SeedStory.LoadAsync(hubs.Commands);
        await hubs.Commands.SendAsync(new ReviseRdIntensity("beijing", 2022, 6.73m, 2843.3m, "CNY 100m", new DateOnly(2024, 9, 1), "NBS", "census"), Ctx.New());
        var tracking = hubs.Services.GetRequiredService<HubsTracking>();
        await tracking.RebuildAsync(RebuildMethod.MartenDaemon);
        var marten = await DocumentsAsync(hubs);
        marten.ShouldContain("6.73");
        var martenProgress = await ProgressAsync(hubs);

        var progress = new List<RebuildProgress>();
        await tracking.RebuildAsync(RebuildMethod.OnePass, new SyncProgress<RebuildProgress>(progress.Add));

        (await DocumentsAsync(hubs)).ShouldBe(marten, "every document, its id, revision and type as Marten's rebuild wrote them");
        (await ProgressAsync(hubs)).ShouldBe(martenProgress, "each projection's progress where Marten's rebuild left it");
        progress.Last().Finished.ShouldBeTrue();
        progress.ShouldAllBe(p => p.EventsProcessed <= p.EventsTotal);
        progress.Last().EventsProcessed.ShouldBe(progress.Last().EventsTotal);
    }

    [Fact]
    public async Task the_daemon_resumes_after_a_one_pass_rebuild_without_reprocessing_or_skipping_an_event()
    {
        await using var hubs = await HubsTestStore.CreateAsync(nameof(FastRebuildTests) + "_resume");
        await SeedStory.LoadAsync(hubs.Commands);
        var tracking = hubs.Services.GetRequiredService<HubsTracking>();
        var last = await hubs.ScalarAsync<long>("select max(seq_id) from mt_events");

        await tracking.RebuildAsync(RebuildMethod.OnePass);
        (await ProgressAsync(hubs)).ShouldAllBe(p => p.EndsWith($"={last}"), "every projection's progress is the last rebuilt event");

        // After the rebuild: a join (a cluster's memberships are a list, so a join projected twice would show twice) and a figure.
        await hubs.Commands.SendAsync(new RegisterRegion("after-rebuild", "After Rebuild", RegionKind.Province), Ctx.New());
        await hubs.Commands.SendAsync(new JoinCluster("yangtze-river-delta", "after-rebuild", new DateOnly(2026, 1, 1)), Ctx.New());
        await hubs.Commands.SendAsync(new SetRegionTarget("beijing", 7.5m, 2035), Ctx.New());
        await tracking.CatchUpAsync(TimeSpan.FromSeconds(60));
        var resumed = await DocumentsAsync(hubs);

        resumed.ShouldContain("after-rebuild", customMessage: "the events after the rebuild were projected");
        await tracking.RebuildAsync(RebuildMethod.MartenDaemon);
        resumed.ShouldBe(await DocumentsAsync(hubs), "incremental projection after the one-pass rebuild equals a full rebuild: nothing reprocessed or skipped");
    }

    [Fact]
    public async Task a_one_pass_rebuild_is_refused_while_a_hot_cold_daemon_runs_the_projections_and_changes_nothing()
    {
        await using var hubs = await HubsTestStore.CreateAsync(nameof(FastRebuildTests) + "_daemon");
        await hubs.Commands.SendAsync(new RegisterRegion("daemon-run", "Daemon Run", RegionKind.Province), Ctx.New());
        await using var node = Node(hubs);
        foreach (var service in node.GetServices<IHostedService>()) await service.StartAsync(CancellationToken.None);
        try
        {
            await hubs.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
            await WaitForShardLocksAsync(hubs);
            var before = await DocumentsAsync(hubs);

            var refused = await Should.ThrowAsync<InvalidOperationException>(() =>
                node.GetRequiredService<HubsTracking>().RebuildAsync(RebuildMethod.OnePass));

            refused.Message.ShouldContain("running async daemon");
            (await DocumentsAsync(hubs)).ShouldBe(before);
        }
        finally
        {
            foreach (var service in node.GetServices<IHostedService>()) await service.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task a_one_pass_rebuild_that_meets_an_unreadable_event_fails_with_its_cause_and_changes_nothing()
    {
        await using var hubs = await HubsTestStore.CreateAsync(nameof(FastRebuildTests) + "_unreadable");
        await SeedStory.LoadAsync(hubs.Commands);
        var tracking = hubs.Services.GetRequiredService<HubsTracking>();
        await tracking.RebuildAsync(RebuildMethod.OnePass);
        var before = await DocumentsAsync(hubs);
        var progress = await ProgressAsync(hubs);
        // A figure written by a newer release: the rebuild cannot read it, and must not write half of the read models.
        await hubs.ExecuteAsync("""
            update mt_events set type = type || '_v9'
            where seq_id = (select max(seq_id) from mt_events where stream_id like 'region:%' and type = 'rd_intensity_reported')
            """);

        var failed = await Should.ThrowAsync<NotSupportedException>(() => tracking.RebuildAsync(RebuildMethod.OnePass));

        failed.Message.ShouldContain("rd_intensity_reported_v9");
        (await DocumentsAsync(hubs)).ShouldBe(before, "the documents as they were: the rebuild's transaction was rolled back");
        (await ProgressAsync(hubs)).ShouldBe(progress);
    }

    private static ServiceProvider Node(HubsTestStore store) => DaemonNodes.Build(store, "hubs-rebuild-node", LockId);

    /// <summary>Bounded poll: the node holds its five shard locks (one per tracking projection; the indicators read model is
    /// the fifth — waiting for four passed only when a poll caught the node mid-acquisition).</summary>
    private static async Task WaitForShardLocksAsync(HubsTestStore store)
    {
        for (var i = 0; i < 600; i++)
        {
            var held = await store.ScalarAsync<long>("""
                select count(*) from pg_locks l join pg_stat_activity a on a.pid = l.pid
                where l.locktype = 'advisory' and l.granted and a.application_name = 'hubs-rebuild-node'
                """);
            if (held >= 5) return;
            await Task.Delay(100);
        }
        throw new TimeoutException("the hot/cold node never took its shard locks");
    }

    private static async Task<string> DocumentsAsync(HubsTestStore store)
    {
        var parts = new List<string>();
        foreach (var table in Tables)
            parts.Add(await store.ScalarAsync<string>(
                $"select coalesce(string_agg(id || '|' || mt_version || '|' || mt_dotnet_type || '|' || data::text, E'\\n' order by id), '') from {table}"));
        return string.Join("\n--\n", parts);
    }

    private static async Task<List<string>> ProgressAsync(HubsTestStore store) =>
        (await store.ScalarAsync<string>(
            "select string_agg(name || '=' || last_seq_id, ',' order by name) from mt_event_progression where name like 'tracking-%'"))
        .Split(',').ToList();
}
