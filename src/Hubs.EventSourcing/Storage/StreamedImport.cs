using System.Threading.Channels;
using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.Commanding;
using Hubs.EventSourcing.Integrity;

namespace Hubs.EventSourcing.Storage;

/// <summary>
/// An import too large to hold (<see cref="HubsCommands.ImportAsync"/>): the commands are read a chunk at a time, and chunk
/// k+1 is validated, decided and sealed while chunk k is copied, all in one transaction of <see cref="BulkWriter"/>. What it
/// holds is bounded by the chunk size and by the streams (their heads), not by the input. The outcome is the one
/// <see cref="HubsCommands.SendBatchAsync"/> gives for the same commands: the same rows and hashes, the same idempotency
/// record, and when any command is wrong the same report of every violation, after which nothing is committed.
/// </summary>
/// <remarks>
/// A violation stops the writing, not the reading: the rest is still validated (and, when every shape is right, decided
/// against the states the accepted commands left) so the report lists everything, then the transaction rolls back. The
/// rows copied before it are never visible; they leave dead tuples for autovacuum and a gap in the event sequence.
/// </remarks>
internal sealed class StreamedImport(HeadLoader heads, BulkWriter bulk, HubsOptions options, HeadSigner? signer = null)
{
    /// <summary>Commands per chunk: validated, decided, sealed and copied together.</summary>
    public int ChunkSize { get; set; } = 2_000;

    /// <summary>See <see cref="HubsCommands.ParallelDecideThreshold"/>.</summary>
    public int ParallelDecideThreshold { get; set; } = 1_000;

    /// <summary>What the reading side hands to the writing side, in order.</summary>
    private abstract record Step;

    /// <summary>One chunk on its way from the sealing to the COPY.</summary>
    private sealed record Piece(SealedChunk Sealed, DateTimeOffset Timestamp, int CommandsThrough) : Step;

    /// <summary>
    /// Claim these streams' next versions in the import's transaction before their heads are read (an import that lost a
    /// race): <see cref="BulkWriter.BulkTransaction.ClaimAsync"/>, not a row lock, which deadlocks with Marten's append.
    /// </summary>
    private sealed record ClaimFirst(string[] Keys) : Step
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>What the reading side found once the input ended.</summary>
    private sealed record Reading(int Commands, List<RuleViolation> Violations);

    /// <summary>
    /// One attempt over the whole input, in one transaction. Throws <see cref="CommandRejectedException"/> with every
    /// violation (nothing committed), <see cref="LaterTimestampException"/> when a stream read late in the input holds an
    /// event recorded after the instant the attempt chose, or the store's conflict exceptions when it loses a race.
    /// </summary>
    /// <param name="input">The commands, from the first.</param>
    /// <param name="fingerprint">Filled with the commands' hashes, or checked against them on a repeated reading.</param>
    /// <param name="context">Who, why, which command id.</param>
    /// <param name="notBefore">The earliest recorded-at the attempt may choose (after a <see cref="LaterTimestampException"/>).</param>
    /// <param name="touched">Receives the streams read, so a lost race can forget their cached heads.</param>
    /// <param name="claimFirst">
    /// Claim each stream's next version before reading its head (after a lost race): the attempt can then no longer lose to
    /// a writer on those streams, at the cost of waiting for the previous chunk's COPY before deciding a chunk with new streams.
    /// </param>
    /// <param name="progress">Reported after each chunk copied.</param>
    /// <param name="ct">Cancels the attempt; nothing is committed.</param>
    /// <returns>The heads written, in the order first written, and the events; none when no command changed anything (nothing committed).</returns>
    public async Task<(IReadOnlyList<StreamHead> Heads, long Events)> RunAsync(ChunkReader input, CommandFingerprint.Builder fingerprint, CommandContext context,
        DateTimeOffset notBefore, HashSet<string> touched, bool claimFirst, IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // One chunk sealed ahead of the one being copied, no more: memory stays at about three chunks.
        var pieces = Channel.CreateBounded<Step>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        var reading = Task.Run(() => ReadDecideAndSealAsync(input, fingerprint, context, notBefore, touched, claimFirst, pieces.Writer, stop.Token), stop.Token);
        try
        {
            await using var tx = await bulk.BeginAsync(ct).ConfigureAwait(false);
            var written = new Dictionary<string, StreamHead>(StringComparer.Ordinal);
            // Each stream's head before the import's first write to it: where its signed range starts.
            var before = new Dictionary<string, StreamHead>(StringComparer.Ordinal);
            var order = new List<string>();
            var checkpoints = new List<StateCheckpoint>();
            long rows = 0;
            var timestamp = notBefore;
            await foreach (var step in pieces.Reader.ReadAllAsync(ct).ConfigureAwait(false))
            {
                if (step is ClaimFirst request)
                {
                    try
                    {
                        await tx.ClaimAsync(request.Keys, ct).ConfigureAwait(false);
                        request.Done.SetResult();
                    }
                    catch (Exception ex)
                    {
                        request.Done.SetException(ex);
                        throw;
                    }
                    continue;
                }
                var piece = (Piece)step;
                await tx.WriteAsync(piece.Sealed, context, piece.Timestamp, ct).ConfigureAwait(false);
                for (var i = 0; i < piece.Sealed.Heads.Length; i++)
                {
                    var head = piece.Sealed.Heads[i];
                    if (!written.ContainsKey(head.Key))
                    {
                        order.Add(head.Key);
                        before[head.Key] = piece.Sealed.Writes[i].Head;
                    }
                    written[head.Key] = head;
                }
                checkpoints.AddRange(piece.Sealed.Checkpoints);
                rows += piece.Sealed.Rows.Length;
                timestamp = piece.Timestamp;
                progress?.Report(new ImportProgress(piece.CommandsThrough, rows));
            }
            var read = await reading.ConfigureAwait(false);
            if (read.Violations.Count > 0) throw new CommandRejectedException(read.Violations);
            if (order.Count == 0) return ([], 0);

            var heads = order.Select(k => written[k]).ToList();
            var recipe = fingerprint.Build();
            var processed = new ProcessedCommand
            {
                Id = context.CommandId, Streams = [.. order], Versions = [.. heads.Select(h => h.Version)], AppliedAt = timestamp,
                Fingerprint = recipe.Hash, Command = recipe.Description,
                Actor = context.Actor,
            };
            await tx.CommitAsync(checkpoints, processed, heads.Select(h => SignedRange.Of(before[h.Key], h)).ToList(), rows, ct).ConfigureAwait(false);
            return (heads, rows);
        }
        catch
        {
            await StopAsync(stop, reading).ConfigureAwait(false);
            throw;
        }
    }

