using System.Security.Cryptography;
using System.Text;
using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.Diagnostics;
using Hubs.EventSourcing.Storage;
using JasperFx;
using Marten;
using DocumentAlreadyExistsException = JasperFx.DocumentAlreadyExistsException;

namespace Hubs.EventSourcing;

/// <summary>
/// Sends commands: validates their shape, decides them against the current state, and appends the resulting events
/// with audit metadata and a hash chain, atomically across the streams involved. Thread-safe; register it once.
/// </summary>
public sealed partial class HubsCommands
{
    private readonly IDocumentStore _store;
    private readonly HubsOptions _options;
    private readonly StreamHeadCache _cache;
    private readonly ISerializer _serializer;
    private readonly BulkWriter _bulk;
    private readonly StateLoader _loader;
    private readonly HubsLog _log;

    internal HubsCommands(IDocumentStore store, HubsOptions options, HubsLog? log = null)
    {
        _log = log ?? HubsLog.Silent;
        _store = store;
        _options = options;
        _cache = new StreamHeadCache(options.StreamCacheCapacity);
        _serializer = store.Options.Serializer();
        _loader = new StateLoader(store, new StoredEventReader(store, _log));
        _bulk = new BulkWriter(store, _serializer, _loader, options.SigningKey);
    }

    /// <summary>
    /// Units of work with at least this many events are written by <see cref="BulkWriter"/> (binary COPY) instead of Marten's
    /// append; the rows are identical. Internal so benchmarks and tests can force either path.
    /// </summary>
    internal int BulkThreshold { get; set; } = 1_000;

