using System.Data;
using System.Threading.Channels;
using Hubs.EventSourcing.Auditing;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events;
using Npgsql;
using NpgsqlTypes;

namespace Hubs.EventSourcing.Tracking;

/// <summary>
/// Rebuilds every tracking read model in one pass over the event log, using what the library knows and Marten cannot: each
/// document is a pure fold of its own stream. The events up to Marten's high-water mark are read once, in sequence, by a
/// single streamed query; decoded and folded in memory on another core; then, in one transaction, the documents are
/// replaced by a binary COPY and each projection's progress (<c>mt_event_progression</c>) is set to that mark, so Marten's
/// daemon resumes exactly where the rebuild ended: nothing reprocessed, nothing skipped.
/// </summary>
/// <remarks>
/// Never beside a running daemon: the rebuild first takes, without waiting, the advisory locks by which hot/cold daemons
/// own each projection shard (Marten's own lock ids) and holds them until it has committed; a daemon holding one makes the
/// rebuild fail before it changes anything. A daemon in <c>Solo</c> mode takes no lock and cannot be detected.
/// </remarks>
internal static class FastRebuild
{
    /// <summary>A stored event, as much of it as the folds read.</summary>
    private readonly record struct Row(string Stream, long Version, long Sequence, string Type, DateTimeOffset Timestamp, string? User, string Data);

    private sealed class Target(string projectionName, string kind, Type documentType, IReadOnlyCollection<Type> included, Func<object?, IEvent, object?> fold)
    {
        public string ProjectionName { get; } = projectionName;
        public string Kind { get; } = kind;
        public Type DocumentType { get; } = documentType;
        public HashSet<Type> Included { get; } = [.. included];
        public Func<object?, IEvent, object?> Fold { get; } = fold;
        // Stream key → (document, version of the last event folded into it): mt_version as Marten's projection writes it.
        public Dictionary<string, (object Doc, long Version)> Docs { get; } = new(StringComparer.Ordinal);
    }

    private static Target[] Targets() =>
    [
        new(ClusterTrackProjection.ProjectionName, "cluster", typeof(ClusterTrack), new ClusterTrackProjection().IncludedEventTypes,
            (d, e) => ClusterTrack.Fold((ClusterTrack?)d, e)),
        new(RegionTrackProjection.ProjectionName, "region", typeof(RegionTrack), new RegionTrackProjection().IncludedEventTypes,
            (d, e) => RegionTrack.Fold((RegionTrack?)d, e)),
        new(EnterpriseTrackProjection.ProjectionName, "enterprise", typeof(EnterpriseTrack), new EnterpriseTrackProjection().IncludedEventTypes,
            (d, e) => EnterpriseTrack.Fold((EnterpriseTrack?)d, e)),
        new(ExchangeRateTrackProjection.ProjectionName, "rate", typeof(ExchangeRateTrack), new ExchangeRateTrackProjection().IncludedEventTypes,
            (d, e) => ExchangeRateTrack.Fold((ExchangeRateTrack?)d, e)),
    ];