    private static async Task StopAsync(CancellationTokenSource stop, Task reading)
    {
        await stop.CancelAsync().ConfigureAwait(false);
        try { await reading.ConfigureAwait(false); }
        catch { /* stopped, or already failed with the exception being thrown */ }
    }

    /// <summary>The reading side: chunk by chunk, check, plan, load new heads, decide and seal, then hand the chunk on.</summary>
    private async Task<Reading> ReadDecideAndSealAsync(ChunkReader input, CommandFingerprint.Builder fingerprint, CommandContext context,
        DateTimeOffset notBefore, HashSet<string> touched, bool claimFirst, ChannelWriter<Step> output, CancellationToken ct)
    {
        try
        {
            var running = new Dictionary<string, StreamHead>(StringComparer.Ordinal);
            var shape = new List<RuleViolation>();
            var decision = new List<RuleViolation>();
            DateTimeOffset? timestamp = null;
            var headerPrefix = BulkWriter.HeaderPrefix(context);
            var offset = 0;
            for (var index = 0; ; index++)
            {
                var commands = await input.NextAsync(ChunkSize, ct).ConfigureAwait(false);
                if (commands.Count == 0) break;
                Track(fingerprint, index, offset, commands);
                var (plans, invalid) = CommandDecisions.ValidateAndPlan(commands, offset);
                shape.AddRange(invalid);
                // A wrong shape anywhere is reported alone, as for a batch: nothing more is decided.
                if (shape.Count == 0)
                {
                    var fresh = plans.SelectMany(p => p.Streams).Where(k => !running.ContainsKey(k)).Distinct(StringComparer.Ordinal).ToArray();
                    if (fresh.Length > 0)
                    {
                        touched.UnionWith(fresh);
                        if (claimFirst)
                        {
                            var request = new ClaimFirst(fresh);
                            await output.WriteAsync(request, ct).ConfigureAwait(false);
                            await request.Done.Task.WaitAsync(ct).ConfigureAwait(false);
                        }
                        // Never from the cache: a rejection, or an instant chosen for the whole import, must rest on the store.
                        var loaded = await heads.LoadAsync(fresh, useCache: false, ct).ConfigureAwait(false);
                        foreach (var (key, head) in loaded) running[key] = head;
                        var latest = loaded.Values.Max(h => h.LastTimestamp);
                        if (timestamp is null)
                        {
                            // One recorded-at for the whole import, never earlier than anything in the streams it touches.
                            var now = HashChain.ToMicroseconds(options.TimeProvider.GetUtcNow());
                            timestamp = new[] { now, notBefore, latest }.Max();
                        }
                        else if (latest > timestamp)
                            throw new LaterTimestampException(latest);
                    }
                    var (writes, rejected) = CommandDecisions.Decide(plans, offset, single: false, running, context.CommandId,
                        options.CheckpointInterval, ParallelDecideThreshold, PublicationDates.Latest(options));
                    decision.AddRange(rejected);
                    if (decision.Count == 0 && writes.Count > 0)
                    {
                        // A signing import appends to no head its key did not sign (HeadSigner), as a command does not; streams
                        // it only reads are not its to vouch for.
                        if (signer is not null) await signer.EnsureSignedAsync(writes.Select(w => w.Head), ct).ConfigureAwait(false);
                        var sealedChunk = bulk.Seal([.. writes], context, timestamp!.Value, headerPrefix);
                        foreach (var head in sealedChunk.Heads) running[head.Key] = head;
                        await output.WriteAsync(new Piece(sealedChunk, timestamp.Value, offset + commands.Count), ct).ConfigureAwait(false);
                    }
                    else
                    {
                        // Nothing more is written; deciding goes on against the states the accepted commands left, to report all.
                        foreach (var w in writes)
                            running[w.Head.Key] = w.Head with { State = w.State, Version = w.Head.Version + w.Events.Count };
                    }
                }
                offset += commands.Count;
            }
            output.Complete();
            return new Reading(offset, shape.Count > 0 ? shape : decision);
        }
        catch (Exception ex)
        {
            output.TryComplete(ex);
            throw;
        }
    }

