using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Hubs.EventSourcing.Benchmarks;

/// <summary>
/// Item 1t: item 1b's sequential commands with nobody listening to the library's source and meter vs with a listener that
/// records every span and measurement, interleaved in rounds on one store; plus the bytes allocated per command on the
/// unobserved path, so a telemetry hook that allocates when nobody listens shows up here first.
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
        long offBytes = 0, offCommands = 0;
        for (var round = 0; round < rounds; round++)
        {
            // Alternate which goes first, so warming and drift favour neither.
            var slice = work.AsMemory(round * perRound, perRound).ToArray();
            var (first, second) = (slice[..(slice.Length / 2)], slice[(slice.Length / 2)..]);
            var (offSlice, onSlice) = round % 2 == 0 ? (first, second) : (second, first);
            async Task Off()
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                offMs += await Bench.TimeAsync(async () => { foreach (var c in offSlice) await commands.SendAsync(c, Bench.Context()); });
                offBytes += GC.GetAllocatedBytesForCurrentThread() - before;
                offCommands += offSlice.Length;
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
        bench.Report.Add(new ResultRow("1t", $"SendAsync, nobody listening: {offMs / n * 1000:0} µs/command",
            $"every span and metric recorded: {onMs / n * 1000:0} µs/command", onMs / offMs, "(info)"));
        // Thread-local bytes are a lower bound across awaits (continuations may run elsewhere); compare runs, not absolutes.
        bench.Report.Add(new ResultRow("1t", $"bytes allocated per unobserved command on the sending thread: {offBytes / (double)offCommands:0}", "", null, "(info)"));
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
