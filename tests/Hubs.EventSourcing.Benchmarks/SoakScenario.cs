using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Hubs.EventSourcing.Regions;
using Microsoft.Extensions.DependencyInjection;

namespace Hubs.EventSourcing.Benchmarks;

/// <summary>
/// <c>--soak</c>: writers send commands for a fixed time (each with its own command service, as separate processes would)
/// while throughput, conflicts, retries and memory are sampled; at the end every accepted command's event is counted and
/// the store verified. Not part of CI (docs/reliability.md has a short run and the command).
/// </summary>
internal static class SoakScenario
{
    public sealed record Settings(TimeSpan Duration, int Writers, int Streams, double HotShare, TimeSpan Interval, int Seed, string Output);

    private sealed record Sample(TimeSpan At, long Accepted, double PerSecond, long Conflicts, long Retries, long GaveUp, double HeapMb,
        double WorkingSetMb, int Gen2);

    public static async Task<int> RunAsync(Settings s)
    {
        Console.WriteLine($"Soak: {s.Writers} writers for {s.Duration.TotalMinutes:0.##} min over {s.Streams} streams " +
                          $"({s.HotShare:P0} of commands on one hot stream), seed {s.Seed}, a sample every {s.Interval.TotalSeconds:0} s");
        await using var store = await Bench.StoreAsync("soak");
        var options = store.Services.GetRequiredService<HubsOptions>();
        var keys = Enumerable.Range(0, s.Streams).Select(i => $"soak-{i}").ToArray();
        await store.Commands.SendBatchAsync(keys.Select(k => (IHubsCommand)new RegisterRegion(k, k, RegionKind.Province)).ToList(), Bench.Context("soak setup"));

        long conflicts = 0, retries = 0, accepted = 0, gaveUp = 0, sent = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Hubs.EventSourcing" && instrument.Name is "hubs.command.conflicts" or "hubs.command.retries")
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "hubs.command.conflicts") Interlocked.Add(ref conflicts, value);
            else Interlocked.Add(ref retries, value);
        });
        listener.Start();

        using var stop = new CancellationTokenSource(s.Duration);
        var clock = Stopwatch.StartNew();
        var writers = Enumerable.Range(0, s.Writers).Select(w => Task.Run(async () =>
        {
            var commands = new HubsCommands(store.Store, options);
            var random = new Random(s.Seed + w);
            while (!stop.IsCancellationRequested)
            {
                var n = Interlocked.Increment(ref sent);
                var key = random.NextDouble() < s.HotShare ? keys[0] : keys[random.Next(keys.Length)];
                // A new value every time (0.001–99.999 %), so every accepted command appends exactly one event.
                var target = (n % 99_999 + 1) / 1000m;
                try
                {
                    var result = await commands.SendAsync(new SetRegionTarget(key, target, 2035), Bench.Context("soak"));
                    if (result.Outcome == CommandOutcome.Appended) Interlocked.Increment(ref accepted);
                }
                catch (HubsConcurrencyException) { Interlocked.Increment(ref gaveUp); }
            }
        })).ToArray();

        var samples = new List<Sample>();
        long previous = 0;
        var last = TimeSpan.Zero;
        while (!writers.All(t => t.IsCompleted))
        {
            await Task.WhenAny(Task.WhenAll(writers), Task.Delay(s.Interval));
            var now = clock.Elapsed;
            var total = Interlocked.Read(ref accepted);
            listener.RecordObservableInstruments();
            using var self = Process.GetCurrentProcess();
            var sample = new Sample(now, total, (total - previous) / Math.Max(0.001, (now - last).TotalSeconds), Interlocked.Read(ref conflicts),
                Interlocked.Read(ref retries), Interlocked.Read(ref gaveUp), GC.GetTotalMemory(false) / 1048576.0, self.WorkingSet64 / 1048576.0,
                GC.CollectionCount(2));
            samples.Add(sample);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {sample.At.TotalSeconds,6:0}s  accepted {sample.Accepted,8:N0}  {sample.PerSecond,7:0}/s  conflicts {sample.Conflicts,7:N0}  retries {sample.Retries,7:N0}  gave up {sample.GaveUp,5:N0}  heap {sample.HeapMb,6:0.0} MB  working set {sample.WorkingSetMb,6:0} MB  gen2 {sample.Gen2}"));
            (previous, last) = (total, now);
        }
        await Task.WhenAll(writers);

        var stored = await store.ScalarAsync<long>($"select count(*) from mt_events where type = '{Storage.EventNames.ByType[typeof(RegionTargetSet)]}'");
        var report = await store.Audit.VerifyAsync();
        var lost = accepted - stored;
        Console.WriteLine($"Accepted {accepted:N0} of {sent:N0} commands, {gaveUp:N0} gave up after {options.MaxConcurrencyRetries} lost races; " +
                          $"events stored {stored:N0} (lost or duplicated: {lost}); verify {(report.IsIntact ? "intact" : $"found {report.Breaks.Count} breaks")} " +
                          $"over {report.EventsChecked:N0} events.");
        await File.WriteAllTextAsync(s.Output, Markdown(s, samples, accepted, sent, gaveUp, stored, report.IsIntact));
        Console.WriteLine($"Written to {s.Output}.");
        return lost == 0 && report.IsIntact ? 0 : 1;
    }

    private static string Markdown(Settings s, List<Sample> samples, long accepted, long sent, long gaveUp, long stored, bool intact)
    {
        var md = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"""
            Soak: {s.Writers} writers, {s.Duration.TotalMinutes:0.##} min, {s.Streams} streams ({s.HotShare:P0} on one hot stream), seed {s.Seed}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores

            | t (s) | accepted | commands/s | conflicts | retries | gave up | managed heap (MB) | working set (MB) | gen-2 GCs |
            |---:|---:|---:|---:|---:|---:|---:|---:|---:|

            """));
        foreach (var x in samples)
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {x.At.TotalSeconds:0} | {x.Accepted:N0} | {x.PerSecond:0} | {x.Conflicts:N0} | {x.Retries:N0} | {x.GaveUp:N0} | {x.HeapMb:0.0} | {x.WorkingSetMb:0} | {x.Gen2} |");
        md.AppendLine().AppendLine(CultureInfo.InvariantCulture,
            $"Accepted {accepted:N0} of {sent:N0}; gave up {gaveUp:N0}; events stored {stored:N0} (lost or duplicated: {accepted - stored}); verify {(intact ? "intact" : "BROKEN")}.");
        return md.ToString();
    }
}