    /// <summary>
    /// Adds the chunk (number <paramref name="index"/> of the input) to the fingerprint, or, where an earlier reading of the
    /// input already did, checks it is the same: a repeated reading (after a lost race) that yields other commands is refused,
    /// never imported as if it were the first.
    /// </summary>
    internal static void Track(CommandFingerprint.Builder fingerprint, int index, int offset, IReadOnlyList<IHubsCommand> commands)
    {
        if (index < fingerprint.Parts)
        {
            if (!fingerprint.Matches(index, commands))
                throw new InvalidOperationException(
                    $"The import's commands changed between two readings: commands {offset}–{offset + commands.Count - 1} are not the ones read before. " +
                    "An import that lost a race to a concurrent writer reads its input again, so the sequence must yield the same commands each time it is enumerated.");
            return;
        }
        fingerprint.Add(commands);
    }
}

/// <summary>Reads an asynchronous sequence of commands a chunk at a time.</summary>
internal sealed class ChunkReader(IAsyncEnumerator<IHubsCommand> source, List<IHubsCommand>? first = null) : IAsyncDisposable
{
    private List<IHubsCommand>? _first = first;
    private IHubsCommand? _pending;
    private int _position = first?.Count ?? 0;

    /// <summary>Up to <paramref name="size"/> next commands; empty at the end.</summary>
    public async ValueTask<List<IHubsCommand>> NextAsync(int size, CancellationToken ct)
    {
        if (_first is { } buffered)
        {
            _first = null;
            if (buffered.Count > 0) return buffered;
        }
        var chunk = new List<IHubsCommand>(size);
        if (_pending is not null)
        {
            chunk.Add(_pending);
            _pending = null;
        }
        while (chunk.Count < size)
        {
            ct.ThrowIfCancellationRequested();
            if (!await source.MoveNextAsync().ConfigureAwait(false)) break;
            chunk.Add(source.Current ?? throw new ArgumentException($"The import's command at position {_position} is null."));
            _position++;
        }
        return chunk;
    }

    /// <summary>Gives back a chunk already read: the next <see cref="NextAsync"/> returns it again, then goes on after it.</summary>
    public void PutBack(List<IHubsCommand> chunk) => _first = chunk;

    /// <summary>Whether another command follows (read ahead and kept for the next chunk).</summary>
    public async ValueTask<bool> HasMoreAsync()
    {
        if (_pending is not null || _first is { Count: > 0 }) return true;
        if (!await source.MoveNextAsync().ConfigureAwait(false)) return false;
        _pending = source.Current ?? throw new ArgumentException($"The import's command at position {_position} is null.");
        _position++;
        return true;
    }

    public ValueTask DisposeAsync() => source.DisposeAsync();
}

/// <summary>A stream read late in an import holds an event recorded after the instant the import chose: start again from that instant.</summary>
internal sealed class LaterTimestampException(DateTimeOffset latest)
    : Exception($"A stream of the import was last written at {latest:O}, after the import's recorded-at; the import starts again.")
{
    public DateTimeOffset Latest { get; } = latest;
}
