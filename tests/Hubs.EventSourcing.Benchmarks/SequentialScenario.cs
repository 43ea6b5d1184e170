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

        // A fresh command service: its head cache starts cold, so first touches of each stream pay their read.
        var commands = new HubsCommands(lib.Store, new HubsOptions());
        var work = (from y in Enumerable.Range(2000, years) from r in Enumerable.Range(0, regions) select Workload.Report(r, y)).ToArray();
        var perRound = work.Length / rounds;
        double libMs = 0, naiveMs = 0;
        for (var round = 0; round < rounds; round++)
        {
            var slice = work.AsMemory(round * perRound, perRound);
            libMs += await Bench.TimeAsync(async () =>
            {
                foreach (var c in slice.ToArray()) await commands.SendAsync(c, Bench.Context());
            });
            naiveMs += await Bench.TimeAsync(async () =>
            {
                foreach (var c in slice.ToArray()) await NaiveAsync(naive.Store, c);
            });
        }

        var n = work.Length;
        bench.Report.Add(new ResultRow("1b", $"library SendAsync, {n:N0} sequential commands: {libMs / n * 1000:0} µs/command",
            $"naive Marten FetchForWriting+AppendOne+SaveChanges: {naiveMs / n * 1000:0} µs/command", naiveMs / libMs, "≥ 1.10", 1.10));

        var (libTrips, naiveTrips) = await CountRoundTripsAsync(bench, lib, naive, regions);
        bench.Report.Add(new ResultRow("1b", $"round trips per command, library: {libTrips:0.0}", $"naive Marten: {naiveTrips:0.0}",
            naiveTrips / libTrips, "(info)"));
    }

    private static async Task NaiveAsync(IDocumentStore store, ReportRdIntensity c)
    {
        await using var session = store.LightweightSession();
        var stream = await session.Events.FetchForWriting<Region>(Keys.Region(c.RegionId));
        foreach (var e in RegionDecider.Decide(c, stream.Aggregate)) stream.AppendOne(e);
        await session.SaveChangesAsync();
    }

    /// <summary>Runs a few more commands of each path through a counting proxy, on stores pointed at the same schemas.</summary>
    private static async Task<(double Library, double Naive)> CountRoundTripsAsync(Bench bench, HubsTestStore lib, HubsTestStore naive, int regions)
    {
        var target = new NpgsqlConnectionStringBuilder(bench.ConnectionString);
        await using var proxy = new RoundTripCounter(target.Host!, target.Port);
        var viaProxy = new NpgsqlConnectionStringBuilder(bench.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port }.ConnectionString;
        await using var libSp = Provider(viaProxy, lib.Schema);
        await using var naiveSp = Provider(viaProxy, naive.Schema);
        var libCommands = libSp.GetRequiredService<HubsCommands>();
        var naiveStore = naiveSp.GetRequiredService<IDocumentStore>();

        const int warm = 5, counted = 40;
        async Task<double> PerCommandAsync(Func<ReportRdIntensity, Task> send)
        {
            // Warm-up: pool, schema check, head cache; then count only steady-state commands (each stream seen before).
            for (var i = 0; i < warm; i++) await send(Workload.Report(i, 2020));
            for (var i = 0; i < warm; i++) await send(Workload.Report(i, 2021));
            var before = proxy.RoundTrips;
            for (var i = 0; i < counted; i++) await send(Workload.Report(i % warm, 2030 + i));
            return (proxy.RoundTrips - before) / (double)counted;
        }
        var libTrips = await PerCommandAsync(c => libCommands.SendAsync(c, Bench.Context()));
        var naiveTrips = await PerCommandAsync(c => NaiveAsync(naiveStore, c));
        return (libTrips, naiveTrips);
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
