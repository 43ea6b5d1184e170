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
/// document is a pure fold of its own stream. The events up to Marten's high-water mark are read once by a single streamed
/// query, stream after stream; decoded and folded on the other cores, each document is serialised and copied (binary COPY)
/// as soon as its stream's last event is folded, so memory holds a few documents, not the read models. In one transaction
/// the documents are replaced and each projection's progress (<c>mt_event_progression</c>) is set to that mark, so Marten's
/// daemon resumes exactly where the rebuild ended: nothing reprocessed, nothing skipped.
/// </summary>
/// <remarks>
/// Never beside a running daemon: the rebuild first takes, without waiting, the advisory locks by which hot/cold daemons
/// own each projection shard (Marten's own lock ids) and holds them until it has committed; a daemon holding one makes the
/// rebuild fail before it changes anything. A daemon in <c>Solo</c> mode takes no lock and cannot be detected.
/// </remarks>
internal static partial class FastRebuild
{
    /// <summary>A stored event with every field its hash covers, and whether it is flagged archived (never folded, as by Marten).</summary>
    private readonly record struct Row(AuditedEvent Event, bool Archived);

    /// <summary>A finished document, serialised: a row of its read model's table.</summary>
    private readonly record struct Finished(int Target, string Id, string Json, long Version);

    private sealed class Target(string projectionName, string kind, Type documentType, IReadOnlyCollection<Type> included, Func<object?, IEvent, object?> fold)
    {
        public string ProjectionName { get; } = projectionName;
        public string Kind { get; } = kind;
        public Type DocumentType { get; } = documentType;
        public HashSet<Type> Included { get; } = [.. included];
        public Func<object?, IEvent, object?> Fold { get; } = fold;
    }

    // Every module with a read model, as it declares it (HubsModule.Track): no list kept here.
    private static Target[] Targets(IDocumentStore store) =>
        HubsModel.For(store).Modules.Where(m => m.Tracking is not null)
            .Select(m => new Target(m.Tracking!.ProjectionName, m.Prefix, m.Tracking.DocumentType, m.Tracking.Included(), m.Tracking.Fold))
            .ToArray();

