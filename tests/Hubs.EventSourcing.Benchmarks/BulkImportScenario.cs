using System.Diagnostics;
using Hubs.EventSourcing.Testing;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Hubs.EventSourcing.Benchmarks;

/// <summary>
/// Item 2: importing an R&amp;D series file end to end (parse, validate, decide, hash chain, write, all or nothing) vs a binary
/// COPY of the very same rows into a plain table shaped like mt_events, and vs Marten's BulkInsertEventsAsync of the same
/// events with the same metadata.
/// </summary>
internal static partial class BulkImportScenario
{
    public const string ChildFlag = "--import-child";

    private const string Columns =
        "seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, is_archived, correlation_id, causation_id, headers, user_name";

    public static async Task RunAsync(Bench bench)
    {
        var (regions, years) = bench.Short ? (50, 20) : (1_000, 100);
        var csv = Workload.WriteSeriesCsv(Path.Combine(Path.GetTempPath(), $"hubs-bench-series-{regions}x{years}-{Environment.ProcessId}.csv"), regions, years);

        // Each repetition: a clean heap, the library import into a fresh schema, then the baselines writing the very rows it
        // wrote. The baselines' inputs (every row, every event object) are read only after the import and dropped before the
        // next one, so no side runs with the other's hundred megabytes alive on its heap.
        double libMs = double.MaxValue, streamMs = double.MaxValue, copyMs = double.MaxValue, martenMs = double.MaxValue, ownTablesMs = double.MaxValue;
        long events = 0;
        List<(string, double)> stages = [];
        for (var rep = 0; rep < bench.Repetitions; rep++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            await using var source = await Bench.StoreAsync($"2_lib_{rep}");
            await bench.QuiesceAsync();
            var (ms, count, s) = await ImportAsync(source, csv);
            events = count;
            if (ms < libMs) (libMs, stages) = (ms, s);

            // The streamed import of the same file (read as it goes) into a schema of its own.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            await using (var streamed = await Bench.StoreAsync($"2_stream_{rep}"))
            {
                await bench.QuiesceAsync();
                streamMs = Math.Min(streamMs, await Bench.TimeAsync(() => streamed.Commands.ImportAsync(Workload.StreamSeriesCsv(csv), Bench.Context("import"))));
                var copied = await streamed.ScalarAsync<long>("select count(*) from mt_events");
                if (copied != events) throw new InvalidOperationException($"The streamed import wrote {copied} events, the batch {events}.");
            }

            await source.ExecuteAsync("create table bench_shaped (like mt_events including all)");
            var rows = await ReadRowsAsync(source);
            var streams = await ReadEventsAsync(source);
            var streamRows = await ReadStreamsAsync(source);
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            await bench.QuiesceAsync();
            copyMs = Math.Min(copyMs, await ShapedCopyAsync(source, rows));
            await bench.QuiesceAsync();
            ownTablesMs = Math.Min(ownTablesMs, await MartenTablesCopyAsync(bench, $"2_copy_{rep}", rows, streamRows));
            await bench.QuiesceAsync();
            martenMs = Math.Min(martenMs, await MartenBulkInsertAsync(bench, $"2_marten_{rep}", streams));
        }
        double Rate(double ms) => events / (ms / 1000);

        bench.Report.Add(new ResultRow("2", $"library ImportAsync of a {regions:N0}×{years} series file read as it goes ({events:N0} events, hash chain, all or nothing) {Report.Rate(Rate(streamMs))}",
            $"binary COPY of the same rows into a table shaped like mt_events {Report.Rate(Rate(copyMs))}", copyMs / streamMs, "≥ 0.50", 0.50));
        bench.Report.Add(new ResultRow("2", $"library ImportAsync {Report.Rate(Rate(streamMs))}",
            $"Marten BulkInsertEventsAsync of the same events and metadata {Report.Rate(Rate(martenMs))}", martenMs / streamMs, "≥ 1.30", 1.30));
        bench.Report.Add(new ResultRow("2", $"library ImportAsync {Report.Rate(Rate(streamMs))}",
            $"bare binary COPY of the same pre-sealed rows into Marten's own mt_streams + mt_events (foreign key included) {Report.Rate(Rate(ownTablesMs))}",
            ownTablesMs / streamMs, "(info: the ceiling of any path into Marten's tables)"));
        bench.Report.Add(new ResultRow("2", $"library ImportAsync {Report.Rate(Rate(streamMs))}",
            $"SendBatchAsync of the file parsed whole (0.2.0's in-memory import) {Report.Rate(Rate(libMs))}", libMs / streamMs, "(info)"));
        bench.Report.Add(new ResultRow("2", $"SendBatchAsync of the parsed file {Report.Rate(Rate(libMs))}",
            $"binary COPY into the shaped table {Report.Rate(Rate(copyMs))}", copyMs / libMs, "(info)"));
        await MemoryAsync(bench);
        bench.Report.Note("Item 2 import stages (from BatchProgress): " + string.Join(", ", stages.Select(s => $"{s.Item1} {Report.Ms(s.Item2)}")));
    }

