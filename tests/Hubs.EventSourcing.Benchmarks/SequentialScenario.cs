using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Hubs.EventSourcing.Benchmarks;

/// <summary>
/// Item 1b: commands one at a time, each its own transaction, through <see cref="HubsCommands.SendAsync"/> vs the naive
/// Marten path (FetchForWriting + AppendOne + SaveChangesAsync), interleaved in rounds so drift hits both alike; then the
/// round trips each path makes per command, counted on the wire.
/// </summary>
internal static class SequentialScenario
{
    public static async Task RunAsync(Bench bench)
    {
        var (regions, years, rounds) = bench.Short ? (20, 10, 1) : (1_000, 10, 5);
        await using var lib = await Bench.StoreAsync("1b_lib");
        await using var naive = await Bench.StoreAsync("1b_naive");
        var registrations = Enumerable.Range(0, regions).Select(r => (IHubsCommand)Workload.Register(r)).ToArray();
        await lib.Commands.SendBatchAsync(registrations, Bench.Context("setup"));
        await naive.Commands.SendBatchAsync(registrations, Bench.Context("setup"));

        await using var ordinary = await Bench.StoreAsync("1b_ordinary");
        await ordinary.Commands.SendBatchAsync(registrations, Bench.Context("setup"));

        // Fresh command services: their head caches start cold, so first touches of each stream pay their read. The second
        // writes every command the ordinary way (look-up, then Marten's session), for a same-run comparison of the two paths.
        var commands = new HubsCommands(lib.Store, new HubsOptions());
        var ordinaryCommands = new HubsCommands(ordinary.Store, new HubsOptions()) { WritesInOneTrip = false };
        var work = (from y in Enumerable.Range(2000, years) from r in Enumerable.Range(0, regions) select Workload.Report(r, y)).ToArray();
        var perRound = work.Length / rounds;
        // Wall time and this process's CPU time (every thread) per variant: what the CPU does not account for is waiting.
        Meter lib1 = new(), naive1 = new(), ordinary1 = new();
        for (var round = 0; round < rounds; round++)
        {
            var slice = work.AsMemory(round * perRound, perRound).ToArray();
            await lib1.AddAsync(async () => { foreach (var c in slice) await commands.SendAsync(c, Bench.Context()); });
            await naive1.AddAsync(async () => { foreach (var c in slice) await NaiveAsync(naive.Store, c); });
            await ordinary1.AddAsync(async () => { foreach (var c in slice) await ordinaryCommands.SendAsync(c, Bench.Context()); });
        }
        var (libMs, naiveMs, ordinaryMs) = (lib1.Ms, naive1.Ms, ordinary1.Ms);

        var n = work.Length;
        bench.Report.Add(new ResultRow("1b", $"library SendAsync, {n:N0} sequential commands: {libMs / n * 1000:0} µs/command",
            $"naive Marten FetchForWriting+AppendOne+SaveChanges: {naiveMs / n * 1000:0} µs/command", naiveMs / libMs, "≥ 1.80", 1.80));
        bench.Report.Add(new ResultRow("1b", $"library SendAsync, one round trip on cached heads: {libMs / n * 1000:0} µs/command",
            $"the same, every command the ordinary way (look-up, Marten's session): {ordinaryMs / n * 1000:0} µs/command", ordinaryMs / libMs, "(info)"));

        bench.Report.Add(new ResultRow("1b", $"client CPU (this process, all threads) per command, library: {lib1.CpuMs / n * 1000:0} µs " +
            $"(the ordinary way: {ordinary1.CpuMs / n * 1000:0} µs)", $"naive Marten: {naive1.CpuMs / n * 1000:0} µs", naive1.CpuMs / lib1.CpuMs, "(info)"));

        var (libTrips, naiveTrips, ordinaryTrips) = await CountRoundTripsAsync(bench, lib, naive);
        bench.Report.Add(new ResultRow("1b", $"round trips per command on a warm head cache, library: {libTrips:0.0} (the ordinary way: {ordinaryTrips:0.0})",
            $"naive Marten: {naiveTrips:0.0}", naiveTrips / libTrips, "(info)"));
    }

    /// <summary>Wall and process CPU milliseconds summed over the rounds of one variant.</summary>
    private sealed class Meter
    {
        public double Ms { get; private set; }
        public double CpuMs { get; private set; }

        public async Task AddAsync(Func<Task> work)
        {
            var cpu = Environment.CpuUsage.TotalTime;
            Ms += await Bench.TimeAsync(work);
            CpuMs += (Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds;
        }
    }

    private static async Task NaiveAsync(IDocumentStore store, ReportRdIntensity c)
    {
        await using var session = store.LightweightSession();
        var stream = await session.Events.FetchForWriting<Region>(Keys.Region(c.RegionId));
        foreach (var e in RegionDecider.Decide(c, stream.Aggregate)) stream.AppendOne(e);
        await session.SaveChangesAsync();
    }

    /// <summary>Runs a few more commands of each path through a counting proxy, on stores pointed at the same schemas.</summary>
    private static async Task<(double Library, double Naive, double Ordinary)> CountRoundTripsAsync(Bench bench, HubsTestStore lib, HubsTestStore naive)
    {
        var target = new NpgsqlConnectionStringBuilder(bench.ConnectionString);
        await using var proxy = new RoundTripCounter(target.Host!, target.Port);
        var viaProxy = new NpgsqlConnectionStringBuilder(bench.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port }.ConnectionString;
        await using var libSp = Provider(viaProxy, lib.Schema);
        await using var naiveSp = Provider(viaProxy, naive.Schema);
        var libCommands = libSp.GetRequiredService<HubsCommands>();
        var ordinaryCommands = new HubsCommands(libSp.GetRequiredService<IDocumentStore>(), new HubsOptions()) { WritesInOneTrip = false };
        var naiveStore = naiveSp.GetRequiredService<IDocumentStore>();

        const int warm = 5, counted = 40;
        async Task<double> PerCommandAsync(int streams, Func<ReportRdIntensity, Task> send)
        {
            // Warm-up: pool, schema check, head cache; then count only steady-state commands (each stream seen before).
            for (var i = 0; i < warm; i++) await send(Workload.Report(streams + i, 2020));
            for (var i = 0; i < warm; i++) await send(Workload.Report(streams + i, 2021));
            var before = proxy.RoundTrips;
            for (var i = 0; i < counted; i++) await send(Workload.Report(streams + i % warm, 2030 + i));
            return (proxy.RoundTrips - before) / (double)counted;
        }
        var libTrips = await PerCommandAsync(0, c => libCommands.SendAsync(c, Bench.Context()));
        var naiveTrips = await PerCommandAsync(0, c => NaiveAsync(naiveStore, c));
        var ordinaryTrips = await PerCommandAsync(warm, c => ordinaryCommands.SendAsync(c, Bench.Context()));
        return (libTrips, naiveTrips, ordinaryTrips);
    }

    private static ServiceProvider Provider(string connectionString, string schema)
    {
        var services = new ServiceCollection();
        services.AddMarten(o =>
        {
            o.Connection(connectionString);
            o.DatabaseSchemaName = schema;
        });
        services.AddHubsEventSourcing();
        return services.BuildServiceProvider();
    }
}
