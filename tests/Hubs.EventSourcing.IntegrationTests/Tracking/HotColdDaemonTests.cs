using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Testing;
using Hubs.EventSourcing.Tracking;
using JasperFx.Events.Daemon;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Hubs.EventSourcing.IntegrationTests.Tracking;

/// <summary>
/// docs/operations.md: several nodes run the daemon in hot/cold mode; each projection shard runs on one node at a time
/// (a PostgreSQL advisory lock per shard) and the others take over the shards of a node that stops. Two nodes here, told
/// apart by their connections' application names.
/// </summary>
public sealed class HotColdDaemonTests
{
    private const int LockId = 7_301_945; // this test's own daemon lock id, apart from any other daemon on the database

    [Fact]
    public async Task two_hot_cold_daemons_run_each_projection_once_and_one_takes_over_the_shards_of_the_other_when_it_stops()
    {
        await using var writer = await HubsTestStore.CreateAsync(nameof(HotColdDaemonTests));
        var nodes = new Dictionary<string, ServiceProvider>
        {
            ["hubs-node-a"] = Node(writer, "hubs-node-a"),
            ["hubs-node-b"] = Node(writer, "hubs-node-b"),
        };
        try
        {
            foreach (var node in nodes.Values) await StartAsync(node);

            await writer.Commands.SendAsync(new RegisterRegion("hc-one", "Hot Cold One", RegionKind.Province), Ctx.New());
            await writer.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
            var held = await ShardLocksAsync(writer);

            // Marten 9 takes one advisory lock per projection shard: each of the six tracking projections runs on
            // exactly one node at a time (PostgreSQL grants a lock to one session), possibly spread over both.
            held.Select(h => h.LockId).Distinct().Count().ShouldBe(6, "every tracking projection runs, each on one node");
            (await Tracking(writer).GetRegionTrackerAsync("hc-one")).ShouldNotBeNull("the running shards projected the first event");

            var stopped = held[0].Node;
            foreach (var service in nodes[stopped].GetServices<IHostedService>()) await service.StopAsync(CancellationToken.None);
            await nodes[stopped].DisposeAsync();
            nodes.Remove(stopped);

            await writer.Commands.SendAsync(new RegisterRegion("hc-two", "Hot Cold Two", RegionKind.Province), Ctx.New());
            await writer.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));

            (await Tracking(writer).GetRegionTrackerAsync("hc-two")).ShouldNotBeNull("the other node took over and projected the second event");
            var after = await ShardLocksAsync(writer);
            after.Select(h => h.Node).Distinct().ShouldBe([nodes.Keys.Single()], "the remaining node runs every shard");
            after.Count.ShouldBe(6);
        }
        finally
        {
            foreach (var node in nodes.Values)
            {
                foreach (var service in node.GetServices<IHostedService>()) await service.StopAsync(CancellationToken.None);
                await node.DisposeAsync();
            }
        }
    }

    private static HubsTracking Tracking(HubsTestStore store) => store.Services.GetRequiredService<HubsTracking>();

    private static ServiceProvider Node(HubsTestStore store, string name) => DaemonNodes.Build(store, name, LockId);

    private static async Task StartAsync(ServiceProvider node)
    {
        foreach (var service in node.GetServices<IHostedService>()) await service.StartAsync(CancellationToken.None);
    }

    /// <summary>The advisory locks held by the nodes' connections (told apart by application name): one per running shard.</summary>
    private static async Task<List<(string Node, long LockId)>> ShardLocksAsync(HubsTestStore store)
    {
        await using var conn = new NpgsqlConnection(store.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            select a.application_name, (l.classid::bigint << 32) | l.objid::bigint from pg_locks l join pg_stat_activity a on a.pid = l.pid
            where l.locktype = 'advisory' and l.granted and a.application_name like 'hubs-node-%' order by 2
            """, conn);
        var held = new List<(string, long)>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) held.Add((reader.GetString(0), reader.GetInt64(1)));
        return held;
    }
}
