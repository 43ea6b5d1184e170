using System.Diagnostics;
using System.Globalization;
using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Testing;
using Hubs.EventSourcing.Tracking;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;
using Microsoft.Extensions.DependencyInjection;

namespace Hubs.EventSourcing.Benchmarks;

/// <summary>
/// Items 5 and 3 over one load of 1,000,000 events with real hash chains (loaded through the library's COPY path in large
/// batches): verification against a plain read of the same rows by the same reader, and a rebuild of every tracking read
/// model against a raw Marten single-stream rebuild (<c>Snapshot&lt;Region&gt;</c>, async, through the daemon), each rebuild
/// in a child process under <c>/usr/bin/time -v</c> for its peak memory; then item 4 at scale: as-of and as-known-at
/// reports and a diff between two known-at dates over the same events, each in its own child process, timed against that
/// rebuild.
/// </summary>
internal static class ReplayScenario
{
    public const string ChildFlag = "--rebuild-child";

    public static async Task RunAsync(Bench bench)
    {
        // HUBS_BENCH_REPLAY_STREAMS scales the load down for development runs (100 events per stream).
        var fullStreams = int.TryParse(Environment.GetEnvironmentVariable("HUBS_BENCH_REPLAY_STREAMS"), out var n) ? n : 10_000;
        var (streams, perStream, batch) = bench.Short ? (20, 100, 1_000) : (fullStreams, 100, 20_000);
        var events = streams * perStream;
        await using var store = await HubsTestStore.CreateAsync("bench_replay", configureMarten: AddRawBaseline);
        var loadMs = await Bench.TimeAsync(async () =>
        {
            foreach (var b in Workload.Batches(streams, perStream, batch))
                await store.Commands.SendBatchAsync(b, Bench.Context());
        });
        await store.ExecuteAsync("analyze mt_events; analyze mt_streams");
        bench.Report.Note($"Items 3 and 5 workload: {events:N0} events over {streams:N0} region streams, loaded with hash chains through SendBatchAsync " +
                          $"(COPY path, batches of {batch:N0}) in {loadMs / 1000:0.0} s ({Report.Rate(events / (loadMs / 1000))}), then ANALYZE.");

        await VerifyAsync(bench, store, events);
        await RebuildAsync(bench, store, events);
    }

    /// <summary>The raw Marten baseline of item 3: the region aggregate as an async single-stream snapshot.</summary>
    private static void AddRawBaseline(StoreOptions opts) => opts.Projections.Snapshot<Region>(SnapshotLifecycle.Async);

    private static async Task VerifyAsync(Bench bench, HubsTestStore store, int events)
    {
        var audit = store.Services.GetRequiredService<HubsAudit>();
        var times = await bench.BestOfAsync(
            _ => Bench.TimeAsync(async () =>
            {
                var report = await audit.VerifyAsync();
                if (report.EventsChecked != events || report.Breaks.Count > 0)
                    throw new InvalidOperationException($"Verification found {report.EventsChecked} events and {report.Breaks.Count} breaks; expected {events} and none.");
            }),
            _ => Bench.TimeAsync(async () =>
            {
                long n = 0;
                await foreach (var _ in audit.Reader.ReadAsync(new EventQuery())) n++;
                if (n != events) throw new InvalidOperationException($"Read {n} events, expected {events}.");
            }));
        var (verifyMs, readMs) = (times[0], times[1]);
        bench.Report.Add(new ResultRow("5", $"HubsAudit.VerifyAsync over {events:N0} events (every hash recomputed, stream records checked) {Report.Rate(events / (verifyMs / 1000))}",
            $"the same reader streaming the same rows without hashing {Report.Rate(events / (readMs / 1000))}", readMs / verifyMs, "≥ 0.80", 0.80));
    }

