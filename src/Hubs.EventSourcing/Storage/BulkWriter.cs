using System.Text.Json;
using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.EventLog;
using Hubs.EventSourcing.Integrity;
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
internal sealed partial class BulkWriter(IDocumentStore store, ISerializer serializer, StateLoader checkpoints, HeadSigner? signer = null,
    Diagnostics.HubsLog? log = null)
{
    /// <summary>Rows per COPY: progress is reported after each, all inside the one transaction.</summary>
    public const int ChunkSize = 10_000;

    /// <summary>Batches this large also refresh the planner's statistics afterwards (rebuilds degrade badly without them).</summary>
    public const int AnalyzeThreshold = 10_000;

    private readonly string _schema = store.Options.Events.DatabaseSchemaName;
    private readonly HeadSigner? _signer = signer;

    /// <summary>
    /// Writes and commits a decided unit in a transaction of its own, or in <paramref name="locked"/> when given: one that
    /// already holds the streams' claims (<see cref="BeginLockedAsync"/>), which the caller then disposes.
    /// </summary>
    public async Task<List<StreamHead>> WriteAsync(IReadOnlyList<StreamWrite> writes, CommandContext context,
        DateTimeOffset timestamp, ProcessedCommand processed, int commandCount, IProgress<BatchProgress>? progress, CancellationToken ct,
        BulkTransaction? locked = null)
    {
        var chunks = Chunks(writes);
        var lastRowOfCommand = LastRowOfEachCommand(writes, commandCount);
        var totalRows = writes.Sum(w => w.Events.Count);
        var headerPrefix = HeaderPrefix(context);

        // A pipeline: the client seals chunk k+1 (serialise, reproduce jsonb text, hash) while PostgreSQL ingests chunk k,
        // so on a small machine the CPU-bound hash chain and the server's COPY run side by side instead of one after the other.
        var sealing = Task.Run(() => Seal(chunks[0], context, timestamp, headerPrefix), ct);
        try
        {
            await using var owned = locked is null ? await BeginAsync(ct).ConfigureAwait(false) : null;
            var tx = locked ?? owned!;
            var written = new List<StreamHead>(writes.Count);
            var sealedCheckpoints = new List<StateCheckpoint>();
            int offset = 0, done = 0;
            for (var k = 0; k < chunks.Count; k++)
            {
                var chunk = await sealing.ConfigureAwait(false);
                if (k + 1 < chunks.Count)
                {
                    var next = chunks[k + 1];
                    sealing = Task.Run(() => Seal(next, context, timestamp, headerPrefix), ct);
                }
                await tx.WriteAsync(chunk, context, timestamp, ct).ConfigureAwait(false);
                sealedCheckpoints.AddRange(chunk.Checkpoints);
                written.AddRange(chunk.Heads);
                offset += chunk.Rows.Length;
                while (done < commandCount && lastRowOfCommand[done] < offset) done++;
                if (offset < totalRows) progress?.Report(new BatchProgress(BatchStage.Written, done, commandCount));
            }
            var before = writes.ToDictionary(w => w.Head.Key, w => w.Head, StringComparer.Ordinal);
            await tx.CommitAsync(sealedCheckpoints, processed, written.Select(h => SignedRange.Of(before[h.Key], h)).ToList(), totalRows, ct).ConfigureAwait(false);
            return written;
        }
        finally
        {
            // A failed write leaves no sealing running behind it.
            try { await sealing.ConfigureAwait(false); } catch { /* its failure, if any, is not this one's */ }
        }
    }

    /// <summary>
    /// A concurrent writer created one of the new streams, or a Marten append that read a stream's version before the lock
    /// raced the COPY for the same version: the transaction rolled back whole; re-decide like any lost race.
    /// </summary>
    private static async Task ConflictsAsLostRaces(Func<Task> work)
    {
        try
        {
            await work().ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DeadlockDetected
                                               or PostgresErrorCodes.SerializationFailure)
        {
            throw new BulkWriteConflictException(ex.TableName ?? "?", 0, null, ex);
        }
    }

    /// <summary>
    /// Opens the one transaction a large unit of work is copied in, chunk after chunk (<see cref="BulkTransaction.WriteAsync"/>),
    /// and committed with its idempotency row (<see cref="BulkTransaction.CommitAsync"/>); disposed uncommitted, it rolls back.
    /// </summary>
    public async Task<BulkTransaction> BeginAsync(CancellationToken ct)
    {
        // This raw SQL may be the first a new store runs (a streamed import reads heads beside it): the tables must exist.
        await checkpoints.EnsureTableAsync(ct).ConfigureAwait(false);
        var session = store.LightweightSession();
        // Its one Marten write, the idempotency row, loses to a concurrent send of the same command as a handled race.
        HandledRaceLogger.Install(session, log ?? Diagnostics.HubsLog.Silent);
        try
        {
            await session.BeginTransactionAsync(ct).ConfigureAwait(false);
            var conn = session.Connection ?? throw new InvalidOperationException("The Marten session has no open connection.");
            var skipForeignKey = await CanSkipForeignKeyCheckAsync(conn, ct).ConfigureAwait(false);
            return new BulkTransaction(this, session, conn, skipForeignKey);
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A transaction that copies sealed chunks into Marten's tables; see <see cref="BeginAsync"/>.</summary>
    internal sealed partial class BulkTransaction(BulkWriter writer, IDocumentSession session, NpgsqlConnection conn, bool skipForeignKey) : IAsyncDisposable
    {
        /// <summary>
        /// Locks the chunk's streams and checks their versions (streams written by an earlier chunk of this transaction are
        /// at the version it left them), creates or moves them, reserves sequence numbers and copies the rows.
        /// </summary>
        public Task WriteAsync(SealedChunk chunk, CommandContext context, DateTimeOffset timestamp, CancellationToken ct) =>
            ConflictsAsLostRaces(() => WriteCoreAsync(chunk, context, timestamp, ct));

        private async Task WriteCoreAsync(SealedChunk chunk, CommandContext context, DateTimeOffset timestamp, CancellationToken ct)
        {
            await DropClaimsAsync(ct).ConfigureAwait(false);
            // Each stream is locked, checked and (if new) created once, the first time a chunk writes to it; its version in
            // mt_streams is moved once, at commit (a streamed import writes to a stream in many chunks).
            var first = chunk.Writes.Where(w => !_versions.ContainsKey(w.Head.Key)).ToArray();
            if (first.Length > 0) await writer.LockAndCheckVersionsAsync(conn, first, ct).ConfigureAwait(false);
            var created = first.Where(w => w.Head.Version == 0).ToArray();
            var sequence = await writer.WriteStreamsAndReserveSequenceAsync(conn, created, chunk.Rows.Length, skipForeignKey, ct).ConfigureAwait(false);
            foreach (var w in created) _stored[w.Head.Key] = w.Events.Count;
            foreach (var w in first.Where(w => w.Head.Version > 0)) _stored[w.Head.Key] = w.Head.Version;
            foreach (var w in chunk.Writes) _versions[w.Head.Key] = w.Head.Version + w.Events.Count;
            await writer.CopyEventsAsync(conn, chunk.Rows, sequence, context, timestamp, ct).ConfigureAwait(false);
            chunk.Release();
        }

        /// <summary>Each stream written: its version when the transaction ends.</summary>
        private readonly Dictionary<string, long> _versions = new(StringComparer.Ordinal);

        /// <summary>Each stream written: the version its mt_streams row holds now (as created, or as found).</summary>
        private readonly Dictionary<string, long> _stored = new(StringComparer.Ordinal);

        /// <summary>Restores the role, refreshes statistics after a large load, stores the checkpoints and the idempotency row (signing the ranges appended when a key is set), commits.</summary>
        public Task CommitAsync(IReadOnlyCollection<StateCheckpoint> checkpoints, ProcessedCommand processed, IReadOnlyCollection<SignedRange> ranges,
            long totalRows, CancellationToken ct) => ConflictsAsLostRaces(async () =>
        {
            // Claims taken for streams the last chunks then wrote nothing to (a streamed import's retry): never committed.
            await DropClaimsAsync(ct).ConfigureAwait(false);
            if (skipForeignKey)
            {
                await using var restore = new NpgsqlCommand("set local session_replication_role = origin", conn);
                await restore.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }

            // The versions (and timestamp = now(), as Marten's append sets them) of the streams that moved since their row was
            // created or locked.
            var moved = _versions.Where(v => _stored[v.Key] != v.Value).ToArray();
            if (moved.Length > 0)
            {
                await using var update = new NpgsqlCommand(EventLogSql.MoveStreams(writer._schema), conn)
                {
                    Parameters = { new() { Value = moved.Select(m => m.Key).ToArray() }, new() { Value = moved.Select(m => m.Value).ToArray() } },
                };
                await update.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }

            if (totalRows >= AnalyzeThreshold)
            {
                // Inside the transaction: ANALYZE samples this transaction's own rows, and the statistics commit with them (≈ 0.5 s
                // per 100k events here for the columns it samples).
                await using var analyze = new NpgsqlCommand(EventLogSql.AnalyzeEventTables(writer._schema), conn);
                await analyze.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }

            if (checkpoints.Count > 0) session.Store(checkpoints.ToArray());
            session.Insert(writer._signer is null ? processed : writer._signer.Sign(processed, ranges));
            await session.SaveChangesAsync(ct).ConfigureAwait(false);
        });

        public ValueTask DisposeAsync() => session.DisposeAsync();
    }

    /// <summary>Consecutive runs of whole streams of about <see cref="ChunkSize"/> events (a stream's chain is never split).</summary>
    private static List<StreamWrite[]> Chunks(IReadOnlyList<StreamWrite> writes)
    {
        var chunks = new List<StreamWrite[]>();
        var current = new List<StreamWrite>();
        var rows = 0;
        foreach (var w in writes)
        {
            current.Add(w);
            rows += w.Events.Count;
            if (rows < ChunkSize) continue;
            chunks.Add([.. current]);
            current.Clear();
            rows = 0;
        }
        if (current.Count > 0) chunks.Add([.. current]);
        return chunks;
    }

    /// <summary>
    /// Computes every row of a chunk; streams are independent chains, so they are sealed in parallel, each worker writing the
    /// payloads into pooled blocks of its own (<see cref="SealedChunk.Release"/> gives them back once the rows are copied).
    /// </summary>
    internal SealedChunk Seal(StreamWrite[] chunk, CommandContext context, DateTimeOffset timestamp, string headerPrefix)
    {
        var offsets = new int[chunk.Length + 1];
        for (var i = 0; i < chunk.Length; i++) offsets[i + 1] = offsets[i] + chunk[i].Events.Count;
        var rows = new Row[offsets[^1]];
        var heads = new StreamHead[chunk.Length];
        var checkpointsOf = new List<StateCheckpoint>?[chunk.Length];
        var frame = EventSeal.Frame(context, timestamp);
        var arenas = new List<PayloadArena>();
        Parallel.For(0, chunk.Length, () =>
        {
            var arena = new PayloadArena();
            lock (arenas) arenas.Add(arena);
            return arena;
        }, (s, _, payloads) =>
        {
            var write = chunk[s];
            var head = write.Head;
            var hash = head.LastHash;
            foreach (var link in EventSeal.Chain(write, serializer, checkpoints, context, timestamp, payloads, frame))
            {
                var type = write.Events[link.Index].GetType();
                rows[offsets[s] + link.Index] = new Row(head.Key, link.Version, link.Payload, EventNames.Of(type), DotNetTypeName(type), Headers(headerPrefix, link));
                if (link.Checkpoint is { } checkpoint) (checkpointsOf[s] ??= []).Add(checkpoint);
                hash = link.Hash;
            }
            heads[s] = new StreamHead(head.Key, write.State, head.Version + write.Events.Count, hash, timestamp) { Signed = _signer is not null };
            return payloads;
        }, _ => { });
        return new SealedChunk(chunk, rows, heads, checkpointsOf.Where(c => c is not null).SelectMany(c => c!).ToList(), arenas);
    }

    /// <summary>
    /// The start of every event's headers, escaped once per batch: reason and source are the same on every event, and the
    /// command id and hash that follow never need escaping. jsonb normalises key order, so the stored value equals Marten's.
    /// </summary>
    internal static string HeaderPrefix(CommandContext context) =>
        $"{{\"{HashChain.ReasonHeader}\": {JsonSerializer.Serialize(context.Reason)}, \"{HashChain.SourceHeader}\": {JsonSerializer.Serialize(context.Source)}, " +
        $"\"{HashChain.CommandIdHeader}\": \"";

    /// <summary>An event's headers as jsonb text: the batch's <see cref="HeaderPrefix"/>, then its command id, hash and checkpoint seal.</summary>
    internal static string Headers(string headerPrefix, SealedEvent link) => link.Checkpoint is null
        ? string.Concat(headerPrefix, link.CommandId, "\", \"hash\": \"", link.Hash, "\"}")
        : string.Concat(headerPrefix, link.CommandId, "\", \"hash\": \"", link.Hash, "\", \"checkpoint\": \"", link.CheckpointSeal, "\"}");

    /// <summary>For each command (in batch order), the row after which all its events are written; -1 if it wrote none.</summary>
    private static int[] LastRowOfEachCommand(IReadOnlyList<StreamWrite> writes, int commandCount)
    {
        var last = new int[commandCount];
        Array.Fill(last, -1);
        var row = 0;
        foreach (var w in writes)
            foreach (var index in w.CommandIndexes)
                last[index] = row++;
        // Progress counts a prefix of the batch as done, so a command is done only when every earlier one is too.
        for (var i = 1; i < commandCount; i++) last[i] = Math.Max(last[i], last[i - 1]);
        return last;
    }
}

/// <summary>
/// A chunk ready to copy: its writes (whole streams' parts, each from its head), every row sealed, each stream's head after
/// it, and the checkpoints it reached.
/// </summary>
internal sealed record SealedChunk(StreamWrite[] Writes, BulkWriter.Row[] Rows, StreamHead[] Heads, List<StateCheckpoint> Checkpoints,
    List<PayloadArena> Payloads)
{
    /// <summary>Gives the payloads' pooled blocks back, once the rows are copied: the rows' payloads are invalid after it.</summary>
    public void Release()
    {
        foreach (var arena in Payloads) arena.Dispose();
        Payloads.Clear();
    }
}

/// <summary>A stream moved (or was created) after the batch was decided; the batch is retried like any concurrency loss.</summary>
internal sealed class BulkWriteConflictException(string streamKey, long expected, long? actual, Exception? inner = null)
    : Exception(actual is null
        ? $"A concurrent writer changed the streams of the batch ({inner?.Message}); nothing was written."
        : $"Stream '{streamKey}' is at version {actual}, not {expected}; nothing was written.", inner);
