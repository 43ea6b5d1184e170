using System.Diagnostics;
using Hubs.EventSourcing;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Tracking;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace Hubs.SampleHost.Tests.Faults;

/// <summary>
/// <c>hubs daemon</c> processes SIGKILLed: one mid-projection resumes from its checkpoint; of two, the survivor takes over
/// the projections of the one killed; afterwards the read models equal a rebuild from the events.
/// </summary>
[Collection(FaultServerCollection.Name)]
public sealed class DaemonFaultTests(FaultServer server, ITestOutputHelper output)
{
    private const string Schema = "fault_daemon";

    [Fact]
    public async Task a_killed_daemon_resumes_from_its_checkpoint_a_second_daemon_takes_over_and_the_read_models_equal_a_rebuild()
    {
        var random = FaultKit.Seeded(output, nameof(DaemonFaultTests));
        await using var writer = Writer();
        var commands = writer.GetRequiredService<HubsCommands>();
        var regions = FaultKit.Rounds("HUBS_FAULT_DAEMON_REGIONS", 500);
        var batch = Enumerable.Range(0, regions).SelectMany(r => Enumerable.Range(0, 19).Select(y =>
                (IHubsCommand)new ReportRdIntensity($"daemon-{r}", 2000 + y, 1 + random.Next(0, 400) / 100m, null, null, new DateOnly(2001 + y, 9, 1), "Generated"))
            .Prepend(new RegisterRegion($"daemon-{r}", $"Daemon {r}", RegionKind.Province))).ToList();
        await commands.SendBatchAsync(batch, CommandContext.New("analyst:fault", "daemon fault test", "generated"));
        var high = await SequenceAsync();

        // 1. SIGKILL mid-projection, at a seeded share of the log, then a restart resumes from the stored progress.
        var killAt = high * random.Next(5, 60) / 100;
        long atKill;
        using (var first = StartDaemon("hubs-node-a"))
        {
            await FaultKit.UntilAsync(async () => first.HasExited || (await ProgressAsync()).Max >= killAt, TimeSpan.FromMinutes(2), $"projection past {killAt}");
            first.HasExited.ShouldBeFalse(first.StdErr);
            first.Signal(9);
            await first.WaitAsync();
            atKill = (await ProgressAsync()).Min;
        }
        output.WriteLine($"daemon SIGKILLed past sequence {killAt} of {high}; slowest projection at {atKill}");
        using var a = StartDaemon("hubs-node-a");
        await a.WaitForOutputAsync("Daemon running");
        (await ProgressAsync()).Min.ShouldBeGreaterThanOrEqualTo(atKill, "a restart resumes from the stored progress, never from the start");
        await FaultKit.UntilAsync(async () => (await ProgressAsync()).Min >= high, TimeSpan.FromMinutes(3), "the restarted daemon catching up");

        // 2. A second daemon; the node holding the projections is SIGKILLed; the other takes over.
        using var b = StartDaemon("hubs-node-b");
        await b.WaitForOutputAsync("Daemon running");
        await FaultKit.UntilAsync(async () => (await LocksAsync()).Count == 6, TimeSpan.FromMinutes(1), "six projection shards locked");
        var holder = (await LocksAsync())[0];
        var (victim, survivor, survivorName) = holder == "hubs-node-a" ? (a, b, "hubs-node-b") : (b, a, "hubs-node-a");
        victim.Signal(9);
        var clock = Stopwatch.StartNew();
        await victim.WaitAsync();
        await commands.SendAsync(new RegisterRegion("after-failover", "After failover", RegionKind.Province), CommandContext.New("analyst:fault", "failover", "generated"));
        var newHigh = await SequenceAsync();
        await FaultKit.UntilAsync(async () => (await ProgressAsync()).Min >= newHigh, TimeSpan.FromMinutes(2), "the surviving daemon taking over");
        var failover = clock.Elapsed;
        output.WriteLine($"failover: {failover.TotalSeconds:0.0} s from SIGKILL of {holder} to the event after it projected by {survivorName}");
        (await LocksAsync()).ShouldAllBe(n => n == survivorName, "the survivor holds every shard");
        failover.ShouldBeLessThan(TimeSpan.FromSeconds(60));
        survivor.Signal(15);
        (await survivor.WaitAsync()).ShouldBe(0, survivor.StdErr);

        // 3. What the daemons built equals a rebuild from the events: no event skipped or applied twice.
        var projected = await ReadModelsAsync();
        await writer.GetRequiredService<HubsTracking>().RebuildAsync();
        var rebuilt = await ReadModelsAsync();
        projected.Count.ShouldBeGreaterThan(regions);
        projected.ShouldBe(rebuilt);
    }

    private ServiceProvider Writer()
    {
        var services = new ServiceCollection();
        services.AddMarten(o =>
        {
            o.Connection(server.ConnectionString);
            o.DatabaseSchemaName = Schema;
        });
        services.AddHubsEventSourcing();
        var provider = services.BuildServiceProvider();
        using (var conn = new NpgsqlConnection(server.ConnectionString))
        {
            conn.Open();
            using var drop = new NpgsqlCommand($"drop schema if exists {Schema} cascade", conn);
            drop.ExecuteNonQuery();
        }
        provider.GetRequiredService<IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync().GetAwaiter().GetResult();
        return provider;
    }

    private HostProcess StartDaemon(string name) =>
        HostProcess.Start("daemon", "--connection", new NpgsqlConnectionStringBuilder(server.ConnectionString) { ApplicationName = name }.ConnectionString,
            "--schema", Schema);

    private Task<long> SequenceAsync() =>
        FaultKit.ScalarAsync<long>(server.ConnectionString, $"select coalesce(max(seq_id), 0) from {Schema}.mt_events");

    /// <summary>The slowest and the fastest of the six tracking projections (0 until each has a row).</summary>
    private async Task<(long Min, long Max)> ProgressAsync()
    {
        await using var conn = new NpgsqlConnection(server.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            $"select count(*), coalesce(min(last_seq_id), 0), coalesce(max(last_seq_id), 0) from {Schema}.mt_event_progression where name <> 'HighWaterMark'", conn);
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        return (r.GetInt64(0) < 5 ? 0 : r.GetInt64(1), r.GetInt64(2));
    }

    /// <summary>Which daemon (by application name) holds each advisory lock of a projection shard.</summary>
    private async Task<List<string>> LocksAsync()
    {
        await using var conn = new NpgsqlConnection(server.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            select a.application_name from pg_locks l join pg_stat_activity a on a.pid = l.pid
            where l.locktype = 'advisory' and l.granted and a.application_name like 'hubs-node-%' order by l.objid
            """, conn);
        var held = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) held.Add(r.GetString(0));
        return held;
    }

    /// <summary>Every read-model document (table, id, data) of the schema, in order.</summary>
    private async Task<List<string>> ReadModelsAsync()
    {
        await using var conn = new NpgsqlConnection(server.ConnectionString);
        await conn.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            $"select table_name from information_schema.tables where table_schema = '{Schema}' and table_name like 'mt_doc_%' " +
            "and table_name not in ('mt_doc_processedcommand', 'mt_doc_hubs_checkpoint') order by 1", conn))
        await using (var r = await list.ExecuteReaderAsync())
            while (await r.ReadAsync()) tables.Add(r.GetString(0));
        var docs = new List<string>();
        foreach (var t in tables)
        {
            await using var cmd = new NpgsqlCommand($"select id::text, data::text from {Schema}.{t} order by id", conn);
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) docs.Add($"{t} {r.GetString(0)} {r.GetString(1)}");
        }
        return docs;
    }
}
