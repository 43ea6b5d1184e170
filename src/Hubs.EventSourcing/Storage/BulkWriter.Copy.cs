using System.Text.Json;
using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.EventLog;
using Hubs.EventSourcing.Integrity;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace Hubs.EventSourcing.Storage;

/// <summary>The statements a bulk write runs on its connection: lock and check, stream rows, COPY of the events.</summary>
internal sealed partial class BulkWriter
{
    /// <summary>
    /// Locks the rows of the streams being appended to and checks each is still at the version the batch was decided on: the
    /// guard Marten's append function gives, for many streams in one round trip. A new stream that another writer creates in
    /// the meantime is caught by the primary key of <c>mt_streams</c> when this one inserts it.
    /// </summary>
    private async Task LockAndCheckVersionsAsync(NpgsqlConnection conn, IReadOnlyList<StreamWrite> writes, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(EventLogSql.LockAndReadStreams(_schema), conn)
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

    /// <summary>
    /// Whether the COPY may run without the per-row foreign-key check of <c>mt_events.stream_id</c> (a third of a COPY into
    /// Marten's tables). The check can be skipped because it cannot fail here: every row goes to a stream this transaction
    /// has just inserted into <c>mt_streams</c> or locked there with <c>FOR UPDATE</c> (nobody can delete it before commit).
    /// Only when the role is a superuser (the only one allowed to set <c>session_replication_role</c>) and <c>mt_events</c>
    /// has no trigger of its own (replica mode would silence it, e.g. a NOTIFY trigger someone added): otherwise the check
    /// is paid. The role is set with <c>SET LOCAL</c> for the COPY statements only and put back before anything else runs.
    /// </summary>
    private async Task<bool> CanSkipForeignKeyCheckAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(EventLogSql.CanSkipEventForeignKey(_schema), conn);
        return (bool)(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }

    private async Task<long[]> WriteStreamsAndReserveSequenceAsync(NpgsqlConnection conn, IReadOnlyList<StreamWrite> created,
        int eventCount, bool skipForeignKey, CancellationToken ct)
    {
        // The stream type Marten's append records: the state type's alias, which is not the prefix for every module (rate:).
        var streamTypes = created.Select(w => MartenTables.StreamType(store, HubsModel.Of(w.Head.Key).StateType)).ToArray();

        await using var batch = new NpgsqlBatch(conn);
        if (created.Count > 0)
            batch.BatchCommands.Add(new NpgsqlBatchCommand(EventLogSql.InsertStreams(_schema))
            {
                Parameters =
                {
                    new() { Value = created.Select(w => w.Head.Key).ToArray() },
                    new() { Value = streamTypes },
                    new() { Value = created.Select(w => (long)w.Events.Count).ToArray() },
                },
            });
        if (skipForeignKey) batch.BatchCommands.Add(new NpgsqlBatchCommand("set local session_replication_role = replica"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            EventLogSql.ReserveSequence(_schema)) { Parameters = { new() { Value = eventCount } } });

        var sequence = new long[eventCount];
        await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var i = 0;
        while (await reader.ReadAsync(ct).ConfigureAwait(false)) sequence[i++] = reader.GetInt64(0);
        return sequence;
    }

    private async Task CopyEventsAsync(NpgsqlConnection conn, Row[] rows, long[] sequence, CommandContext context,
        DateTimeOffset timestamp, CancellationToken ct)
    {
        await using var importer = await conn.BeginBinaryImportAsync(EventLogSql.CopyEvents(_schema), ct).ConfigureAwait(false);
        // Synchronous writes: each only fills Npgsql's buffer (flushing when full); an await per column costs more than the copy.
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            importer.StartRow();
            importer.Write(sequence[i], NpgsqlDbType.Bigint);
            importer.Write(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
            importer.Write(row.StreamKey, NpgsqlDbType.Varchar);
            importer.Write(row.Version, NpgsqlDbType.Bigint);
            importer.Write(row.Payload, NpgsqlDbType.Jsonb);
            importer.Write(row.TypeName, NpgsqlDbType.Varchar);
            importer.Write(timestamp, NpgsqlDbType.TimestampTz);
            importer.Write("*DEFAULT*", NpgsqlDbType.Varchar);
            importer.Write(row.DotNetType, NpgsqlDbType.Varchar);
            importer.Write(false, NpgsqlDbType.Boolean);
            importer.Write(context.CorrelationId, NpgsqlDbType.Varchar);
            if (context.CausationId is null) importer.WriteNull();
            else importer.Write(context.CausationId, NpgsqlDbType.Varchar);
            importer.Write(row.Headers, NpgsqlDbType.Jsonb);
            importer.Write(context.Actor, NpgsqlDbType.Varchar);
        }
        await importer.CompleteAsync(ct).ConfigureAwait(false);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, string> DotNetNames = new();

    /// <summary>Marten's <c>mt_dotnet_type</c>: full name and assembly name.</summary>
    internal static string DotNetTypeName(Type type) => DotNetNames.GetOrAdd(type, t => $"{t.FullName}, {t.Assembly.GetName().Name}");

    /// <summary>One event's row; <c>Payload</c> is its jsonb text (UTF-8) in the chunk's pooled blocks, copied as it is.</summary>
    internal readonly record struct Row(string StreamKey, long Version, ReadOnlyMemory<byte> Payload, string TypeName, string DotNetType, string Headers);
}
