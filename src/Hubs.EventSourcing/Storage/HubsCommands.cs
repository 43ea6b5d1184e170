using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.Storage;
using JasperFx;
using JasperFx.Events;
using Marten;
using DocumentAlreadyExistsException = JasperFx.DocumentAlreadyExistsException;

namespace Hubs.EventSourcing;

/// <summary>
/// Sends commands: validates their shape, decides them against the current state, and appends the resulting events
/// with audit metadata and a hash chain, atomically across the streams involved. Thread-safe; register it once.
/// </summary>
public sealed class HubsCommands
{
    private readonly IDocumentStore _store;
    private readonly HubsOptions _options;
    private readonly StreamHeadCache _cache;
    private readonly ISerializer _serializer;

    internal HubsCommands(IDocumentStore store, HubsOptions options)
    {
        _store = store;
        _options = options;
        _cache = new StreamHeadCache(options.StreamCacheCapacity);
        _serializer = store.Options.Serializer();
    }

    /// <summary>
    /// Validates, decides and appends one command.
    /// </summary>
    /// <returns>What happened: appended (with the new stream versions), no change needed, or already applied.</returns>
    /// <exception cref="CommandRejectedException">The command's shape or a domain rule was violated; nothing was written.</exception>
    /// <exception cref="HubsConcurrencyException">
    /// The expected version did not match, or the retries were exhausted under contention; nothing was written.
    /// </exception>
    public async Task<CommandResult> SendAsync(IHubsCommand command, CommandContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        CommandRouting.Validate(command);
        ValidateContext(context);
        var plan = CommandRouting.Plan(command);

        for (var attempt = 0; ; attempt++)
        {
            var useCache = attempt == 0 && context.ExpectedVersion is null;
            var heads = await LoadHeadsAsync(plan.Streams, useCache, cancellationToken).ConfigureAwait(false);
            var decided = await DecideAsync(plan, heads, context, useCache, cancellationToken).ConfigureAwait(false);
            if (decided is null)
                return new CommandResult(context.CommandId, CommandOutcome.AlreadyApplied, []);
            (heads, var events) = decided.Value;

            if (context.ExpectedVersion is { } expected && heads[0].Version != expected)
                throw new HubsConcurrencyException(plan.Streams[0], expected, heads[0].Version,
                    $"Stream '{plan.Streams[0]}' is at version {heads[0].Version}, not the expected {expected}; nothing was written.");
            if (events.All(e => e.Length == 0))
                return new CommandResult(context.CommandId, CommandOutcome.NoChange, []);

            try
            {
                var written = await AppendAsync(heads, events, context, cancellationToken).ConfigureAwait(false);
                return new CommandResult(context.CommandId, CommandOutcome.Appended,
                    written.Select(h => new StreamVersion(h.Key, h.Version)).ToList());
            }
            catch (DocumentAlreadyExistsException)
            {
                return new CommandResult(context.CommandId, CommandOutcome.AlreadyApplied, []);
            }
            catch (Exception ex) when (IsConflict(ex))
            {
                foreach (var key in plan.Streams) _cache.Evict(key);
                if (await WasAppliedAsync(context.CommandId, cancellationToken).ConfigureAwait(false))
                    return new CommandResult(context.CommandId, CommandOutcome.AlreadyApplied, []);
                if (context.ExpectedVersion is { } ev)
                    throw new HubsConcurrencyException(plan.Streams[0], ev, null,
                        $"Stream '{plan.Streams[0]}' was changed by another writer after version {ev}; nothing was written.", ex);
                if (attempt + 1 >= _options.MaxConcurrencyRetries)
                    throw new HubsConcurrencyException(plan.Streams[0], null, null,
                        $"Gave up on '{plan.Streams[0]}' after {attempt + 1} attempts lost to concurrent writers; nothing was written.", ex);
            }
        }
    }

    private static bool IsConflict(Exception ex) =>
        ex is ConcurrencyException or Marten.Exceptions.ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException;

    private static void ValidateContext(CommandContext c)
    {
        var violations = new List<RuleViolation>();
        if (string.IsNullOrWhiteSpace(c.Actor)) violations.Add(new("required", nameof(c.Actor), c.Actor, "Actor (who) is required."));
        if (string.IsNullOrWhiteSpace(c.Reason)) violations.Add(new("required", nameof(c.Reason), c.Reason, "Reason (why) is required."));
        if (string.IsNullOrWhiteSpace(c.Source)) violations.Add(new("required", nameof(c.Source), c.Source, "Source (provenance) is required."));
        if (c.CommandId == Guid.Empty) violations.Add(new("required", nameof(c.CommandId), c.CommandId, "CommandId must not be empty."));
        if (string.IsNullOrWhiteSpace(c.CorrelationId)) violations.Add(new("required", nameof(c.CorrelationId), c.CorrelationId, "CorrelationId is required."));
        if (c.ExpectedVersion is < 0) violations.Add(new("out-of-range", nameof(c.ExpectedVersion), c.ExpectedVersion, "ExpectedVersion must be 0 or more."));
        if (violations.Count > 0) throw new CommandRejectedException(violations);
    }

