using Hubs.EventSourcing.Diagnostics;
using Hubs.EventSourcing.Storage;

namespace Hubs.EventSourcing;

// A single command whose streams' heads are all cached: decided first, then written in one round trip (OneTripAppender),
// with no idempotency look-up before it — the processed-command insert at the head of the batch is the look-up. Anything
// unusual (a rejection, a taken id, a lost race, a large unit) goes the ordinary way, which sorts it out as before.
public sealed partial class HubsCommands
{
    /// <summary>
    /// True (the default): a single command without an expected version, on streams whose heads are cached, is written in one
    /// round trip (<see cref="OneTripAppender"/>). False is the ordinary path (look-up, then Marten's session: three round
    /// trips), kept so benchmarks and tests can compare the two.
    /// </summary>
    internal bool WritesInOneTrip { get; set; } = true;

    /// <summary>Commands written by the one-trip path since this service was made; internal so tests can see which path ran.</summary>
    internal long OneTripWrites => Interlocked.Read(ref _oneTripWrites);

    private long _oneTripWrites;

    /// <summary>
    /// The command's result when the one-trip path could settle it: appended, or (no change decided) no change or already
    /// applied after one look-up. Null when the ordinary path must run: nothing was written.
    /// </summary>
    private async Task<CommandResult?> InOneTripAsync(IReadOnlyList<IHubsCommand> commands, Commanding.CommandPlan[] plans, string[] keys,
        CommandContext context, CommandFingerprint fingerprint, IProgress<BatchProgress>? progress, CommandTelemetry? telemetry, CancellationToken ct)
    {
        if (!WritesInOneTrip || !_oneTrip.Applies || commands.Count != 1 || context.ExpectedVersion is not null
            || !_heads.TryCached(keys, out var heads)) return null;
        UnitOfWork decision;
        try
        {
            decision = Commanding.CommandDecisions.Decide(plans, heads, context, _options.CheckpointInterval, ParallelDecideThreshold,
                Commanding.PublicationDates.Latest(_options));
        }
        catch (CommandRejectedException)
        {
            // Never on a cached head alone: the ordinary path confirms it against the store (and against the id's record).
            return null;
        }
        // Nothing to change: a re-send of this very command, or a command the state already reflects. Only the record tells.
        if (decision.Writes.Count == 0)
            return new CommandResult(context.CommandId,
                await AlreadyAppliedAsync(context.CommandId, fingerprint, ct).ConfigureAwait(false) ? CommandOutcome.AlreadyApplied : CommandOutcome.NoChange, []);
        if (decision.Writes.Sum(w => w.Events.Count) >= BulkThreshold) return null;
        progress?.Report(new BatchProgress(BatchStage.Decided, 1, 1));

        List<StreamHead> written;
        using (HubsTelemetry.StartStage(HubsTelemetry.AppendSpan))
        {
            if (_signer is not null) await _signer.EnsureSignedAsync(decision.Writes.Select(w => w.Head), ct).ConfigureAwait(false);
            var timestamp = UnitTimestamp(decision.Writes);
            (var outcome, written) = await _oneTrip.AppendAsync(decision.Writes, context, timestamp, Processed(context, fingerprint, decision.Writes, timestamp), ct)
                .ConfigureAwait(false);
            if (outcome != OneTripAppender.Outcome.Written)
            {
                // A taken id: the ordinary path's look-up says already applied, or refuses a reused id. A conflict: the cached
                // heads were stale (another writer), so they are read again and the command decided again.
                if (outcome == OneTripAppender.Outcome.Conflict)
                {
                    _heads.Evict(keys);
                    telemetry?.LostRace();
                }
                return null;
            }
        }
        foreach (var w in written) _heads.Remember(w);
        Interlocked.Increment(ref _oneTripWrites);
        telemetry?.Appended(decision.Writes);
        progress?.Report(new BatchProgress(BatchStage.Written, 1, 1));
        return new CommandResult(context.CommandId, CommandOutcome.Appended, written.Select(h => new StreamVersion(h.Key, h.Version)).ToList());
    }

    /// <summary>
    /// One recorded-at for the whole unit, never earlier than anything already in the streams it touches, so time travel by
    /// instant sees all of it or none of it.
    /// </summary>
    private DateTimeOffset UnitTimestamp(List<StreamWrite> writes)
    {
        var timestamp = Integrity.HashChain.ToMicroseconds(_options.TimeProvider.GetUtcNow());
        foreach (var w in writes)
            if (w.Head.LastTimestamp > timestamp) timestamp = w.Head.LastTimestamp;
        return timestamp;
    }

    private static ProcessedCommand Processed(CommandContext context, CommandFingerprint fingerprint, List<StreamWrite> writes, DateTimeOffset timestamp) =>
        new()
        {
            Id = context.CommandId, Streams = writes.Select(w => w.Head.Key).ToArray(), AppliedAt = timestamp,
            Fingerprint = fingerprint.Hash, Command = fingerprint.Description, Actor = context.Actor,
        };
}