    public static async Task RunAsync(IDocumentStore store, Diagnostics.HubsLog log, IProgress<RebuildProgress>? progress, CancellationToken ct)
    {
        const string name = "tracking read models (one pass)";
        var targets = Targets();
        var schema = store.Options.Events.DatabaseSchemaName;
        var reader = new StoredEventReader(store, log);
        await reader.EnsureEventTablesAsync(ct).ConfigureAwait(false);
        // A store nobody prepared has no read-model tables yet: create them as the daemon's first write would.
        foreach (var target in targets)
            await Storage.SchemaLock.RunAsync(store, () => store.Storage.Database.EnsureStorageExistsAsync(target.DocumentType, ct), ct).ConfigureAwait(false);

        await using var conn = await reader.OpenAsync(ct).ConfigureAwait(false);
        var shards = targets.Select(t => new ShardName(t.ProjectionName, ShardName.All, 1)).ToArray();
        await LockShardsAsync(conn, store, shards, ct).ConfigureAwait(false);
        try
        {
            var ceiling = await HighWaterMarkAsync(store, ct).ConfigureAwait(false);
            progress?.Report(new RebuildProgress(name, 1, 1, 0, ceiling, false));

            // Decoding the payloads is the costly part: spread it over the cores, each partition folding whole streams.
            var partitions = Math.Clamp(Environment.ProcessorCount, 1, 4);
            var channels = Enumerable.Range(0, partitions)
                .Select(_ => Channel.CreateBounded<Row>(new BoundedChannelOptions(4096) { SingleReader = true, SingleWriter = true })).ToArray();
            var parts = Enumerable.Range(0, partitions).Select(_ => Targets()).ToArray();
            var folding = Enumerable.Range(0, partitions)
                .Select(p => Task.Run(() => FoldAsync(channels[p].Reader, new StoredEventReader(store, log), parts[p], p == 0 ? progress : null, ceiling, name, ct), ct))
                .ToArray();
            try
            {
                await ReadAsync(store, schema, ceiling, channels.Select(c => c.Writer).ToArray(), ct).ConfigureAwait(false);
                foreach (var c in channels) c.Writer.Complete();
            }
            catch (Exception ex)
            {
                foreach (var c in channels) c.Writer.TryComplete(ex);
            }
            await Task.WhenAll(folding).ConfigureAwait(false);
            for (var t = 0; t < targets.Length; t++)
                foreach (var part in parts)
                    foreach (var (key, doc) in part[t].Docs)
                        targets[t].Docs[key] = doc;
            await WriteAsync(conn, store, targets, shards, ceiling, ct).ConfigureAwait(false);
            progress?.Report(new RebuildProgress(name, 1, 1, ceiling, ceiling, true));
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("select pg_advisory_unlock_all()", conn);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>The advisory locks a hot/cold daemon takes to own each shard (Marten's ids): refuse when one is taken.</summary>
    private static async Task LockShardsAsync(NpgsqlConnection conn, IDocumentStore store, IEnumerable<ShardName> shards, CancellationToken ct)
    {
        foreach (var shard in shards)
        {
            var id = ProjectionLockIds.Compute(store.Options.Events.DatabaseSchemaName, shard, ((StoreOptions)store.Options).Projections.DaemonLockId);
            await using var cmd = new NpgsqlCommand("select pg_try_advisory_lock($1)", conn);
            cmd.Parameters.Add(new NpgsqlParameter { Value = (long)id });
            if (await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) is not true)
            {
                await using var unlock = new NpgsqlCommand("select pg_advisory_unlock_all()", conn);
                await unlock.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
                throw new InvalidOperationException(
                    $"The projection {shard.Identity} is owned by a running async daemon: stop it before rebuilding (nothing was changed).");
            }
        }
    }

    /// <summary>The sequence up to which every event is committed, as Marten's daemon detects it for its own rebuilds.</summary>
    private static async Task<long> HighWaterMarkAsync(IDocumentStore store, CancellationToken ct)
    {
        using var daemon = await store.BuildProjectionDaemonAsync().ConfigureAwait(false);
        await daemon.PrepareForRebuildsAsync().ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
        return daemon.Tracker.HighWaterMark;
    }

    private static async Task ReadAsync(IDocumentStore store, string schema, long ceiling, ChannelWriter<Row>[] partitions, CancellationToken ct)
    {
        await using var conn = store.Storage.Database.CreateConnection();
        await conn.OpenAsync(ct).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand($"""
            select stream_id, version, seq_id, type, timestamp, user_name, data::text
            from {schema}.mt_events
            where seq_id <= $1 and stream_id <> '{StoredEventReader.TombstoneStream}' and not coalesce(is_archived, false)
              and {StoredEventReader.OwnedStreamsFilter}
            order by seq_id
            """, conn);
        cmd.Parameters.Add(new NpgsqlParameter { Value = ceiling });
        await using var r = await cmd.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            var row = new Row(r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetString(3), r.GetFieldValue<DateTimeOffset>(4),
                r.IsDBNull(5) ? null : r.GetString(5), r.GetString(6));
            // By stream: a stream's events reach one partition, in sequence.
            var rows = partitions[(int)((uint)row.Stream.GetHashCode() % (uint)partitions.Length)];
            if (!rows.TryWrite(row)) await rows.WriteAsync(row, ct).ConfigureAwait(false);
        }
    }

    private static async Task FoldAsync(ChannelReader<Row> rows, StoredEventReader reader, Target[] targets,
        IProgress<RebuildProgress>? progress, long ceiling, string name, CancellationToken ct)
    {
        var byKind = targets.ToDictionary(t => t.Kind, StringComparer.Ordinal);
        long read = 0;
        while (await rows.WaitToReadAsync(ct).ConfigureAwait(false))
        {
            while (rows.TryRead(out var row))
            {
                if (++read % 50_000 == 0) progress?.Report(new RebuildProgress(name, 1, 1, row.Sequence, ceiling, false));
                var kind = row.Stream[..Math.Max(0, row.Stream.IndexOf(':'))];
                if (!byKind.TryGetValue(kind, out var target)) continue;
                if (reader.ToEventData(row.Type, row.Data, $"{row.Stream} v{row.Version}") is not { } data) continue;
                if (!target.Included.Contains(data.GetType())) continue;
                var e = new Event<object>(data)
                {
                    StreamKey = row.Stream, Version = row.Version, Sequence = row.Sequence, Timestamp = row.Timestamp, UserName = row.User,
                };
                var current = target.Docs.TryGetValue(row.Stream, out var held) ? held.Doc : null;
                // As Marten's projection: a fold that returns nothing deletes the document.
                if (target.Fold(current, e) is { } next) target.Docs[row.Stream] = (next, row.Version);
                else target.Docs.Remove(row.Stream);
            }
        }
    }

    /// <summary>In one transaction: replace each read model's documents, and set its progress to the ceiling.</summary>
    private static async Task WriteAsync(NpgsqlConnection conn, IDocumentStore store, Target[] targets, ShardName[] shards, long ceiling,
        CancellationToken ct)
    {
        var serializer = store.Options.Serializer();
        await using var tx = await conn.BeginTransactionAsync(ct).ConfigureAwait(false);
        foreach (var target in targets)
        {
            var table = store.Options.FindOrResolveDocumentType(target.DocumentType).TableName.QualifiedName;
            await using (var delete = new NpgsqlCommand($"delete from {table}", conn, tx))
                await delete.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            var dotnetType = target.DocumentType.FullName!;
            // Serialising the documents is most of the write: on every core, before the COPY.
            var docs = target.Docs.ToArray();
            var json = new string[docs.Length];
            Parallel.For(0, docs.Length, new ParallelOptions { CancellationToken = ct }, i => json[i] = serializer.ToJson(docs[i].Value.Doc));
            await using var copy = await conn.BeginBinaryImportAsync(
                $"copy {table} (id, data, mt_last_modified, mt_dotnet_type, mt_version) from stdin (format binary)", ct).ConfigureAwait(false);
            var now = DateTimeOffset.UtcNow;
            for (var i = 0; i < docs.Length; i++)
            {
                var (id, (_, version)) = docs[i];
                await copy.StartRowAsync(ct).ConfigureAwait(false);
                await copy.WriteAsync(id, NpgsqlDbType.Varchar, ct).ConfigureAwait(false);
                await copy.WriteAsync(json[i], NpgsqlDbType.Jsonb, ct).ConfigureAwait(false);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz, ct).ConfigureAwait(false);
                await copy.WriteAsync(dotnetType, NpgsqlDbType.Varchar, ct).ConfigureAwait(false);
                await copy.WriteAsync(version, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
            }
            await copy.CompleteAsync(ct).ConfigureAwait(false);
        }
        var progression = $"{store.Options.Events.DatabaseSchemaName}.mt_event_progression";
        foreach (var shard in shards)
        {
            await using var set = new NpgsqlCommand($"""
                insert into {progression} (name, last_seq_id, last_updated) values ($1, $2, now())
                on conflict (name) do update set last_seq_id = excluded.last_seq_id, last_updated = excluded.last_updated
                """, conn, tx);
            set.Parameters.Add(new NpgsqlParameter { Value = shard.Identity });
            set.Parameters.Add(new NpgsqlParameter { Value = ceiling });
            await set.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }
}