    private async Task<StreamHead[]> LoadHeadsAsync(string[] keys, bool useCache, CancellationToken ct)
    {
        var heads = new StreamHead[keys.Length];
        IQuerySession? session = null;
        try
        {
            for (var i = 0; i < keys.Length; i++)
            {
                if (useCache && _cache.TryGet(keys[i], out var cached)) { heads[i] = cached; continue; }
                session ??= _store.QuerySession();
                heads[i] = await StreamHead.LoadAsync(session, keys[i], ct).ConfigureAwait(false);
                _cache.Set(heads[i]);
            }
        }
        finally
        {
            if (session is not null) await session.DisposeAsync().ConfigureAwait(false);
        }
        return heads;
    }

    /// <summary>Decides; a rejection based on cached heads is confirmed against fresh ones. Null means "already applied".</summary>
    private async Task<(StreamHead[] Heads, object[][] Events)?> DecideAsync(
        CommandPlan plan, StreamHead[] heads, CommandContext context, bool fromCache, CancellationToken ct)
    {
        try
        {
            return (heads, plan.Decide(heads.Select(h => h.State).ToArray()));
        }
        catch (CommandRejectedException) when (fromCache)
        {
            foreach (var key in plan.Streams) _cache.Evict(key);
            var fresh = await LoadHeadsAsync(plan.Streams, useCache: false, ct).ConfigureAwait(false);
            return await DecideAsync(plan, fresh, context, fromCache: false, ct).ConfigureAwait(false);
        }
        catch (CommandRejectedException)
        {
            if (await WasAppliedAsync(context.CommandId, ct).ConfigureAwait(false)) return null;
            throw;
        }
    }

    private async Task<bool> WasAppliedAsync(Guid commandId, CancellationToken ct)
    {
        await using var session = _store.QuerySession();
        return await session.LoadAsync<ProcessedCommand>(commandId, ct).ConfigureAwait(false) is not null;
    }

    private async Task<List<StreamHead>> AppendAsync(StreamHead[] heads, object[][] events, CommandContext context, CancellationToken ct)
    {
        await using var session = _store.LightweightSession();
        session.CorrelationId = context.CorrelationId;
        session.CausationId = context.CausationId;
        session.LastModifiedBy = context.Actor;

        // One recorded-at for the whole command, never earlier than anything already in the streams it touches.
        var timestamp = HashChain.ToMicroseconds(_options.TimeProvider.GetUtcNow());
        foreach (var h in heads)
            if (h.LastTimestamp > timestamp) timestamp = h.LastTimestamp;

        var written = new List<StreamHead>();
        var commandId = context.CommandId.ToString("D");
        for (var s = 0; s < heads.Length; s++)
        {
            if (events[s].Length == 0) continue;
            var head = heads[s];
            var kind = AggregateKind.Of(head.Key);
            var action = head.Version == 0
                ? session.Events.StartStream(kind.StateType, head.Key, events[s])
                : session.Events.Append(head.Key, head.Version + events[s].Length, events[s]);

            var hash = head.LastHash;
            var state = head.State;
            for (var i = 0; i < action.Events.Count; i++)
            {
                var e = action.Events[i];
                var type = EventNames.Of(e.Data.GetType());
                e.Timestamp = timestamp;
                e.SetHeader(HashChain.ReasonHeader, context.Reason);
                e.SetHeader(HashChain.SourceHeader, context.Source);
                e.SetHeader(HashChain.CommandIdHeader, commandId);
                hash = HashChain.Compute(new ChainLink(head.Key, head.Version + i + 1, type, timestamp, context.Actor, context.Reason,
                    context.Source, commandId, context.CorrelationId, context.CausationId ?? "",
                    JsonbText.Canonicalize(_serializer.ToJson(e.Data)), hash));
                e.SetHeader(HashChain.HashHeader, hash);
                state = kind.Evolve(state, e.Data);
            }
            written.Add(new StreamHead(head.Key, state, head.Version + events[s].Length, hash, timestamp));
        }

        session.Insert(new ProcessedCommand { Id = context.CommandId, Streams = written.Select(w => w.Key).ToArray(), AppliedAt = timestamp });
        await session.SaveChangesAsync(ct).ConfigureAwait(false);
        foreach (var w in written) _cache.Set(w);
        return written;
    }
}