    public static async Task<RebuildResult> RunAsync(IDocumentStore store, Diagnostics.HubsLog log, IProgress<RebuildProgress>? progress, CancellationToken ct)
    {
        const string name = "tracking read models (one pass)";
        var targets = Targets(store);
        var schema = store.Options.Events.DatabaseSchemaName;
        var reader = new StoredEventReader(store, log);
        await reader.EnsureEventTablesAsync(ct).ConfigureAwait(false);
        // A store nobody prepared has no read-model tables yet: create them as the daemon's first write would.
        foreach (var target in targets)
            await Storage.SchemaLock.RunAsync(store, () => store.Storage.Database.EnsureStorageExistsAsync(target.DocumentType, ct), ct).ConfigureAwait(false);
        var tables = targets.Select(t => store.Options.FindOrResolveDocumentType(t.DocumentType).TableName.QualifiedName).ToArray();

        await using var conn = await reader.OpenAsync(ct).ConfigureAwait(false);
        var shards = targets.Select(t => new ShardName(t.ProjectionName, ShardName.All, 1)).ToArray();
        await LockShardsAsync(conn, store, shards, ct).ConfigureAwait(false);
        try
        {
            var ceiling = await HighWaterMarkAsync(store, ct).ConfigureAwait(false);
            progress?.Report(new RebuildProgress(name, 1, 1, 0, ceiling, false));
            await using var tx = await conn.BeginTransactionAsync(ct).ConfigureAwait(false);
            foreach (var table in tables)
            {
                await using var delete = new NpgsqlCommand($"delete from {table}", conn, tx);
                await delete.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }

            // Decoding the payloads and serialising the documents is the costly part: spread it over the cores, each partition
            // folding whole streams; the COPY runs beside them on the transaction's connection. Any failure stops every part.
            using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var partitions = Math.Clamp(Environment.ProcessorCount, 1, 4);
            var channels = Enumerable.Range(0, partitions)
                .Select(_ => Channel.CreateBounded<Row>(new BoundedChannelOptions(1024) { SingleReader = true, SingleWriter = true })).ToArray();
            var finished = Channel.CreateBounded<Finished>(new BoundedChannelOptions(64) { SingleReader = true });
            var serializer = store.Options.Serializer();
            long read = 0;
            var skipped = Enumerable.Range(0, partitions).Select(_ => new List<ChainBreak>()).ToArray();
            var folding = Enumerable.Range(0, partitions)
                .Select(p => Stage(failed,
                    () => FoldAsync(channels[p].Reader, new StoredEventReader(store, log), targets, serializer, finished.Writer, skipped[p], failed.Token),
                    _ => { }))
                .ToArray();
            Task[] stages =
            [
                Stage(failed, () => ReadAsync(store, schema, ceiling, channels.Select(c => c.Writer).ToArray(), () =>
                {
                    if (++read % 50_000 == 0) progress?.Report(new RebuildProgress(name, 1, 1, Math.Min(read, ceiling), ceiling, false));
                }, failed.Token), ex => { foreach (var c in channels) c.Writer.TryComplete(ex); }),
                Stage(failed, () => Task.WhenAll(folding), ex => finished.Writer.TryComplete(ex)),
                Stage(failed, () => CopyAsync(conn, finished.Reader, tables, targets.Select(t => t.DocumentType.FullName!).ToArray(), failed.Token),
                    _ => { }),
            ];
            try
            {
                await Task.WhenAll(stages).ConfigureAwait(false);
            }
            catch when (stages.Concat(folding).Select(s => s.Exception?.InnerException)
                            .FirstOrDefault(e => e is not null and not OperationCanceledException) is { } cause)
            {
                // The failure itself, not a stage it cancelled.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(cause);
            }
            ct.ThrowIfCancellationRequested();

            await SetProgressAsync(conn, tx, store, shards, ceiling, ct).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
            progress?.Report(new RebuildProgress(name, 1, 1, ceiling, ceiling, true));
            return new RebuildResult(skipped.SelectMany(p => p)
                .OrderBy(b => b.StreamKey, StringComparer.Ordinal).ThenBy(b => b.Version).ToList(), HashesChecked: true);
        }
        finally
        {
            // A COPY cut short by a failure can leave the connection closed: its session, and so its locks, are gone then.
            if (conn.State == ConnectionState.Open)
            {
                await using var unlock = new NpgsqlCommand("select pg_advisory_unlock_all()", conn);
                await unlock.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Runs one stage of the pipeline on the pool and ends its output when it ends (with its failure, if any); a failure
    /// cancels every other stage, so none waits forever on a stage that stopped.
    /// </summary>
    private static Task Stage(CancellationTokenSource failed, Func<Task> run, Action<Exception?> complete) => Task.Run(async () =>
    {
        try
        {
            await run().ConfigureAwait(false);
            complete(null);
        }
        catch (Exception ex)
        {
            complete(ex);
            await failed.CancelAsync().ConfigureAwait(false);
            throw;
        }
    });

    /// <summary>
    /// Refuses (<see cref="ProjectionsBusyException"/>) when a daemon owns a tracking projection, taking and releasing the
    /// daemon's locks: Marten's own rebuild checks nothing of the kind and would race a running daemon.
    /// </summary>
    public static async Task EnsureNoDaemonAsync(IDocumentStore store, Diagnostics.HubsLog log, CancellationToken ct)
    {
        await using var conn = await new StoredEventReader(store, log).OpenAsync(ct).ConfigureAwait(false);
        await LockShardsAsync(conn, store, Targets(store).Select(t => new ShardName(t.ProjectionName, ShardName.All, 1)), ct).ConfigureAwait(false);
        await using var unlock = new NpgsqlCommand("select pg_advisory_unlock_all()", conn);
        await unlock.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
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
                throw new ProjectionsBusyException(shard.Identity);
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

    /// <summary>
    /// The events in stream order (each stream's events together, by version): a stream's document is finished as soon as the
    /// next stream begins. The folds are per stream, so the order of the streams does not change a document.
    /// </summary>
    private static async Task ReadAsync(IDocumentStore store, string schema, long ceiling, ChannelWriter<Row>[] partitions, Action onRow,
        CancellationToken ct)
    {
        await using var conn = store.Storage.Database.CreateConnection();
        await conn.OpenAsync(ct).ConfigureAwait(false);
        // Archived events are read too, though never folded: the events after one chain on from its hash.
        await using var cmd = new NpgsqlCommand(EventLog.EventLogSql.OwnedEventsUpTo(schema), conn);
        cmd.Parameters.Add(new NpgsqlParameter { Value = ceiling });
        await using var r = await cmd.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct).ConfigureAwait(false);
        AuditedEvent? previous = null;
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            var row = new Row(previous = StoredEventReader.Row(r, previous), r.GetBoolean(14));
            onRow();
            // By stream: a stream's events reach one partition, together and in order.
            var rows = partitions[(int)((uint)row.Event.StreamKey.GetHashCode() % (uint)partitions.Length)];
            if (!rows.TryWrite(row)) await rows.WriteAsync(row, ct).ConfigureAwait(false);
        }
    }

    private static async Task FoldAsync(ChannelReader<Row> rows, StoredEventReader reader, Target[] targets, Marten.ISerializer serializer,
        ChannelWriter<Finished> finished, List<ChainBreak> skipped, CancellationToken ct)
    {
        var byKind = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var t = 0; t < targets.Length; t++) byKind[targets[t].Kind] = t;
        // The stream being folded: its read model, document (null until created, or after a fold deleted it) and mt_version.
        string? stream = null;
        var target = -1;
        object? doc = null;
        long version = 0;
        var gate = new ChainGate();
        async ValueTask FinishAsync()
        {
            if (doc is null) return;
            var done = new Finished(target, stream!, serializer.ToJson(doc), version);
            doc = null;
            if (!finished.TryWrite(done)) await finished.WriteAsync(done, ct).ConfigureAwait(false);
        }

        while (await rows.WaitToReadAsync(ct).ConfigureAwait(false))
        {
            while (rows.TryRead(out var row))
            {
                var stored = row.Event;
                if (!string.Equals(stored.StreamKey, stream, StringComparison.Ordinal))
                {
                    await FinishAsync().ConfigureAwait(false);
                    stream = stored.StreamKey;
                    target = byKind.GetValueOrDefault(stream[..Math.Max(0, stream.IndexOf(':'))], -1);
                    gate = new ChainGate();
                }
                if (target < 0) continue;
                // Every event is checked against its chain, here on the folding cores; one that fails is reported, never folded.
                var data = reader.ToFoldableData(stored, gate, out var refused);
                if (refused is not null) skipped.Add(refused);
                if (data is null || row.Archived || !targets[target].Included.Contains(data.GetType())) continue;
                var e = new Event<object>(data)
                {
                    StreamKey = stored.StreamKey, Version = stored.Version, Sequence = stored.Sequence, Timestamp = stored.RecordedAt,
                    UserName = stored.Actor.Length == 0 ? null : stored.Actor,
                };
                // The one rule, as the projection and the replays: a fold that returns nothing leaves the document as it was.
                doc = targets[target].Fold(doc, e) ?? doc;
                version = stored.Version;
            }
        }
        await FinishAsync().ConfigureAwait(false);
    }
}
