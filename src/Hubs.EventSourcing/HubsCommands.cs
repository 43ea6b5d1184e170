using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.Diagnostics;
using Hubs.EventSourcing.Storage;
using Marten;

namespace Hubs.EventSourcing;

/// <summary>
/// Sends commands: validates their shape, decides them against the current state, and appends the resulting events
/// with audit metadata and a hash chain, atomically across the streams involved. Thread-safe; register it once.
/// </summary>
public sealed partial class HubsCommands
{
    private readonly IDocumentStore _store;
    private readonly HubsOptions _options;
    private readonly HeadLoader _heads;
    private readonly BulkWriter _bulk;
    private readonly MartenAppender _append;
    private readonly StreamedImport _import;
    private readonly OneTripAppender _oneTrip;
    private readonly HeadSigner? _signer;
    private readonly HubsLog _log;

    internal HubsCommands(IDocumentStore store, HubsOptions options, HubsLog? log = null)
        : this(store, options, new StateLoader(store, new StoredEventReader(store, log)), log)
    {
    }

    // The pipeline: CommandDecisions (pure: validate, plan, decide), HeadLoader (cache, checkpoints), and one of the three
    // appenders over the decided UnitOfWork; this class orders them, with idempotency and retries around them.
    internal HubsCommands(IDocumentStore store, HubsOptions options, StateLoader loader, HubsLog? log)
    {
        _log = log ?? HubsLog.Silent;
        _store = store;
        _options = options;
        _heads = new HeadLoader(loader, options.StreamCacheCapacity);
        var serializer = store.Options.Serializer();
        _signer = options.SigningKey is { } key ? new HeadSigner(store, key, _heads, options.TimeProvider) : null;
        _bulk = new BulkWriter(store, serializer, loader, _signer, _log);
        _append = new MartenAppender(store, serializer, loader, _signer, _log);
        _oneTrip = new OneTripAppender(store, serializer, loader, _signer, _log);
        _import = new StreamedImport(_heads, _bulk, options, _signer);
    }

    /// <summary>The head loader and its cache; internal so tests can plant a false head (what a stale cache would hold).</summary>
    internal HeadLoader Heads => _heads;

    /// <summary>
    /// Units of work with at least this many events are written by <see cref="BulkWriter"/> (binary COPY) instead of Marten's
    /// append; the rows are identical. Internal so benchmarks and tests can force either path.
    /// </summary>
    internal int BulkThreshold { get; set; } = 1_000;

    /// <summary>
    /// Batches at least this large, of single-stream commands only, are decided stream by stream in parallel (same result as
    /// in order). Internal so tests can compare both.
    /// </summary>
    internal int ParallelDecideThreshold
    {
        get => _import.ParallelDecideThreshold;
        set => _import.ParallelDecideThreshold = value;
    }

    /// <summary>Commands per chunk of <see cref="ImportAsync"/>; internal so tests can stream small inputs.</summary>
    internal int ImportChunkSize
    {
        get => _import.ChunkSize;
        set => _import.ChunkSize = value;
    }

    /// <summary>Validates, decides and appends one command.</summary>
    /// <returns>What happened: appended (with the new stream versions), no change needed, or already applied.</returns>
    /// <exception cref="CommandRejectedException">The command's shape or a domain rule was violated; nothing was written.</exception>
    /// <exception cref="HubsConcurrencyException">
    /// The expected version did not match, or the retries were exhausted under contention; nothing was written.
    /// </exception>
    public Task<CommandResult> SendAsync(IHubsCommand command, CommandContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        return ObservedAsync([command], context, false, null, cancellationToken);
    }