    private static async Task RebuildAsync(Bench bench, HubsTestStore store, int events)
    {
        (double Ms, double PeakMb) tracking = (double.MaxValue, 0), daemon = (double.MaxValue, 0), raw = (double.MaxValue, 0);
        for (var rep = 0; rep < bench.Repetitions; rep++)
        {
            var t = await RunChildAsync(store, "tracking");
            var r = await RunChildAsync(store, "raw");
            tracking = (Math.Min(tracking.Ms, t.Ms), Math.Max(tracking.PeakMb, t.PeakMb));
            raw = (Math.Min(raw.Ms, r.Ms), Math.Max(raw.PeakMb, r.PeakMb));
        }
        // The fallback once: it is the slow side, and only informative.
        daemon = await RunChildAsync(store, "tracking-daemon");
        bench.Report.Add(new ResultRow("3", $"HubsTracking.RebuildAsync (one pass), all tracking read models from {events:N0} events {Report.Rate(events / (tracking.Ms / 1000))}",
            $"raw Marten rebuild of an async Snapshot<Region> over the same events {Report.Rate(events / (raw.Ms / 1000))}", raw.Ms / tracking.Ms, "≥ 2.0, documents identical", 2.0));
        bench.Report.Add(new ResultRow("3", $"HubsTracking.RebuildAsync(RebuildMethod.MartenDaemon), the fallback through Marten's daemon {Report.Rate(events / (daemon.Ms / 1000))}",
            $"raw Marten rebuild {Report.Rate(events / (raw.Ms / 1000))}", raw.Ms / daemon.Ms, "(info)"));
        bench.Report.Add(new ResultRow("3", $"peak memory of the one-pass rebuild process (max RSS, /usr/bin/time -v): {tracking.PeakMb:0} MB",
            $"raw Marten rebuild process: {raw.PeakMb:0} MB; the fallback: {daemon.PeakMb:0} MB", null, "≤ 300 MB" + (bench.Short ? "" : tracking.PeakMb <= 300 ? " (met)" : " (MISSED)")));

        // Item 4 at scale, next to the rebuild of the same run: replays an auditor asks for, each in its own process.
        foreach (var (which, label) in new[]
                 {
                     ("asof", "HubsTracking.GetReportAsync(asOf: now)"),
                     ("knownat", "HubsTracking.GetReportAsync(knownAt: 2000-01-01)"),
                     ("diff", "HubsTracking.DiffAsync(known at 1995-01-01 → known at 2000-01-01: two streamed passes, five years of figures added)"),
                 })
        {
            (double Ms, double PeakMb) replay = (double.MaxValue, 0);
            for (var rep = 0; rep < bench.Repetitions; rep++)
            {
                var x = await RunChildAsync(store, which);
                replay = (Math.Min(replay.Ms, x.Ms), Math.Max(replay.PeakMb, x.PeakMb));
            }
            bench.Report.Add(new ResultRow("4", $"{label} over {events:N0} events, streamed through the folds: {replay.Ms / 1000:0.00} s, peak RSS {replay.PeakMb:0} MB",
                $"the one-pass rebuild of every read model over the same events {tracking.Ms / 1000:0.00} s", tracking.Ms / replay.Ms,
                "peak RSS ≤ 300 MB" + (bench.Short ? "" : replay.PeakMb <= 300 ? " (met)" : " (MISSED)")));
        }
    }

    private static Task<(double Ms, double PeakMb)> RunChildAsync(HubsTestStore store, string which) =>
        Bench.RunChildAsync("REBUILD", null, ChildFlag, which, store.Schema, store.ConnectionString);

    private static void Require(bool condition)
    {
        if (!condition) throw new InvalidOperationException("The replay returned nothing.");
    }

    /// <summary>The child: open the loaded schema (without dropping it) and rebuild one side, printing its time.</summary>
    public static async Task<int> ChildAsync(string[] args)
    {
        var i = Array.IndexOf(args, ChildFlag);
        var (which, schema, connectionString) = (args[i + 1], args[i + 2], args[i + 3]);
        var services = new ServiceCollection();
        services.AddMarten(o =>
        {
            o.Connection(connectionString);
            o.DatabaseSchemaName = schema;
            AddRawBaseline(o);
        });
        services.AddHubsEventSourcing();
        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IDocumentStore>();
        var sw = Stopwatch.StartNew();
        if (which == "tracking")
            await provider.GetRequiredService<HubsTracking>().RebuildAsync(RebuildMethod.OnePass);
        else if (which == "tracking-daemon")
            await provider.GetRequiredService<HubsTracking>().RebuildAsync(RebuildMethod.MartenDaemon);
        else if (which == "asof")
            Require((await provider.GetRequiredService<HubsTracking>().GetReportAsync(DateTimeOffset.UtcNow, null)).Regions.Count > 0);
        else if (which == "knownat")
            Require((await provider.GetRequiredService<HubsTracking>().GetReportAsync(null, new DateOnly(2000, 1, 1))).Regions.Count > 0);
        else if (which == "diff")
            Require((await provider.GetRequiredService<HubsTracking>().DiffAsync(new ReportPoint(KnownAt: new DateOnly(1995, 1, 1)),
                new ReportPoint(KnownAt: new DateOnly(2000, 1, 1)))).Changes.Count > 0);
        else
        {
            using var daemon = await store.BuildProjectionDaemonAsync();
            await daemon.RebuildProjectionAsync<Region>(TimeSpan.FromMinutes(30), CancellationToken.None);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"REBUILD {sw.Elapsed.TotalMilliseconds:0}"));
        return 0;
    }
}
