using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Hubs.EventSourcing.Benchmarks;

/// <summary>
/// Item 1t: item 1b's sequential commands with nobody listening to the library's source and meter vs with a listener that
/// records every span and measurement, interleaved in rounds on one store; then the hooks of the unobserved path alone, timed
/// and their allocations counted without the database's noise, as a ratio to a whole command.
/// </summary>
internal static class TelemetryScenario
{
    public static async Task RunAsync(Bench bench)
    {
        var (regions, years, rounds) = bench.Short ? (20, 4, 2) : (500, 10, 10);
        await using var lib = await Bench.StoreAsync("1t_lib");
        await lib.Commands.SendBatchAsync(Enumerable.Range(0, regions).Select(r => (IHubsCommand)Workload.Register(r)).ToArray(), Bench.Context("setup"));
        var commands = new HubsCommands(lib.Store, new HubsOptions());
        var work = (from y in Enumerable.Range(2000, years) from r in Enumerable.Range(0, regions) select Workload.Report(r, y)).ToArray();
        var perRound = work.Length / rounds;
        double offMs = 0, onMs = 0;
        for (var round = 0; round < rounds; round++)
        {
            // Alternate which goes first, so warming and drift favour neither.
            var slice = work.AsMemory(round * perRound, perRound).ToArray();
            var (first, second) = (slice[..(slice.Length / 2)], slice[(slice.Length / 2)..]);
            var (offSlice, onSlice) = round % 2 == 0 ? (first, second) : (second, first);
            async Task Off()
            {
                offMs += await Bench.TimeAsync(async () => { foreach (var c in offSlice) await commands.SendAsync(c, Bench.Context()); });
            }
            async Task On()
            {
                using var listening = Listen();
                onMs += await Bench.TimeAsync(async () => { foreach (var c in onSlice) await commands.SendAsync(c, Bench.Context()); });
            }
            if (round % 2 == 0) { await Off(); await On(); }
            else { await On(); await Off(); }
        }

        var n = work.Length / 2.0;
        var (hookNs, hookBytes) = UnobservedHooks();
        bench.Report.Add(new ResultRow("1t", $"SendAsync, nobody listening: {offMs / n * 1000:0} µs/command",
            $"every span and metric recorded: {onMs / n * 1000:0} µs/command", onMs / offMs, "(info)"));
        var perCommandNs = offMs / n * 1e6;
        bench.Report.Add(new ResultRow("1t", $"the unobserved path's telemetry hooks: {hookNs:0} ns and {hookBytes:0} bytes per command",
            $"a whole unobserved command: {perCommandNs / 1000:0} µs", perCommandNs / (perCommandNs + hookNs), "≥ 0.97", 0.97));
    }

    /// <summary>
    /// Exactly the hooks one command passes with nobody listening (the correlation rule, the is-anyone-observing check, the five
    /// stage spans), timed in a tight loop: the cost telemetry adds to the unobserved path, free of the database's noise.
    /// </summary>
    private static (double Ns, double Bytes) UnobservedHooks()
    {
        const int n = 2_000_000;
        var context = Bench.Context();
        var log = Diagnostics.HubsLog.Silent;
        string[] stages = [Diagnostics.HubsTelemetry.ValidateSpan, Diagnostics.HubsTelemetry.IdempotencySpan, Diagnostics.HubsTelemetry.LoadSpan,
            Diagnostics.HubsTelemetry.DecideSpan, Diagnostics.HubsTelemetry.AppendSpan];
        var observed = 0;
        void Loop(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var c = Commanding.CommandCorrelation.Correlated(context);
                if (Diagnostics.CommandTelemetry.IsObserved(log) || !ReferenceEquals(c, context)) observed++;
                foreach (var stage in stages) Diagnostics.HubsTelemetry.StartStage(stage)?.Dispose();
            }
        }
        Loop(10_000);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var ms = Bench.Time(() => Loop(n));
        var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        if (observed != 0) throw new InvalidOperationException("Something listens to Hubs.EventSourcing: the unobserved path was not measured.");
        return (ms * 1e6 / n, bytes / (double)n);
    }

    /// <summary>A listener that samples every span of the library's source and takes every measurement of its meter.</summary>
    private static IDisposable Listen()
    {
        var activities = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "Hubs.EventSourcing",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(activities);
        var meters = new MeterListener { InstrumentPublished = (i, l) => { if (i.Meter.Name == "Hubs.EventSourcing") l.EnableMeasurementEvents(i); } };
        meters.SetMeasurementEventCallback<long>((_, _, _, _) => { });
        meters.SetMeasurementEventCallback<double>((_, _, _, _) => { });
        meters.Start();
        return new Both(activities, meters);
    }

    private sealed class Both(IDisposable a, IDisposable b) : IDisposable
    {
        public void Dispose()
        {
            a.Dispose();
            b.Dispose();
        }
    }
}
