using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Tracking;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Hubs.EventSourcing.IntegrationTests.Reliability;

/// <summary>
/// The async daemon projecting while writers race (lost races roll back and leave sequence gaps): once it has caught up,
/// every read model equals a rebuild from the events, so no event was skipped or applied twice.
/// </summary>
public sealed class AsyncProjectionTests(ClassStore<AsyncProjectionTests> fx) : IClassFixture<ClassStore<AsyncProjectionTests>>
{
    private const int Writers = 8;
    private static readonly int PerWriter =
        int.TryParse(Environment.GetEnvironmentVariable("HUBS_RELIABILITY_COMMANDS"), out var n) && n > 0 ? n : 40;

    [Fact]
    public async Task read_models_projected_during_concurrent_writes_equal_a_rebuild()
    {
        var regions = Enumerable.Range(0, Writers).Select(w => $"ap-{w}").ToArray();
        await fx.Hubs.Commands.SendBatchAsync([
            new RegisterRegion("ap-hot", "Hot", RegionKind.Province), .. regions.Select(r => new RegisterRegion(r, r, RegionKind.Province)),
            new EstablishCluster("ap-cluster", "Cluster", "City", new DateOnly(2020, 1, 1)),
            new ExpandClusterScope("ap-cluster", new DateOnly(2020, 6, 1), "State Council"),
            .. regions.Take(4).Select(r => new JoinCluster("ap-cluster", r, new DateOnly(2021, 1, 1))),
        ], Ctx.New());
        using var daemon = await fx.Hubs.Store.BuildProjectionDaemonAsync();
        await daemon.StartAllAsync();

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var writer = new HubsCommands(fx.Hubs.Store, fx.Hubs.Services.GetRequiredService<HubsOptions>());
            await start.Task;
            for (var i = 0; i < PerWriter; i++)
            {
                var value = (w * PerWriter + i + 1) / 1000m;
                IHubsCommand command = (i % 4) switch
                {
                    0 => new SetRegionTarget("ap-hot", value, 2035),
                    1 => new ReportRdIntensity(regions[w], 1980 + i, 1 + value, null, null, new DateOnly(2024, 9, 1), "NBS"),
                    2 => new SetRegionTarget(regions[(w + i) % Writers], value, 2035),
                    _ => new SetClusterTarget("ap-cluster", TargetMetric.RdIntensity, null, 1 + value, 2035),
                };
                try { await writer.SendAsync(command, Ctx.New()); }
                catch (HubsConcurrencyException) { }
            }
        })).ToArray();
        start.SetResult();
        await Task.WhenAll(writers);
        await daemon.WaitForNonStaleData(TimeSpan.FromSeconds(120));
        await daemon.StopAllAsync();

        var gaps = await fx.Hubs.ScalarAsync<long>("select max(seq_id) - count(*) from mt_events where stream_id <> 'mt_tombstone'");
        var projected = await ReadModelsAsync();
        await fx.Hubs.Services.GetRequiredService<HubsTracking>().RebuildAsync();
        var rebuilt = await ReadModelsAsync();

        gaps.ShouldBeGreaterThan(0L, "lost races rolled back and left sequence numbers the daemon had to skip");
        projected.Count.ShouldBeGreaterThan(Writers);
        projected.ShouldBe(rebuilt, "what the daemon projected under concurrent writes equals a rebuild");
        Console.WriteLine($"{Writers} writers x {PerWriter}: {gaps} sequence numbers skipped (rollbacks, tombstones), {projected.Count} read-model documents equal a rebuild");
    }

    /// <summary>Every tracking document (table, id, data) of the store, in order.</summary>
    private async Task<List<string>> ReadModelsAsync()
    {
        await using var conn = new NpgsqlConnection(fx.Hubs.ConnectionString);
        await conn.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            $"select table_name from information_schema.tables where table_schema = '{fx.Hubs.Schema}' and table_name like 'mt_doc_%' " +
            "and table_name not in ('mt_doc_processedcommand', 'mt_doc_hubs_checkpoint') order by 1", conn))
        await using (var r = await list.ExecuteReaderAsync())
            while (await r.ReadAsync()) tables.Add(r.GetString(0));
        var docs = new List<string>();
        foreach (var t in tables)
        {
            await using var cmd = new NpgsqlCommand($"select id::text, data::text from {fx.Hubs.Schema}.{t} order by id", conn);
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) docs.Add($"{t} {r.GetString(0)} {r.GetString(1)}");
        }
        return docs;
    }
}