    /// <summary>
    /// Validates, decides and appends many commands as one all-or-nothing unit (e.g. an import). Each command is decided
    /// against the state left by the ones before it. Every violation of every command is reported together, each with its
    /// <see cref="RuleViolation.CommandIndex"/>; then nothing is written. The events carry the context's metadata; the
    /// command id recorded on each event is derived from <see cref="CommandContext.CommandId"/> and the command's position,
    /// so re-sending the same batch with the same id is a no-op.
    /// </summary>
    /// <exception cref="CommandRejectedException">At least one command was invalid or broke a rule; nothing was written.</exception>
    /// <exception cref="HubsConcurrencyException">Retries were exhausted under contention; nothing was written.</exception>
    public Task<CommandResult> SendBatchAsync(IReadOnlyList<IHubsCommand> commands, CommandContext context,
        IProgress<BatchProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commands);
        if (context is { ExpectedVersion: not null })
            throw new ArgumentException("A batch spans many streams; ExpectedVersion applies to single commands only.", nameof(context));
        return ObservedAsync(commands, context, true, progress, cancellationToken);
    }

    /// <summary>
    /// Validates and decides a batch as <see cref="SendBatchAsync"/> would, against the current state, and writes nothing: a
    /// dry run, so a caller can list every problem of an input before writing it in several batches. Unlike a send, a command
    /// whose shape is broken does not stop the others being decided: shape and rule violations are listed together.
    /// </summary>
    /// <exception cref="CommandRejectedException">At least one command was invalid or broke a rule; every violation is listed.</exception>
    public async Task CheckBatchAsync(IReadOnlyList<IHubsCommand> commands, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commands);
        using var activity = HubsTelemetry.Start(HubsTelemetry.CheckSpan, "check batch");
        // Shape and rules in one pass: a command whose shape is broken does not stop the others being decided. (A lone
        // command is checked as a send checks it: its violations carry no batch position.)
        var (plans, violations) = commands.Count <= 1 ? (Commanding.CommandDecisions.ValidateAndPlan(commands), new List<RuleViolation>())
            : Commanding.CommandDecisions.ValidateAndPlan(commands, 0);
        var keys = plans.Where(p => p.Planned).SelectMany(p => p.Streams).Distinct(StringComparer.Ordinal).ToArray();
        var heads = await _heads.LoadAsync(keys, useCache: false, cancellationToken).ConfigureAwait(false);
        var latest = Commanding.PublicationDates.Latest(_options);
        if (commands.Count == 1) Commanding.CommandDecisions.Decide(plans, heads, DryRunContext, 0, ParallelDecideThreshold, latest);
        else violations.AddRange(Commanding.CommandDecisions.DecideValid(plans, heads, ParallelDecideThreshold, latest));
        if (violations.Count > 0) throw new CommandRejectedException(violations.OrderBy(v => v.CommandIndex).ToList());
    }

    private static readonly CommandContext DryRunContext = new CommandContext("dry-run", "dry-run", "dry-run", Guid.Empty, "dry-run");

    private async Task<CommandResult> RunAsync(IReadOnlyList<IHubsCommand> commands, CommandContext context,
        IProgress<BatchProgress>? progress, CommandTelemetry? telemetry, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        ValidateContext(context);
        var plans = Commanding.CommandDecisions.ValidateAndPlan(commands);
        var keys = plans.SelectMany(p => p.Streams).Distinct(StringComparer.Ordinal).ToArray();
        telemetry?.Planned(keys);
        progress?.Report(new BatchProgress(BatchStage.Validated, commands.Count, commands.Count));
        using var turn = OrdersWritersPerStream ? await _gate.EnterAsync(keys, ct).ConfigureAwait(false) : null;

        // Recognised before anything is appended: a re-send adds no row to any table, and an id reused for a different
        // command is refused instead of silently dropping that command.
        var fingerprint = CommandFingerprint.Of(commands);
        // A single command on cached heads: decided first and written in one round trip; the ordinary path below otherwise.
        var (done, firstAttempt) = await InOneTripAsync(commands, plans, keys, context, fingerprint, progress, telemetry, ct).ConfigureAwait(false);
        if (done is not null) return done;
        if (firstAttempt == 0 && await AppliedBeforeAsync(context.CommandId, fingerprint, ct).ConfigureAwait(false) is { } sentBefore)
            return sentBefore;

        for (var attempt = firstAttempt; ; attempt++)
        {
            var useCache = attempt == 0 && context.ExpectedVersion is null;
            await using var locked = await LockForRetryAsync(keys, attempt, context, ct).ConfigureAwait(false);
            var heads = await _heads.LoadAsync(keys, useCache, ct).ConfigureAwait(false);
            UnitOfWork decision;
            try
            {
                decision = Commanding.CommandDecisions.Decide(plans, heads, context, _options.CheckpointInterval, ParallelDecideThreshold,
                    Commanding.PublicationDates.Latest(_options));
            }
            catch (CommandRejectedException) when (useCache)
            {
                // A rejection must never rest on a cached (possibly stale) head: confirm it against the store.
                _heads.Evict(keys);
                heads = await _heads.LoadAsync(keys, useCache: false, ct).ConfigureAwait(false);
                decision = await DecideOrAlreadyAppliedAsync(plans, heads, context, fingerprint, ct).ConfigureAwait(false);
            }
            catch (CommandRejectedException)
            {
                decision = await DecideOrAlreadyAppliedAsync(plans, heads, context, fingerprint, ct).ConfigureAwait(false);
            }
            if (decision is { Writes.Count: 0, Applied: { } applied }) return applied;
            progress?.Report(new BatchProgress(BatchStage.Decided, commands.Count, commands.Count));

            var primary = heads[plans[0].Streams[0]];
            if (context.ExpectedVersion is { } expected && primary.Version != expected)
                throw new HubsConcurrencyException(primary.Key, expected, primary.Version,
                    $"Stream '{primary.Key}' is at version {primary.Version}, not the expected {expected}; nothing was written.");
            // Nothing to change: nothing is written, not even the idempotency row (the id stays free). Unless a concurrent
            // send of this very command was applied since the first check: its events are what makes this one a no-op.
            if (decision.Writes.Count == 0)
                return await AppliedBeforeAsync(context.CommandId, fingerprint, ct).ConfigureAwait(false)
                    ?? new CommandResult(context.CommandId, CommandOutcome.NoChange, []);

            try
            {
                var written = await AppendAsync(decision, context, fingerprint, commands.Count, progress, locked, ct).ConfigureAwait(false);
                telemetry?.Appended(decision.Writes);
                progress?.Report(new BatchProgress(BatchStage.Written, commands.Count, commands.Count));
                return new CommandResult(context.CommandId, CommandOutcome.Appended,
                    written.Select(h => new StreamVersion(h.Key, h.Version)).ToList());
            }
            catch (Exception ex) when (IsLostRace(ex))
            {
                // Lost a race: to a concurrent send of the same command id (then it was applied once, by the winner, or the
                // id was taken by a different command: refused), or to another writer on the same streams (re-decide).
                var attempts = attempt + 1;
                if (await AfterLostRaceAsync(keys, attempt, telemetry, () => AppliedBeforeAsync(context.CommandId, fingerprint, ct),
                        () => context.ExpectedVersion is { } ev
                            ? new HubsConcurrencyException(primary.Key, ev, null,
                                $"Stream '{primary.Key}' was changed by another writer after version {ev}; nothing was written.", ex)
                            : GaveUp(primary.Key, attempts, ex),
                        mayRetry: context.ExpectedVersion is null, ct).ConfigureAwait(false) is { } appliedMeanwhile)
                    return appliedMeanwhile;
            }
        }
    }

    private static void ValidateContext(CommandContext c)
    {
        var violations = new List<RuleViolation>();
        if (string.IsNullOrWhiteSpace(c.Actor)) violations.Add(new("required", nameof(c.Actor), c.Actor, "Actor (who) is required."));
        if (string.IsNullOrWhiteSpace(c.Reason)) violations.Add(new("required", nameof(c.Reason), c.Reason, "Reason (why) is required."));
        if (string.IsNullOrWhiteSpace(c.Source)) violations.Add(new("required", nameof(c.Source), c.Source, "Source (provenance) is required."));
        if (c.CommandId == Guid.Empty) violations.Add(new("required", nameof(c.CommandId), c.CommandId, "CommandId must not be empty."));
        if (string.IsNullOrWhiteSpace(c.CorrelationId)) violations.Add(new("required", nameof(c.CorrelationId), c.CorrelationId, "CorrelationId is required."));
        if (c.ExpectedVersion is < 0) violations.Add(new("out-of-range", nameof(c.ExpectedVersion), c.ExpectedVersion, "ExpectedVersion must be 0 or more."));
        violations.AddRange(Rules.ContextLengthViolations(c));
        violations.AddRange(Rules.UnsafeTextViolations(c));
        if (violations.Count > 0) throw new CommandRejectedException(violations);
    }

    private async Task<List<StreamHead>> AppendAsync(UnitOfWork decision, CommandContext context, CommandFingerprint fingerprint, int commandCount,
        IProgress<BatchProgress>? progress, BulkWriter.BulkTransaction? locked, CancellationToken ct)
    {
        using var stage = HubsTelemetry.StartStage(HubsTelemetry.AppendSpan);
        if (_signer is not null) await _signer.EnsureSignedAsync(decision.Writes.Select(w => w.Head), ct).ConfigureAwait(false);
        var timestamp = UnitTimestamp(decision.Writes);

        // A retry holding its streams' locks writes in that transaction: the COPY path, whose rows are Marten's append's.
        if (locked is not null || decision.Writes.Sum(w => w.Events.Count) >= BulkThreshold)
        {
            var bulk = await _bulk.WriteAsync(decision.Writes, context, timestamp, Processed(context, fingerprint, decision.Writes, timestamp), commandCount,
                progress, ct, locked).ConfigureAwait(false);
            foreach (var w in bulk) _heads.Remember(w);
            return bulk;
        }

        var written = await _append.AppendAsync(decision.Writes, context, timestamp, Processed(context, fingerprint, decision.Writes, timestamp), ct)
            .ConfigureAwait(false);
        foreach (var w in written) _heads.Remember(w);
        return written;
    }

}

/// <summary>Progress of <see cref="HubsCommands.SendBatchAsync"/>.</summary>
/// <param name="Stage">What has just finished.</param>
/// <param name="Done">Commands through that stage.</param>
/// <param name="Total">Commands in the batch.</param>
public sealed record BatchProgress(BatchStage Stage, int Done, int Total);

/// <summary>Stages of a batch.</summary>
public enum BatchStage
{
    /// <summary>Every command's shape was checked.</summary>
    Validated,
    /// <summary>Every command was decided against the current state.</summary>
    Decided,
    /// <summary>Events were written (once per chunk for large batches).</summary>
    Written,
}
