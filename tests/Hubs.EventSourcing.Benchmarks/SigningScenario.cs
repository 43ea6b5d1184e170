using System.Security.Cryptography;
using Hubs.EventSourcing.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Hubs.EventSourcing.Benchmarks;

/// <summary>
/// Item 1s: what signed ranges cost a command. Sequential commands with and without a signing key (interleaved rounds, warm
/// head cache), then round trips per command counted on the wire, warm (heads this process signed: no look-up) and cold (a
/// fresh command service per command, as the host runs one command per process: every head read from the store is looked up).
/// </summary>
internal static class SigningScenario
{
    public static async Task RunAsync(Bench bench)
    {
        var (regions, years, rounds) = bench.Short ? (20, 10, 1) : (500, 10, 5);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await using var plain = await Bench.StoreAsync("1s_plain");
        await using var signed = await Bench.StoreAsync("1s_signed", o => o.SigningKey = key);
        var registrations = Enumerable.Range(0, regions).Select(r => (IHubsCommand)Workload.Register(r)).ToArray();
        await plain.Commands.SendBatchAsync(registrations, Bench.Context("setup"));
        await signed.Commands.SendBatchAsync(registrations, Bench.Context("setup"));

        var plainCommands = new HubsCommands(plain.Store, new HubsOptions());
        var signedCommands = new HubsCommands(signed.Store, new HubsOptions { SigningKey = key });
        var work = (from y in Enumerable.Range(2000, years) from r in Enumerable.Range(0, regions) select Workload.Report(r, y)).ToArray();
        var perRound = work.Length / rounds;
        double plainMs = 0, signedMs = 0;
        for (var round = 0; round < rounds; round++)
        {
            var slice = work.AsMemory(round * perRound, perRound).ToArray();
            plainMs += await Bench.TimeAsync(async () => { foreach (var c in slice) await plainCommands.SendAsync(c, Bench.Context()); });
            signedMs += await Bench.TimeAsync(async () => { foreach (var c in slice) await signedCommands.SendAsync(c, Bench.Context()); });
        }
        var n = work.Length;
        bench.Report.Add(new ResultRow("1s", $"signed SendAsync, {n:N0} sequential commands (first touch of each stream looks its head up): {signedMs / n * 1000:0} µs/command",
            $"unsigned: {plainMs / n * 1000:0} µs/command", plainMs / signedMs, "(info)"));

        var target = new NpgsqlConnectionStringBuilder(bench.ConnectionString);
        await using var proxy = new RoundTripCounter(target.Host!, target.Port);
        var viaProxy = new NpgsqlConnectionStringBuilder(bench.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port }.ConnectionString;
        await using var plainSp = Provider(viaProxy, plain.Schema, null);
        await using var signedSp = Provider(viaProxy, signed.Schema, key);
        foreach (var cold in (bool[])[false, true])
        {
            var p = await PerCommandAsync(proxy, plainSp, null, cold);
            var s = await PerCommandAsync(proxy, signedSp, key, cold);
            bench.Report.Add(new ResultRow("1s", $"round trips per command, signed, {(cold ? "cold: a fresh command service per command, as the host" : "warm head cache")}: {s:0.0}",
                $"unsigned: {p:0.0}", p / s, "(info)"));
        }
    }

    /// <summary>Round trips per command: warm sends each command through one service (heads cached); cold through a new service each.</summary>
    private static async Task<double> PerCommandAsync(RoundTripCounter proxy, ServiceProvider sp, ECDsa? key, bool cold)
    {
        var store = sp.GetRequiredService<IDocumentStore>();
        var warmService = sp.GetRequiredService<HubsCommands>();
        HubsCommands Service() => cold ? new HubsCommands(store, new HubsOptions { SigningKey = key }) : warmService;
        const int warm = 5, counted = 40;
        // Each run on streams of its own (the cold run's heads were never seen by the warm service), years the rules accept.
        var offset = cold ? warm : 0;
        for (var i = 0; i < warm; i++) await warmService.SendAsync(Workload.Report(offset + i, 2040), Bench.Context());
        var before = proxy.RoundTrips;
        for (var i = 0; i < counted; i++) await Service().SendAsync(Workload.Report(offset + i % warm, 2050 + i), Bench.Context());
        return (proxy.RoundTrips - before) / (double)counted;
    }

    private static ServiceProvider Provider(string connectionString, string schema, ECDsa? key)
    {
        var services = new ServiceCollection();
        services.AddMarten(o =>
        {
            o.Connection(connectionString);
            o.DatabaseSchemaName = schema;
        });
        services.AddHubsEventSourcing(o => o.SigningKey = key);
        return services.BuildServiceProvider();
    }
}
