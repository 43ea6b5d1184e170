using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.IntegrationTests.Tracking;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Testing;
using Hubs.EventSourcing.Tracking;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Hubs.EventSourcing.Benchmarks;

/// <summary>
/// Item 4. (a) The state at points of one 100,000-event stream through <see cref="HubsAudit.StateAsync"/>, folding from the
/// nearest checkpoint, vs the same call with <c>fullReplay</c> (every event from version 1) and vs Marten's own live
/// aggregation (<c>AggregateStreamAsync</c>) to the same versions. (b) An as-of report over the demo-sized data (the seed
/// article and the demo dataset) vs a full rebuild of the tracking read models over the same data.
/// </summary>
internal static class TimeTravelScenario
{
    public static async Task RunAsync(Bench bench)
    {
        await LongStreamAsync(bench);
        await AsOfReportAsync(bench);
    }

    private static async Task LongStreamAsync(Bench bench)
    {
        var (events, points) = bench.Short ? (3_000, 2) : (100_000, 20);
        await using var store = await Bench.StoreAsync("timetravel");
        const string id = "bench-long";
        var key = Keys.Region(id);
        var loadMs = await Bench.TimeAsync(async () =>
        {
            foreach (var batch in LongStream(id, events).Chunk(10_000))
                await store.Commands.SendBatchAsync(batch, Bench.Context("long stream"));
        });
        await store.ExecuteAsync("analyze");
        var audit = store.Services.GetRequiredService<HubsAudit>();

        // Points spread over the whole stream, each half-way between two checkpoints (the average case).
        var versions = Enumerable.Range(1, points).Select(k => (long)events * k / (points + 1) / 1_000 * 1_000 + 500).ToArray();
        var folded = new long[2];
        var times = await bench.BestOfAsync(
            _ => Bench.TimeAsync(async () =>
            {
                foreach (var v in versions)
                {
                    var s = await audit.StateAsync(key, StatePoint.AtVersion(v));
                    if (s!.Version != v || s.CheckpointVersion is null) throw new InvalidOperationException($"v{v}: not folded from a checkpoint");
                    folded[0] += v - s.CheckpointVersion.Value;
                }
            }),
            _ => Bench.TimeAsync(async () =>
            {
                foreach (var v in versions)
                {
                    var s = await audit.StateAsync(key, StatePoint.AtVersion(v), fullReplay: true);
                    if (s!.Version != v || s.CheckpointVersion is not null) throw new InvalidOperationException($"v{v}: not a full replay");
                    folded[1] += v;
                }
            }),
            _ => Bench.TimeAsync(async () =>
            {
                await using var session = store.Store.QuerySession();
                foreach (var v in versions)
                    if ((await session.Events.AggregateStreamAsync<Region>(key, v))!.Figures.Count != 100)
                        throw new InvalidOperationException($"v{v}: Marten's aggregate is not the expected state");
            }));
        var (checkpointMs, fullMs, martenMs) = (times[0], times[1], times[2]);
        var perPoint = (double ms) => Report.Ms(ms / points) + " per point";
        bench.Report.Add(new ResultRow("4", $"HubsAudit.StateAsync at {points} points of a {events:N0}-event stream, from the nearest checkpoint (every 1,000 events): {perPoint(checkpointMs)}",
            $"the same call with fullReplay (every event from version 1): {perPoint(fullMs)}", fullMs / checkpointMs,
            "≥ 20 (≤ 1/20 of a full fold)", 20));
        bench.Report.Add(new ResultRow("4", $"the same checkpointed time travel {perPoint(checkpointMs)}",
            $"Marten AggregateStreamAsync<Region>(key, version) to the same versions: {perPoint(martenMs)}", martenMs / checkpointMs, "(info)"));
        bench.Report.Note($"Item 4 long stream: {events:N0} events (a registration, 100 yearly reports, then revisions) written through SendBatchAsync " +
                          $"in batches of 10,000 in {loadMs / 1000:0.0} s; points at versions {versions[0]:N0}…{versions[^1]:N0}; events folded per point: " +
                          $"{folded[0] / Math.Max(1, bench.Repetitions) / points:N0} from a checkpoint vs {folded[1] / Math.Max(1, bench.Repetitions) / points:N0} in a full replay.");
    }

    /// <summary>A registration, 100 yearly reports, then revisions year after year, each published a day after the last.</summary>
    private static IEnumerable<IHubsCommand> LongStream(string id, int events)
    {
        yield return new RegisterRegion(id, "Long-lived region", RegionKind.Province);
        for (var i = 0; i < events - 1; i++)
        {
            var year = 1950 + i % 100;
            var round = i / 100;
            var published = new DateOnly(year + 1, 3, 1).AddDays(round);
            var intensity = 1m + (i * 7 % 500) / 100m;
            yield return round == 0
                ? new ReportRdIntensity(id, year, intensity, null, null, published, "NBS")
                : new ReviseRdIntensity(id, year, intensity, null, null, published, "NBS", $"revision {round}");
        }
    }

    private static async Task AsOfReportAsync(Bench bench)
    {
        await using var store = await Bench.StoreAsync("asof");
        await SeedStory.LoadAsync(store.Commands);
        var tracking = store.Services.GetRequiredService<HubsTracking>();
        await tracking.RebuildAsync();
        var events = await store.ScalarAsync<long>("select count(*) from mt_events");
        var asOf = DateTimeOffset.UtcNow;
        var current = await tracking.GetReportAsync();
        var reps = bench.Short ? 1 : 5;
        double asOfMs = double.MaxValue, rebuildMs = double.MaxValue;
        for (var rep = 0; rep < reps; rep++)
        {
            TrackingReport? replayed = null;
            asOfMs = Math.Min(asOfMs, await Bench.TimeAsync(async () => replayed = await tracking.GetReportAsync(asOf, null)));
            rebuildMs = Math.Min(rebuildMs, await Bench.TimeAsync(() => tracking.RebuildAsync()));
            if (replayed!.Clusters.Count != current.Clusters.Count || replayed.Clusters.Count == 0)
                throw new InvalidOperationException("The as-of report does not show the clusters the projections show.");
        }
        bench.Report.Add(new ResultRow("4", $"HubsTracking.GetReportAsync(asOf) over the demo-sized data ({events:N0} events: the seed article and the demo dataset), replayed in memory: {Report.Ms(asOfMs)}",
            $"HubsTracking.RebuildAsync of every tracking read model over the same events: {Report.Ms(rebuildMs)}", rebuildMs / asOfMs,
            "≥ 5 (≤ 1/5 of a full rebuild)", 5));
    }
}
