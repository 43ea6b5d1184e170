using System.Collections.Concurrent;
using Hubs.EventSourcing.Regions;

namespace Hubs.EventSourcing.Benchmarks;

/// <summary>
/// Item 8: many writers of one command service on one hot stream, each sending its commands one after another. The
/// library's per-stream turns (the default) against the racing path before them (turns off, same service, same run):
/// commands given up after the retry budget, commands lost or stored twice (counted by command id in the stored
/// history), the chain verified, and accepted commands per second; then 16 writers split over two services, which
/// only the store's version check and the retry rule order (as two processes). <c>HUBS_BENCH_CONTENTION_COMMANDS</c> sets the
/// commands per writer (default 1,000; 5 in --short); the racing path sends at most 50 per writer.
/// </summary>
internal static class ContentionScenario
{
    public static async Task RunAsync(Bench bench)
    {
        var perWriter = int.TryParse(Environment.GetEnvironmentVariable("HUBS_BENCH_CONTENTION_COMMANDS"), out var n) && n > 0
            ? n : bench.Short ? 5 : 1_000;
        // The racing path is measured on fewer commands: its rates (per second, share given up) settle within 50 per
        // writer, and 64 racing writers × 1,000 would take the better part of an hour on 2 cores.
        var racingPerWriter = Math.Min(perWriter, 50);
        foreach (var writers in new[] { 16, 64 })
        {
            await bench.QuiesceAsync();
            var ordered = await RunAsync(writers, perWriter, ordered: true);
            await bench.QuiesceAsync();
            var racing = await RunAsync(writers, racingPerWriter, ordered: false);
            bench.Report.Add(new ResultRow("8",
                $"{writers} writers × {perWriter:N0} commands on one stream, one service, turns per stream: {ordered.Text}",
                $"the racing path (turns off), {writers} × {racingPerWriter:N0}: {racing.Text}", ordered.PerSecond / racing.PerSecond, "(info: throughput)"));
            bench.Report.Add(new ResultRow("8", $"{writers} writers, turns per stream: given up {ordered.GaveUp:N0}, lost or duplicated {ordered.Wrong:N0}",
                $"racing: given up {racing.GaveUp:N0} of {writers * racingPerWriter:N0} ({racing.GaveUp / (double)(writers * racingPerWriter):P1}), lost or duplicated {racing.Wrong:N0}",
                null, writers == 16 ? "0 given up, 0 lost or duplicated" : "report"));
            if (ordered.Wrong + racing.Wrong > 0 || (writers == 16 && ordered.GaveUp > 0))
                throw new InvalidOperationException($"item 8, {writers} writers: a command was lost, duplicated or given up with turns on.");
        }

        // Across processes only the version check and the retry rule order writers: two services stand for two processes.
        await bench.QuiesceAsync();
        var split = await RunAsync(16, perWriter, ordered: true, services: 2);
        bench.Report.Add(new ResultRow("8", $"16 writers in 2 services (as 2 processes), turns per stream in each: given up {split.GaveUp:N0} " +
            $"({split.GaveUp / (16.0 * perWriter):P1}), lost or duplicated {split.Wrong:N0}, {split.Text}", "", null, "report"));
        if (split.Wrong > 0) throw new InvalidOperationException("item 8, 2 services: a command was lost or duplicated.");
    }

    private sealed record Outcome(int GaveUp, int Wrong, double PerSecond, bool Intact)
    {
        public string Text => $"{PerSecond:0} accepted commands/s, chain {(Intact ? "intact" : "BROKEN")}";
    }

    private static async Task<Outcome> RunAsync(int writers, int perWriter, bool ordered, int services = 1)
    {
        await using var store = await Bench.StoreAsync($"8_{writers}_{services}_{(ordered ? "turns" : "racing")}");
        var service = Enumerable.Range(0, services)
            .Select(_ => new HubsCommands(store.Store, new HubsOptions()) { OrdersWritersPerStream = ordered }).ToArray();
        var setup = Bench.Context("setup");
        await service[0].SendAsync(new RegisterRegion("hot", "Hot", RegionKind.Province), setup);
        var accepted = new ConcurrentBag<Guid>();
        var gaveUp = 0;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            await start.Task;
            for (var i = 0; i < perWriter; i++)
            {
                var context = Bench.Context();
                try
                {
                    await service[w % services].SendAsync(new SetRegionTarget("hot", (w * perWriter + i + 1) / 10_000m, 2035), context);
                    accepted.Add(context.CommandId);
                }
                catch (HubsConcurrencyException) { Interlocked.Increment(ref gaveUp); }
            }
        })).ToArray();
        var ms = await Bench.TimeAsync(async () =>
        {
            start.SetResult();
            await Task.WhenAll(running);
        });

        var stored = new Dictionary<string, int>();
        await foreach (var e in store.Audit.HistoryAsync("region:hot"))
            stored[e.CommandId] = stored.GetValueOrDefault(e.CommandId) + 1;
        // Lost or stored twice: an accepted command without exactly one event, or an event of a command reported as given up.
        var expected = accepted.Select(id => id.ToString("D")).Append(setup.CommandId.ToString("D")).ToHashSet();
        var wrong = expected.Count(id => stored.GetValueOrDefault(id) != 1) + stored.Keys.Count(id => !expected.Contains(id));
        var intact = (await store.Audit.VerifyAsync()).Breaks.Count == 0;
        return new Outcome(gaveUp, wrong, accepted.Count / (ms / 1000), intact);
    }
}