    /// <summary>The child of <see cref="MemoryAsync"/>: import the file into the given (prepared, empty) schema one way, print its time.</summary>
    public static async Task<int> ChildAsync(string[] args)
    {
        var i = Array.IndexOf(args, ChildFlag);
        var (mode, csv, schema, connectionString) = (args[i + 1], args[i + 2], args[i + 3], args[i + 4]);
        var services = new ServiceCollection();
        services.AddMarten(o =>
        {
            o.Connection(connectionString);
            o.DatabaseSchemaName = schema;
        });
        services.AddHubsEventSourcing();
        await using var provider = services.BuildServiceProvider();
        var commands = provider.GetRequiredService<HubsCommands>();
        // HUBS_BENCH_IMPORT_CHUNK: another chunk size, to compare (docs/performance.md).
        if (int.TryParse(Environment.GetEnvironmentVariable("HUBS_BENCH_IMPORT_CHUNK"), out var chunk)) commands.ImportChunkSize = chunk;
        var sw = Stopwatch.StartNew();
        if (mode == "streamed") await commands.ImportAsync(Workload.StreamSeriesCsv(csv), Bench.Context("import"));
        else await commands.SendBatchAsync(Workload.ParseSeriesCsv(csv), Bench.Context("import"));
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"IMPORT {sw.Elapsed.TotalMilliseconds:0}"));
        return 0;
    }

    private static async Task<(double Ms, long Events, List<(string, double)> Stages)> ImportAsync(HubsTestStore store, string csv)
    {
        var (pause, gen0, gen1, gen2) = (GC.GetTotalPauseDuration(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var sw = Stopwatch.StartNew();
        var stages = new List<(string, double)>();
        var last = 0.0;
        void Mark(string stage)
        {
            var now = sw.Elapsed.TotalMilliseconds;
            stages.Add((stage, now - last));
            last = now;
        }
        var commands = Workload.ParseSeriesCsv(csv);
        Mark("read+parse file");
        var written = 0;
        var progress = new Inline(p =>
        {
            switch (p.Stage)
            {
                case BatchStage.Validated: Mark("validate"); break;
                case BatchStage.Decided: Mark("load heads+decide"); break;
                case BatchStage.Written: Mark(written++ == 0 ? "seal+lock+first COPY chunk" : "next chunk"); break;
            }
        });
        await store.Commands.SendBatchAsync(commands, Bench.Context("import"), progress);
        var ms = sw.Elapsed.TotalMilliseconds;
        var chunks = stages.Where(s => s.Item1 == "next chunk").ToList();
        stages.RemoveAll(s => s.Item1 == "next chunk");
        if (chunks.Count > 0) stages.Add(($"{chunks.Count} further chunks (the last includes ANALYZE and commit)", chunks.Sum(c => c.Item2)));
        stages.Add(($"and, within all of these, garbage-collection pauses (gen0/1/2 collections {GC.CollectionCount(0) - gen0}/" +
                     $"{GC.CollectionCount(1) - gen1}/{GC.CollectionCount(2) - gen2})", (GC.GetTotalPauseDuration() - pause).TotalMilliseconds));
        return (ms, await store.ScalarAsync<long>("select count(*) from mt_events"), stages);
    }

    private static async Task<List<object?[]>> ReadRowsAsync(HubsTestStore store)
    {
        await using var conn = new NpgsqlConnection(store.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"select {Columns.Replace("data,", "data::text,", StringComparison.Ordinal).Replace("headers,", "headers::text,", StringComparison.Ordinal)} from {store.Schema}.mt_events order by seq_id", conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    private static async Task<double> ShapedCopyAsync(HubsTestStore store, List<object?[]> rows)
    {
        await store.ExecuteAsync("truncate bench_shaped");
        await using var conn = new NpgsqlConnection(store.ConnectionString);
        await conn.OpenAsync();
        return await Bench.TimeAsync(async () =>
        {
            await using var tx = await conn.BeginTransactionAsync();
            await CopyRowsAsync(conn, $"{store.Schema}.bench_shaped", rows);
            await tx.CommitAsync();
        });
    }

    private static async Task<List<(string Id, string Type, long Version)>> ReadStreamsAsync(HubsTestStore store)
    {
        await using var conn = new NpgsqlConnection(store.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"select id, type, version from {store.Schema}.mt_streams", conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        var streams = new List<(string, string, long)>();
        while (await reader.ReadAsync()) streams.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        return streams;
    }

    /// <summary>The floor under any writer of Marten's tables: rows already built, streams inserted, events copied, FK checked.</summary>
    private static async Task<double> MartenTablesCopyAsync(Bench bench, string name, List<object?[]> rows, List<(string Id, string Type, long Version)> streams)
    {
        await using var store = await Bench.StoreAsync(name);
        await bench.QuiesceAsync();
        await using var conn = new NpgsqlConnection(store.ConnectionString);
        await conn.OpenAsync();
        return await Bench.TimeAsync(async () =>
        {
            await using var tx = await conn.BeginTransactionAsync();
            await using (var insert = new NpgsqlCommand(
                $"insert into {store.Schema}.mt_streams (id, type, version, timestamp, tenant_id) select id, type, version, now(), '*DEFAULT*' " +
                "from unnest($1::varchar[], $2::varchar[], $3::bigint[]) as s(id, type, version)", conn)
                {
                    Parameters = { new() { Value = streams.Select(s => s.Id).ToArray() }, new() { Value = streams.Select(s => s.Type).ToArray() },
                        new() { Value = streams.Select(s => s.Version).ToArray() } },
                })
                await insert.ExecuteNonQueryAsync();
            await CopyRowsAsync(conn, $"{store.Schema}.mt_events", rows);
            await tx.CommitAsync();
        });
    }

    private static async Task CopyRowsAsync(NpgsqlConnection conn, string table, List<object?[]> rows)
    {
        // Synchronous column writes, as the library's COPY path does: the fastest way Npgsql offers.
        await using var copy = await conn.BeginBinaryImportAsync($"copy {table} ({Columns}) from stdin (format binary)");
        foreach (var row in rows)
        {
            copy.StartRow();
            copy.Write((long)row[0]!, NpgsqlTypes.NpgsqlDbType.Bigint);
            copy.Write((Guid)row[1]!, NpgsqlTypes.NpgsqlDbType.Uuid);
            copy.Write((string)row[2]!, NpgsqlTypes.NpgsqlDbType.Varchar);
            copy.Write((long)row[3]!, NpgsqlTypes.NpgsqlDbType.Bigint);
            copy.Write((string)row[4]!, NpgsqlTypes.NpgsqlDbType.Jsonb);
            copy.Write((string)row[5]!, NpgsqlTypes.NpgsqlDbType.Varchar);
            copy.Write((DateTime)row[6]!, NpgsqlTypes.NpgsqlDbType.TimestampTz);
            copy.Write((string)row[7]!, NpgsqlTypes.NpgsqlDbType.Varchar);
            copy.Write((string)row[8]!, NpgsqlTypes.NpgsqlDbType.Varchar);
            copy.Write((bool)row[9]!, NpgsqlTypes.NpgsqlDbType.Boolean);
            copy.Write((string)row[10]!, NpgsqlTypes.NpgsqlDbType.Varchar);
            if (row[11] is string causation) copy.Write(causation, NpgsqlTypes.NpgsqlDbType.Varchar);
            else copy.WriteNull();
            copy.Write((string)row[12]!, NpgsqlTypes.NpgsqlDbType.Jsonb);
            copy.Write((string)row[13]!, NpgsqlTypes.NpgsqlDbType.Varchar);
        }
        await copy.CompleteAsync();
    }

    private static async Task<List<IGrouping<string, IEvent>>> ReadEventsAsync(HubsTestStore store)
    {
        await using var session = store.Store.QuerySession();
        var all = await session.Events.QueryAllRawEvents().OrderBy(e => e.Sequence).ToListAsync();
        return all.GroupBy(e => e.StreamKey!).ToList();
    }

    private static async Task<double> MartenBulkInsertAsync(Bench bench, string name, List<IGrouping<string, IEvent>> streams)
    {
        await using var store = await Bench.StoreAsync(name);
        var registry = (IEventRegistry)((StoreOptions)store.Store.Options).Events;
        List<StreamAction> Actions(IEnumerable<IGrouping<string, IEvent>> source) => source.Select(g =>
        {
            var action = StreamAction.Start(registry, g.Key, g.Select(e => e.Data).ToArray());
            var i = 0;
            foreach (var e in g)
            {
                var copy = action.Events[i++];
                copy.Timestamp = e.Timestamp;
                copy.CorrelationId = e.CorrelationId;
                copy.CausationId = e.CausationId;
                copy.UserName = e.UserName;
                foreach (var (k, v) in e.Headers ?? []) copy.SetHeader(k, v);
            }
            return action;
        }).ToList();

        // Marten applies its schema on the first bulk insert of a store: keep that out of the timing.
        await store.Store.BulkInsertEventsAsync([StreamAction.Start(registry, "region:warm-up", [Workload.EventOf(Workload.Register(99_999))])]);
        var actions = Actions(streams);
        await bench.QuiesceAsync();
        return await Bench.TimeAsync(() => store.Store.BulkInsertEventsAsync(actions));
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; stage timings need the report at the moment it happens.</summary>
    private sealed class Inline(Action<BatchProgress> report) : IProgress<BatchProgress>
    {
        public void Report(BatchProgress value) => report(value);
    }
}
