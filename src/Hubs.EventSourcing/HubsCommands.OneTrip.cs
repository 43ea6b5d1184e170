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
    /// The command's result when the one-trip path settled it: appended, or (no change decided) no change or already applied
    /// after one look-up. Otherwise null, nothing was written, and the ordinary path runs from <c>FirstAttempt</c>: 0 (its
    /// look-up first) when the one-trip path did not apply, was refused on a cached head or found the id taken; 1 after a race
    /// lost on a stale cached head, which counts as the first attempt of the retry rule (<see cref="AfterLostRaceAsync"/>).
    /// </summary>
    private async Task<(CommandResult? Done, int FirstAttempt)> InOneTripAsync(IReadOnlyList<IHubsCommand> commands, Commanding.CommandPlan[] plans,
        string[] keys, CommandContext context, CommandFingerprint fingerprint, IProgress<BatchProgress>? progress, CommandTelemetry? telemetry,
        CancellationToken ct)
    {
        if (!WritesInOneTrip || !_oneTrip.Applies || commands.Count != 1 || context.ExpectedVersion is not null
            || !_heads.TryCached(keys, out var heads)) return (null, 0);
        UnitOfWork decision;
        try
        {
            decision = Commanding.CommandDecisions.Decide(plans, heads, context, _options.CheckpointInterval, ParallelDecideThreshold,
                Commanding.PublicationDates.Latest(_options));
        }
        catch (CommandRejectedException)
        {
            // Never on a cached head alone: the ordinary path confirms it against the store (and against the id's record).
            return (null, 0);
        }
        // Nothing to change: a re-send of this very command, or a command the state already reflects. Only the record tells.
        if (decision.Writes.Count == 0)
            return (await AppliedBeforeAsync(context.CommandId, fingerprint, ct).ConfigureAwait(false)
                ?? new CommandResult(context.CommandId, CommandOutcome.NoChange, []), 0);
        if (decision.Writes.Sum(w => w.Events.Count) >= BulkThreshold) return (null, 0);
        progress?.Report(new BatchProgress(BatchStage.Decided, 1, 1));

        OneTripAppender.Result written;
        using (HubsTelemetry.StartStage(HubsTelemetry.AppendSpan))
        {
            if (_signer is not null) await _signer.EnsureSignedAsync(decision.Writes.Select(w => w.Head), ct).ConfigureAwait(false);
            var timestamp = UnitTimestamp(decision.Writes);
            written = await _oneTrip.AppendAsync(decision.Writes, context, timestamp, Processed(context, fingerprint, decision.Writes, timestamp), ct)
                .ConfigureAwait(false);
        }
        switch (written.Outcome)
        {
            case OneTripAppender.Outcome.IdTaken:
                // A re-send, or an id reused for another command: the ordinary path's look-up tells which.
                return (null, 0);
            case OneTripAppender.Outcome.Conflict:
                // The cached heads were stale (another writer): the first attempt lost a race, as in the ordinary path.
                var primary = plans[0].Streams[0];
                return await AfterLostRaceAsync(keys, 0, telemetry, () => AppliedBeforeAsync(context.CommandId, fingerprint, ct),
                    () => GaveUp(primary, 1, written.Error!), mayRetry: true, ct).ConfigureAwait(false) is { } applied
                    ? (applied, 0)
                    : (null, 1);
        }
        foreach (var w in written.Heads) _heads.Remember(w);
        Interlocked.Increment(ref _oneTripWrites);
        telemetry?.Appended(decision.Writes);
        progress?.Report(new BatchProgress(BatchStage.Written, 1, 1));
        return (new CommandResult(context.CommandId, CommandOutcome.Appended, written.Heads.Select(h => new StreamVersion(h.Key, h.Version)).ToList()), 0);
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
            Versions = writes.Select(w => w.Head.Version + w.Events.Count).ToArray(),
            Fingerprint = fingerprint.Hash, Command = fingerprint.Description, Actor = context.Actor,
        };
}