    /// <summary>
    /// Batches at least this large, of single-stream commands only, are decided stream by stream in parallel (same result as
    /// in order). Internal so tests can compare both.
    /// </summary>
    internal int ParallelDecideThreshold { get; set; } = 1_000;

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
    /// Validates and decides a batch exactly as <see cref="SendBatchAsync"/> would, against the current state, and writes
    /// nothing: a dry run, so a caller can list every problem of an input before writing it in several batches.
    /// </summary>
    /// <exception cref="CommandRejectedException">At least one command was invalid or broke a rule; every violation is listed.</exception>
    public async Task CheckBatchAsync(IReadOnlyList<IHubsCommand> commands, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commands);
        using var activity = HubsTelemetry.Start(HubsTelemetry.CheckSpan, "check batch");
        var plans = ValidateAndPlan(commands);
        var keys = plans.SelectMany(p => p.Streams).Distinct(StringComparer.Ordinal).ToArray();
        var heads = await LoadHeadsAsync(keys, useCache: false, cancellationToken).ConfigureAwait(false);
        Decide(plans, heads, DryRunContext, 0, ParallelDecideThreshold);
    }

    private static readonly CommandContext DryRunContext = new CommandContext("dry-run", "dry-run", "dry-run", Guid.Empty, "dry-run");

    private async Task<CommandResult> RunAsync(IReadOnlyList<IHubsCommand> commands, CommandContext context,
        IProgress<BatchProgress>? progress, CommandTelemetry? telemetry, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        ValidateContext(context);
        var plans = ValidateAndPlan(commands);
        var keys = plans.SelectMany(p => p.Streams).Distinct(StringComparer.Ordinal).ToArray();
        telemetry?.Planned(keys);
        progress?.Report(new BatchProgress(BatchStage.Validated, commands.Count, commands.Count));

        // Recognised before anything is appended: a re-send adds no row to any table, and an id reused for a different
        // command is refused instead of silently dropping that command.
        var fingerprint = CommandFingerprint.Of(commands);
        if (await AlreadyAppliedAsync(context.CommandId, fingerprint, ct).ConfigureAwait(false))
            return new CommandResult(context.CommandId, CommandOutcome.AlreadyApplied, []);

        for (var attempt = 0; ; attempt++)
        {
            var useCache = attempt == 0 && context.ExpectedVersion is null;
            var heads = await LoadHeadsAsync(keys, useCache, ct).ConfigureAwait(false);
            Decision decision;
            try
            {
                decision = Decide(plans, heads, context, _options.CheckpointInterval, ParallelDecideThreshold);
            }
            catch (CommandRejectedException) when (useCache)
            {
                // A rejection must never rest on a cached (possibly stale) head: confirm it against the store.
                foreach (var key in keys) _cache.Evict(key);
                heads = await LoadHeadsAsync(keys, useCache: false, ct).ConfigureAwait(false);
                decision = await DecideOrAlreadyAppliedAsync(plans, heads, context, fingerprint, ct).ConfigureAwait(false);
            }
            catch (CommandRejectedException)
            {
                decision = await DecideOrAlreadyAppliedAsync(plans, heads, context, fingerprint, ct).ConfigureAwait(false);
            }
            if (decision.Writes.Count == 0 && decision.AlreadyApplied)
                return new CommandResult(context.CommandId, CommandOutcome.AlreadyApplied, []);
            progress?.Report(new BatchProgress(BatchStage.Decided, commands.Count, commands.Count));

            var primary = heads[plans[0].Streams[0]];
            if (context.ExpectedVersion is { } expected && primary.Version != expected)
                throw new HubsConcurrencyException(primary.Key, expected, primary.Version,
                    $"Stream '{primary.Key}' is at version {primary.Version}, not the expected {expected}; nothing was written.");
            // Nothing to change: nothing is written, not even the idempotency row (the id stays free).
            if (decision.Writes.Count == 0)
                return new CommandResult(context.CommandId, CommandOutcome.NoChange, []);

            try
            {
                var written = await AppendAsync(decision, context, fingerprint, commands.Count, progress, ct).ConfigureAwait(false);
                telemetry?.Appended(decision.Writes);
                progress?.Report(new BatchProgress(BatchStage.Written, commands.Count, commands.Count));
                return new CommandResult(context.CommandId, CommandOutcome.Appended,
                    written.Select(h => new StreamVersion(h.Key, h.Version)).ToList());
            }
            catch (Exception ex) when (ex is DocumentAlreadyExistsException || IsConflict(ex))
            {
                // Lost a race: to a concurrent send of the same command id (then it was applied once, by the winner, or the
                // id was taken by a different command: refused), or to another writer on the same streams (re-decide).
                foreach (var key in keys) _cache.Evict(key);
                telemetry?.LostRace();
                if (await AlreadyAppliedAsync(context.CommandId, fingerprint, ct).ConfigureAwait(false))
                    return new CommandResult(context.CommandId, CommandOutcome.AlreadyApplied, []);
                if (context.ExpectedVersion is { } ev)
                    throw new HubsConcurrencyException(primary.Key, ev, null,
                        $"Stream '{primary.Key}' was changed by another writer after version {ev}; nothing was written.", ex);
                if (attempt + 1 >= _options.MaxConcurrencyRetries)
                    throw new HubsConcurrencyException(primary.Key, null, null,
                        $"Gave up on '{primary.Key}' after {attempt + 1} attempts lost to concurrent writers; nothing was written.", ex);
                telemetry?.Retrying();
            }
        }
    }

    /// <summary>
    /// True when this command id was applied to this very command; throws <c>command-id-reused</c> when the id was applied to
    /// a different one.
    /// </summary>
    private async Task<bool> AlreadyAppliedAsync(Guid commandId, CommandFingerprint fingerprint, CancellationToken ct)
    {
        using var stage = HubsTelemetry.StartStage(HubsTelemetry.IdempotencySpan);
        return await Idempotency.FindAsync(_store, commandId, ct).ConfigureAwait(false) is { } found
            && Idempotency.IsSameCommand(found, fingerprint, commandId);
    }

    private static bool IsConflict(Exception ex) =>
        ex is ConcurrencyException or BulkWriteConflictException or Marten.Exceptions.ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException;

    private static void ValidateContext(CommandContext c)
    {
        var violations = new List<RuleViolation>();
        if (string.IsNullOrWhiteSpace(c.Actor)) violations.Add(new("required", nameof(c.Actor), c.Actor, "Actor (who) is required."));
        if (string.IsNullOrWhiteSpace(c.Reason)) violations.Add(new("required", nameof(c.Reason), c.Reason, "Reason (why) is required."));
        if (string.IsNullOrWhiteSpace(c.Source)) violations.Add(new("required", nameof(c.Source), c.Source, "Source (provenance) is required."));
        if (c.CommandId == Guid.Empty) violations.Add(new("required", nameof(c.CommandId), c.CommandId, "CommandId must not be empty."));
        if (string.IsNullOrWhiteSpace(c.CorrelationId)) violations.Add(new("required", nameof(c.CorrelationId), c.CorrelationId, "CorrelationId is required."));
        if (c.ExpectedVersion is < 0) violations.Add(new("out-of-range", nameof(c.ExpectedVersion), c.ExpectedVersion, "ExpectedVersion must be 0 or more."));
        violations.AddRange(Rules.UnsafeTextViolations(c));
        if (violations.Count > 0) throw new CommandRejectedException(violations);
    }

    /// <summary>Checks every command's shape (all violations, in order) and plans each valid one.</summary>
    private static CommandPlan[] ValidateAndPlan(IReadOnlyList<IHubsCommand> commands)
    {
        using var stage = HubsTelemetry.StartStage(HubsTelemetry.ValidateSpan);
        if (commands.Count == 0) throw new ArgumentException("At least one command is needed.", nameof(commands));
        if (commands.Count == 1)
        {
            CommandRouting.Validate(commands[0]);
            return [CommandRouting.Plan(commands[0])];
        }
        // Shape rules and plans are pure and independent per command: an import's worth is done on every core, reported in order.
        var plans = new CommandPlan[commands.Count];
        var found = new IReadOnlyList<RuleViolation>?[commands.Count];
        Parallel.For(0, commands.Count, new ParallelOptions { MaxDegreeOfParallelism = commands.Count >= 1_000 ? -1 : 1 }, i =>
        {
            try
            {
                CommandRouting.Validate(commands[i]);
                plans[i] = CommandRouting.Plan(commands[i]);
            }
            catch (CommandRejectedException ex) { found[i] = ex.Violations.Select(v => v with { CommandIndex = i }).ToList(); }
        });
        var violations = found.Where(v => v is not null).SelectMany(v => v!).ToList();
        if (violations.Count > 0) throw new CommandRejectedException(violations);
        return plans;
    }

    private async Task<Dictionary<string, StreamHead>> LoadHeadsAsync(string[] keys, bool useCache, CancellationToken ct)
    {
        using var stage = HubsTelemetry.StartStage(HubsTelemetry.LoadSpan);
        var heads = new Dictionary<string, StreamHead>(keys.Length, StringComparer.Ordinal);
        var missing = new List<string>(keys.Length);
        foreach (var key in keys)
        {
            if (useCache && _cache.TryGet(key, out var cached)) heads[key] = cached;
            else missing.Add(key);
        }
        if (missing.Count == 0) return heads;

        // A few streams (a command): checkpoint and events of each in one round trip. Many (an import): which have checkpoints
        // (long streams, loaded one by one from theirs), then every other stream's events in a single query.
        var single = missing;
        if (missing.Count > SmallLoad)
        {
            var withCheckpoints = await _loader.WithCheckpointsAsync(missing, ct).ConfigureAwait(false);
            single = missing.Where(withCheckpoints.Contains).ToList();
            var rest = missing.Where(k => !withCheckpoints.Contains(k)).ToList();
            foreach (var (key, head) in await _loader.FoldManyAsync(rest, ct).ConfigureAwait(false))
                heads[key] = head;
        }
        for (var i = 0; i < single.Count; i += SmallLoad)
            foreach (var loaded in await _loader.LoadManyAsync(single.Skip(i).Take(SmallLoad).ToList(), null, true, ct).ConfigureAwait(false))
                heads[loaded.Key] = loaded.ToHead();
        foreach (var key in missing) _cache.Set(heads[key]);
        return heads;
    }

    /// <summary>Streams loaded together with their checkpoints in one batch of statements.</summary>
    private const int SmallLoad = 16;

    /// <summary>
    /// Decides against heads read from the store; a rejection is re-checked against the idempotency record, since a
    /// concurrent send of the same command may have been applied since this one's first check (then the state rejects it).
    /// </summary>
    private async Task<Decision> DecideOrAlreadyAppliedAsync(CommandPlan[] plans, Dictionary<string, StreamHead> heads, CommandContext context,
        CommandFingerprint fingerprint, CancellationToken ct)
    {
        try
        {
            return Decide(plans, heads, context, _options.CheckpointInterval, ParallelDecideThreshold);
        }
        catch (CommandRejectedException)
        {
            if (await AlreadyAppliedAsync(context.CommandId, fingerprint, ct).ConfigureAwait(false)) return Decision.Applied;
            throw;
        }
    }

    /// <summary>Decides every command in order against states evolved in memory; collects all rejections of a batch.</summary>
    /// <param name="plans">The commands' plans, in batch order.</param>
    /// <param name="heads">Every stream involved.</param>
    /// <param name="context">Who, why, which command id.</param>
    /// <param name="checkpointInterval">Every this many versions, keep the state for a checkpoint; 0 for none.</param>
    /// <param name="parallelThreshold">See <see cref="ParallelDecideThreshold"/>.</param>
    private static Decision Decide(CommandPlan[] plans, Dictionary<string, StreamHead> heads, CommandContext context, int checkpointInterval,
        int parallelThreshold)
    {
        using var stage = HubsTelemetry.StartStage(HubsTelemetry.DecideSpan);
        if (plans.Length < parallelThreshold || plans.Any(p => p.Streams.Length != 1))
        {
            var (writes, violations) = DecideInOrder(Enumerable.Range(0, plans.Length), plans, heads, context, checkpointInterval);
            if (violations.Count > 0) throw new CommandRejectedException(violations);
            return new Decision(writes);
        }
        // An import where each command touches one stream: streams are independent, so each stream's commands are decided
        // in order on its own, streams on every core. Same events, ids and checkpoints as in order; violations in index order.
        var byStream = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < plans.Length; i++)
        {
            if (!byStream.TryGetValue(plans[i].Streams[0], out var indexes)) byStream[plans[i].Streams[0]] = indexes = [];
            indexes.Add(i);
        }
        var groups = byStream.Values.ToArray();
        var parts = new (List<StreamWrite> Writes, List<RuleViolation> Violations)[groups.Length];
        Parallel.For(0, groups.Length, g => parts[g] = DecideInOrder(groups[g], plans, heads, context, checkpointInterval));
        var all = parts.SelectMany(p => p.Violations).OrderBy(v => v.CommandIndex).ToList();
        if (all.Count > 0) throw new CommandRejectedException(all);
        return new Decision(parts.SelectMany(p => p.Writes).ToList());
    }

    /// <summary>Decides the commands at <paramref name="indexes"/> (ascending) one after the other against states evolved in memory.</summary>
    private static (List<StreamWrite> Writes, List<RuleViolation> Violations) DecideInOrder(IEnumerable<int> indexes, CommandPlan[] plans,
        Dictionary<string, StreamHead> heads, CommandContext context, int checkpointInterval)
    {
        var states = new Dictionary<string, object?>(StringComparer.Ordinal);
        object? StateOf(string key) => states.TryGetValue(key, out var state) ? state : heads[key].State;
        var writes = new Dictionary<string, StreamWrite>(StringComparer.Ordinal);
        var violations = new List<RuleViolation>();
        foreach (var i in indexes)
        {
            var plan = plans[i];
            object[][] decided;
            try
            {
                decided = plan.Decide(plan.Streams.Length == 1 ? [StateOf(plan.Streams[0])] : plan.Streams.Select(StateOf).ToArray());
            }
            catch (CommandRejectedException ex) when (plans.Length > 1)
            {
                violations.AddRange(ex.Violations.Select(v => v with { CommandIndex = i }));
                continue;
            }
            var commandId = plans.Length == 1 ? context.CommandId : DeriveId(context.CommandId, i);
            for (var s = 0; s < plan.Streams.Length; s++)
            {
                if (decided[s].Length == 0) continue;
                var key = plan.Streams[s];
                if (!writes.TryGetValue(key, out var write)) writes[key] = write = new StreamWrite(heads[key]);
                var kind = AggregateKind.Of(key);
                var state = StateOf(key);
                foreach (var e in decided[s])
                {
                    write.Events.Add(e);
                    write.CommandIds.Add(commandId);
                    write.CommandIndexes.Add(i);
                    state = kind.Evolve(state, e);
                    var version = write.Head.Version + write.Events.Count;
                    if (checkpointInterval > 0 && version % checkpointInterval == 0) write.Checkpoints.Add((version, state!));
                }
                states[key] = write.State = state;
            }
        }
        return (writes.Values.ToList(), violations);
    }

    /// <summary>A stable per-position id inside a batch: the first 16 bytes of SHA-256(batch id, index), as a version-8 GUID.</summary>
    internal static Guid DeriveId(Guid batchId, int index)
    {
        Span<byte> input = stackalloc byte[20];
        batchId.TryWriteBytes(input);
        BitConverter.TryWriteBytes(input[16..], index);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16]);
    }

    private async Task<List<StreamHead>> AppendAsync(Decision decision, CommandContext context, CommandFingerprint fingerprint, int commandCount,
        IProgress<BatchProgress>? progress, CancellationToken ct)
    {
        using var stage = HubsTelemetry.StartStage(HubsTelemetry.AppendSpan);
        // One recorded-at for the whole unit, never earlier than anything already in the streams it touches,
        // so time travel by instant sees all of it or none of it.
        var timestamp = HashChain.ToMicroseconds(_options.TimeProvider.GetUtcNow());
        foreach (var w in decision.Writes)
            if (w.Head.LastTimestamp > timestamp) timestamp = w.Head.LastTimestamp;

        if (decision.Writes.Sum(w => w.Events.Count) >= BulkThreshold)
        {
            var bulk = await _bulk.WriteAsync(decision.Writes, context, timestamp, Processed(context, fingerprint, decision.Writes, timestamp), commandCount, progress, ct)
                .ConfigureAwait(false);
            foreach (var w in bulk) _cache.Set(w);
            return bulk;
        }

        await using var session = _store.LightweightSession();
        session.CorrelationId = context.CorrelationId;
        session.CausationId = context.CausationId;
        session.LastModifiedBy = context.Actor;

        var written = new List<StreamHead>(decision.Writes.Count);
        foreach (var write in decision.Writes)
        {
            var head = write.Head;
            var events = write.Events.ToArray();
            var action = head.Version == 0
                ? session.Events.StartStream(AggregateKind.Of(head.Key).StateType, head.Key, events)
                : session.Events.Append(head.Key, head.Version + events.Length, events);

            var hash = head.LastHash;
            var checkpoint = 0;
            for (var i = 0; i < action.Events.Count; i++)
            {
                var e = action.Events[i];
                var commandId = write.CommandIds[i].ToString("D");
                e.Timestamp = timestamp;
                e.SetHeader(HashChain.ReasonHeader, context.Reason);
                e.SetHeader(HashChain.SourceHeader, context.Source);
                e.SetHeader(HashChain.CommandIdHeader, commandId);
                // A checkpoint at this version is sealed into the event's hash, so an edited one is refused at load.
                string? stateText = null, seal = "";
                if (checkpoint < write.Checkpoints.Count && write.Checkpoints[checkpoint].Version == head.Version + i + 1)
                {
                    stateText = _loader.StateText(write.Checkpoints[checkpoint++].State);
                    seal = HashChain.StateSeal(stateText);
                    e.SetHeader(HashChain.CheckpointHeader, seal);
                }
                hash = EventSeal.Hash(_serializer, head.Key, head.Version + i + 1, e.Data, timestamp, context, commandId, hash, seal);
                e.SetHeader(HashChain.HashHeader, hash);
                if (stateText is not null)
                    session.Store(_loader.ToDocument(head.Key, head.Version + i + 1, timestamp, hash, stateText));
            }
            written.Add(new StreamHead(head.Key, write.State, head.Version + events.Length, hash, timestamp));
        }

        session.Insert(ChainSigning.Sign(Processed(context, fingerprint, decision.Writes, timestamp), written, _options.SigningKey));
        await session.SaveChangesAsync(ct).ConfigureAwait(false);
        foreach (var w in written) _cache.Set(w);
        return written;
    }

    private static ProcessedCommand Processed(CommandContext context, CommandFingerprint fingerprint, List<StreamWrite> writes, DateTimeOffset timestamp) =>
        new()
        {
            Id = context.CommandId, Streams = writes.Select(w => w.Head.Key).ToArray(), AppliedAt = timestamp,
            Fingerprint = fingerprint.Hash, Command = fingerprint.Description, Actor = context.Actor,
        };

    /// <summary>The streams to append to, or <see cref="Applied"/>: the command turned out to be applied already.</summary>
    private sealed record Decision(List<StreamWrite> Writes, bool AlreadyApplied = false)
    {
        public static readonly Decision Applied = new([], true);
    }

    internal sealed class StreamWrite(StreamHead head)
    {
        public StreamHead Head { get; } = head;
        public List<object> Events { get; } = [];
        public List<Guid> CommandIds { get; } = [];
        public List<int> CommandIndexes { get; } = [];
        /// <summary>States to store as checkpoints, at versions that are multiples of the interval.</summary>
        public List<(long Version, object State)> Checkpoints { get; } = [];
        public object? State { get; set; } = head.State;
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
