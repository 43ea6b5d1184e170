using System.Text.Json;
using Hubs.EventSourcing.Auditing;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace Hubs.EventSourcing.Storage;

/// <summary>
/// The fast path for large batches (imports): writes the events a batch decided straight into Marten's <c>mt_streams</c> and
/// <c>mt_events</c> with binary COPY, in the same transaction as the batch's <see cref="ProcessedCommand"/>. Every row is
/// exactly what Marten's own append (QuickWithServerTimestamps, the library's configuration) writes: same columns, values,
/// headers and hashes; only <c>seq_id</c> and <c>id</c> differ, as they would between any two appends. Marten reads,
/// projects and appends after these rows normally: sequence numbers come from Marten's own sequence, so the async daemon's
/// high-water mark treats them like any other transaction's.
/// </summary>
internal sealed class BulkWriter(IDocumentStore store, ISerializer serializer)
{
    /// <summary>Rows per COPY: progress is reported after each, all inside the one transaction.</summary>
    public const int ChunkSize = 10_000;

    /// <summary>Batches this large also refresh the planner's statistics afterwards (rebuilds degrade badly without them).</summary>
    public const int AnalyzeThreshold = 10_000;

    private readonly string _schema = store.Options.Events.DatabaseSchemaName;

    public async Task<List<StreamHead>> WriteAsync(IReadOnlyList<HubsCommands.StreamWrite> writes, CommandContext context,
        DateTimeOffset timestamp, Guid processedId, int commandCount, IProgress<BatchProgress>? progress, CancellationToken ct)
    {
        var rows = Seal(writes, context, timestamp, out var written);
        var lastRowOfCommand = LastRowOfEachCommand(rows, commandCount);

        await using var session = store.LightweightSession();
        await session.BeginTransactionAsync(ct).ConfigureAwait(false);
        var conn = session.Connection ?? throw new InvalidOperationException("The Marten session has no open connection.");

        await LockAndCheckVersionsAsync(conn, writes, ct).ConfigureAwait(false);
        var sequence = await WriteStreamsAndReserveSequenceAsync(conn, writes, rows.Length, ct).ConfigureAwait(false);

        var done = 0;
        for (var start = 0; start < rows.Length; start += ChunkSize)
        {
            var end = Math.Min(rows.Length, start + ChunkSize);
            await CopyEventsAsync(conn, rows, sequence, start, end, context, timestamp, ct).ConfigureAwait(false);
            while (done < commandCount && lastRowOfCommand[done] < end) done++;
            if (end < rows.Length) progress?.Report(new BatchProgress(BatchStage.Written, done, commandCount));
        }

        if (rows.Length >= AnalyzeThreshold)
        {
            // Inside the transaction: ANALYZE samples this transaction's own rows, and the statistics commit with them.
            await using var analyze = new NpgsqlCommand($"analyze {_schema}.mt_streams; analyze {_schema}.mt_events", conn);
            await analyze.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        session.Insert(new ProcessedCommand { Id = processedId, Streams = written.Select(w => w.Key).ToArray(), AppliedAt = timestamp });
        await session.SaveChangesAsync(ct).ConfigureAwait(false);
        return written;
    }

    private Row[] Seal(IReadOnlyList<HubsCommands.StreamWrite> writes, CommandContext context, DateTimeOffset timestamp, out List<StreamHead> written)
    {
        var rows = new Row[writes.Sum(w => w.Events.Count)];
        written = new List<StreamHead>(writes.Count);
        var r = 0;
        foreach (var write in writes)
        {
            var head = write.Head;
            var hash = head.LastHash;
            for (var i = 0; i < write.Events.Count; i++)
            {
                var data = write.Events[i];
                var version = head.Version + i + 1;
                var commandId = write.CommandIds[i].ToString("D");
                var json = serializer.ToJson(data);
                hash = EventSeal.Hash(head.Key, version, data, timestamp, context, commandId, json, hash);
                rows[r++] = new Row(head.Key, version, data, json, commandId, hash, write.CommandIndexes[i]);
            }
            written.Add(new StreamHead(head.Key, write.State, head.Version + write.Events.Count, hash, timestamp));
        }
        return rows;
    }

    /// <summary>For each command (in batch order), the row after which all its events are written; -1 if it wrote none.</summary>
    private static int[] LastRowOfEachCommand(Row[] rows, int commandCount)
    {
        var last = new int[commandCount];
        Array.Fill(last, -1);
        for (var i = 0; i < rows.Length; i++) last[rows[i].CommandIndex] = i;
        // Progress counts a prefix of the batch as done, so a command is done only when every earlier one is too.
        for (var i = 1; i < commandCount; i++) last[i] = Math.Max(last[i], last[i - 1]);
        return last;
    }

    /// <summary>
    /// Locks the rows of the streams being appended to and checks each is still at the version the batch was decided on: the
    /// guard Marten's append function gives, for many streams in one round trip. A new stream that another writer creates in
    /// the meantime is caught by the primary key of <c>mt_streams</c> when this one inserts it.
    /// </summary>
    private async Task LockAndCheckVersionsAsync(NpgsqlConnection conn, IReadOnlyList<HubsCommands.StreamWrite> writes, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            $"select id, version, coalesce(is_archived, false) from {_schema}.mt_streams where id = any($1) order by id for update", conn)
        {
            Parameters = { new() { Value = writes.Select(w => w.Head.Key).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar } },
        };
        var found = new Dictionary<string, (long Version, bool Archived)>(StringComparer.Ordinal);
        await using (var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                found[reader.GetString(0)] = (reader.IsDBNull(1) ? 0 : reader.GetInt64(1), reader.GetBoolean(2));

        foreach (var w in writes)
        {
            var actual = found.TryGetValue(w.Head.Key, out var f) ? f.Version : 0;
            if (f.Archived)
                throw new InvalidOperationException($"Stream '{w.Head.Key}' is archived; nothing was written.");
            if (actual != w.Head.Version)
                throw new BulkWriteConflictException(w.Head.Key, w.Head.Version, actual);
        }
    }

    private async Task<long[]> WriteStreamsAndReserveSequenceAsync(NpgsqlConnection conn, IReadOnlyList<HubsCommands.StreamWrite> writes,
        int eventCount, CancellationToken ct)
    {
        var fresh = writes.Where(w => w.Head.Version == 0).ToArray();
        var existing = writes.Where(w => w.Head.Version > 0).ToArray();
        var aliases = fresh.Select(w => AggregateKind.Of(w.Head.Key).Prefix).ToArray();

        await using var batch = new NpgsqlBatch(conn);
        // Same values as Marten's append function: type = the aggregate's alias (the stream prefix), final version,
        // timestamp and created = now() (the transaction's start), the default tenant.
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            $"insert into {_schema}.mt_streams (id, type, version, timestamp, tenant_id) " +
            "select id, type, version, now(), '*DEFAULT*' from unnest($1::varchar[], $2::varchar[], $3::bigint[]) as s(id, type, version)")
        {
            Parameters =
            {
                new() { Value = fresh.Select(w => w.Head.Key).ToArray() },
                new() { Value = aliases },
                new() { Value = fresh.Select(w => (long)w.Events.Count).ToArray() },
            },
        });
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            $"update {_schema}.mt_streams s set version = v.version, timestamp = now() " +
            "from unnest($1::varchar[], $2::bigint[]) as v(id, version) where s.id = v.id")
        {
            Parameters =
            {
                new() { Value = existing.Select(w => w.Head.Key).ToArray() },
                new() { Value = existing.Select(w => w.Head.Version + w.Events.Count).ToArray() },
            },
        });
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            $"select nextval('{_schema}.mt_events_sequence') from generate_series(1, $1)") { Parameters = { new() { Value = eventCount } } });

        var sequence = new long[eventCount];
        try
        {
            await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var i = 0;
            while (await reader.ReadAsync(ct).ConfigureAwait(false)) sequence[i++] = reader.GetInt64(0);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new BulkWriteConflictException(ex.Detail ?? ex.Message, 0, null, ex);
        }
        return sequence;
    }

    private async Task CopyEventsAsync(NpgsqlConnection conn, Row[] rows, long[] sequence, int start, int end, CommandContext context,
        DateTimeOffset timestamp, CancellationToken ct)
    {
        await using var importer = await conn.BeginBinaryImportAsync(
            $"copy {_schema}.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, is_archived, " +
            "correlation_id, causation_id, headers, user_name) from stdin (format binary)", ct).ConfigureAwait(false);
        for (var i = start; i < end; i++)
        {
            var row = rows[i];
            var type = row.Data.GetType();
            await importer.StartRowAsync(ct).ConfigureAwait(false);
            await importer.WriteAsync(sequence[i], NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
            await importer.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid, ct).ConfigureAwait(false);
            await importer.WriteAsync(row.StreamKey, NpgsqlDbType.Varchar, ct).ConfigureAwait(false);
            await importer.WriteAsync(row.Version, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
            await importer.WriteAsync(row.Json, NpgsqlDbType.Jsonb, ct).ConfigureAwait(false);
            await importer.WriteAsync(EventNames.Of(type), NpgsqlDbType.Varchar, ct).ConfigureAwait(false);
            await importer.WriteAsync(timestamp, NpgsqlDbType.TimestampTz, ct).ConfigureAwait(false);
            await importer.WriteAsync("*DEFAULT*", NpgsqlDbType.Varchar, ct).ConfigureAwait(false);
            await importer.WriteAsync(DotNetTypeName(type), NpgsqlDbType.Varchar, ct).ConfigureAwait(false);
            await importer.WriteAsync(false, NpgsqlDbType.Boolean, ct).ConfigureAwait(false);
            await importer.WriteAsync(context.CorrelationId, NpgsqlDbType.Varchar, ct).ConfigureAwait(false);
            if (context.CausationId is null) await importer.WriteNullAsync(ct).ConfigureAwait(false);
            else await importer.WriteAsync(context.CausationId, NpgsqlDbType.Varchar, ct).ConfigureAwait(false);
            await importer.WriteAsync(Headers(context, row), NpgsqlDbType.Jsonb, ct).ConfigureAwait(false);
            await importer.WriteAsync(context.Actor, NpgsqlDbType.Varchar, ct).ConfigureAwait(false);
        }
        await importer.CompleteAsync(ct).ConfigureAwait(false);
    }

    /// <summary>The headers Marten stores for the normal path; jsonb normalises key order, so only the values must match.</summary>
    private static string Headers(CommandContext context, Row row)
    {
        using var buffer = new MemoryStream(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString(HashChain.ReasonHeader, context.Reason);
            json.WriteString(HashChain.SourceHeader, context.Source);
            json.WriteString(HashChain.CommandIdHeader, row.CommandId);
            json.WriteString(HashChain.HashHeader, row.Hash);
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, string> DotNetNames = new();

    /// <summary>Marten's <c>mt_dotnet_type</c>: full name and assembly name.</summary>
    private static string DotNetTypeName(Type type) => DotNetNames.GetOrAdd(type, t => $"{t.FullName}, {t.Assembly.GetName().Name}");

    private readonly record struct Row(string StreamKey, long Version, object Data, string Json, string CommandId, string Hash, int CommandIndex);
}

/// <summary>A stream moved (or was created) after the batch was decided; the batch is retried like any concurrency loss.</summary>
internal sealed class BulkWriteConflictException(string streamKey, long expected, long? actual, Exception? inner = null)
    : Exception($"Stream '{streamKey}' is at version {actual?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}, not {expected}.", inner);
