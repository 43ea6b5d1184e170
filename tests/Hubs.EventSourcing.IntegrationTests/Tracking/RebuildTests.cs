using System.Text.Json;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Tracking;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Hubs.EventSourcing.IntegrationTests.Tracking;

public sealed class RebuildTests(ClassStore<RebuildTests> fx) : IClassFixture<ClassStore<RebuildTests>>
{
    private HubsTracking Tracking => fx.Hubs.Services.GetRequiredService<HubsTracking>();

    [Fact]
    public async Task a_full_rebuild_through_marten_and_an_in_memory_replay_produce_the_same_read_models_as_incremental_projection()
    {
        await SeedStory.LoadAsync(fx.Hubs.Commands);
        await Tracking.CatchUpAsync(TimeSpan.FromSeconds(60));
        // Incremental: the daemon updates documents it already wrote.
        await fx.Hubs.Commands.SendAsync(new SetRegionTarget("beijing", 7m, 2035), Ctx.New());
        await fx.Hubs.Commands.SendAsync(new ReviseRdIntensity("beijing", 2022, 6.73m, 2843.3m, "CNY 100m", new DateOnly(2024, 9, 1), "NBS", "census"), Ctx.New());
        await Tracking.CatchUpAsync(TimeSpan.FromSeconds(60));
        var incremental = await SnapshotAsync();
        incremental.ShouldContain("6.73");

        var progress = new List<RebuildProgress>();
        await Tracking.RebuildAsync(RebuildMethod.MartenDaemon, new SyncProgress<RebuildProgress>(progress.Add));
        var rebuilt = await SnapshotAsync();

        rebuilt.ShouldBe(incremental);
        progress.Where(p => p.Finished).Select(p => p.Projection).ShouldBe(["tracking-clusters", "tracking-regions", "tracking-enterprises", "tracking-exchange-rates", "tracking-indicators", "tracking-rankings"]);
        progress.ShouldAllBe(p => p.EventsProcessed <= p.EventsTotal && p.Count == 6);

        await using var session = fx.Hubs.Store.QuerySession();
        var events = await session.Events.QueryAllRawEvents().OrderBy(e => e.Sequence).ToListAsync();
        var replayed = Snapshot(new TrackingViews(TrackingReplay.Build(events)));
        replayed.ShouldBe(incremental);
    }

    private async Task<string> SnapshotAsync() => Snapshot(new TrackingViews(await Tracking.LoadAsync(CancellationToken.None)));

    private static string Snapshot(TrackingViews views) =>
        JsonSerializer.Serialize(new { report = views.Report(), board2022 = views.Leaderboard(2022), board2024 = views.Leaderboard(2024) });
}
