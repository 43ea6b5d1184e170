using System.Collections.Concurrent;
using Hubs.EventSourcing.Diagnostics;
using Hubs.EventSourcing.Storage;

namespace Hubs.EventSourcing.Commanding;

/// <summary>
/// The pure part of sending commands: validate every command, plan it (its streams and decision, from its module), and
/// decide all of them against given stream heads into a <see cref="UnitOfWork"/>. No I/O: what it needs of the store is
/// passed in, so a batch decides the same in a test as in an import.
/// </summary>
internal static class CommandDecisions
{
    /// <summary>Checks every command's shape (all violations, in order) and plans each valid one.</summary>
    public static CommandPlan[] ValidateAndPlan(IReadOnlyList<IHubsCommand> commands)
    {
        using var stage = HubsTelemetry.StartStage(HubsTelemetry.ValidateSpan);
        if (commands.Count == 0) throw new ArgumentException("At least one command is needed.", nameof(commands));
        if (commands.Count == 1)
        {
            CommandRouting.Validate(commands[0]);
            return [CommandRouting.Plan(commands[0])];
        }
        var (plans, violations) = ValidateAndPlan(commands, 0);
        if (violations.Count > 0) throw new CommandRejectedException(violations);
        return plans;
    }

    /// <summary>
    /// Checks and plans part of a batch whose first command is at batch position <paramref name="offset"/>: violations carry
    /// their batch position, and the plan of an invalid command is null.
    /// </summary>
    public static (CommandPlan[] Plans, List<RuleViolation> Violations) ValidateAndPlan(IReadOnlyList<IHubsCommand> commands, int offset)
    {
        // Shape rules and plans are pure and independent per command: an import's worth is done on every core, reported in order.
        var plans = new CommandPlan[commands.Count];
        var found = new IReadOnlyList<RuleViolation>?[commands.Count];
        // In ranges, each in the message culture once: switching it per command cost more than checking a well-formed one.
        Parallel.ForEach(Partitioner.Create(0, commands.Count), new ParallelOptions { MaxDegreeOfParallelism = commands.Count >= 1_000 ? -1 : 1 },
            range => MessageCulture.Run(static x =>
            {
                for (var i = x.range.Item1; i < x.range.Item2; i++)
                    try
                    {
                        CommandRouting.Validate(x.commands[i]);
                        x.plans[i] = CommandRouting.Plan(x.commands[i]);
                    }
                    catch (CommandRejectedException ex) { x.found[i] = ex.Violations.Select(v => v with { CommandIndex = x.offset + i }).ToList(); }
                return 0;
            }, (range, commands, plans, found, offset)));
        return (plans, found.Where(v => v is not null).SelectMany(v => v!).ToList());
    }

    /// <summary>
    /// A dry run's second half: decides the commands whose shape was valid (<paramref name="plans"/> from
    /// <see cref="ValidateAndPlan(IReadOnlyList{IHubsCommand}, int)"/>, null where invalid) and returns their rule violations
    /// with their batch positions, so one check reports a broken row's shape and every other row's rules together.
    /// </summary>
    public static List<RuleViolation> DecideValid(CommandPlan[] plans, IReadOnlyDictionary<string, StreamHead> heads, int parallelThreshold,
        DateOnly latestPublication)
    {
        var valid = Enumerable.Range(0, plans.Length).Where(i => plans[i].Planned).ToArray();
        if (valid.Length == 0) return [];
        var (_, violations) = Decide(valid.Select(i => plans[i]).ToArray(), 0, single: false, heads, Guid.Empty, 0, parallelThreshold,
            latestPublication);
        return violations.Select(v => v with { CommandIndex = valid[v.CommandIndex!.Value] }).ToList();
    }

    /// <summary>Decides every command in order against states evolved in memory; collects all rejections of a batch.</summary>
    /// <param name="plans">The commands' plans, in batch order.</param>
    /// <param name="heads">Every stream involved.</param>
    /// <param name="context">Who, why, which command id.</param>
    /// <param name="checkpointInterval">Every this many versions, keep the state for a checkpoint; 0 for none.</param>
    /// <param name="parallelThreshold">See <see cref="HubsCommands.ParallelDecideThreshold"/>.</param>
    /// <param name="latestPublication">The latest publication date accepted (<see cref="PublicationDates"/>).</param>
    public static UnitOfWork Decide(CommandPlan[] plans, Dictionary<string, StreamHead> heads, CommandContext context, int checkpointInterval,
        int parallelThreshold, DateOnly latestPublication)
    {
        var (writes, violations) = Decide(plans, 0, plans.Length == 1, heads, context.CommandId, checkpointInterval, parallelThreshold,
            latestPublication);
        if (violations.Count > 0) throw new CommandRejectedException(violations);
        return new UnitOfWork(writes);
    }

    /// <summary>
    /// Decides part of a batch whose first command is at batch position <paramref name="offset"/> (a chunk of a streamed
    /// import) and returns the rejections instead of throwing them: the writes of the accepted commands, each stream's
    /// starting from its head in <paramref name="heads"/>, and every violation with its batch position.
    /// </summary>
    /// <param name="plans">The part's plans, in batch order (none null).</param>
    /// <param name="offset">Batch position of the first.</param>
    /// <param name="single">A lone command: its id is the batch id itself and its violations carry no position.</param>
    /// <param name="heads">Every stream involved, as it stands before this part.</param>
    /// <param name="batchId">The batch's command id; each command's id derives from it and its position.</param>
    /// <param name="checkpointInterval">Every this many versions, keep the state for a checkpoint; 0 for none.</param>
    /// <param name="parallelThreshold">See <see cref="HubsCommands.ParallelDecideThreshold"/>.</param>
    /// <param name="latestPublication">The latest publication date accepted (<see cref="PublicationDates"/>).</param>
    public static (List<StreamWrite> Writes, List<RuleViolation> Violations) Decide(CommandPlan[] plans, int offset, bool single,
        IReadOnlyDictionary<string, StreamHead> heads, Guid batchId, int checkpointInterval, int parallelThreshold, DateOnly latestPublication)
    {
        using var stage = HubsTelemetry.StartStage(HubsTelemetry.DecideSpan);
        if (plans.Length < parallelThreshold || plans.Any(p => p.Streams.Length != 1))
            return DecideInOrder(Enumerable.Range(0, plans.Length), plans, offset, single, heads, batchId, checkpointInterval, latestPublication);
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
        Parallel.For(0, groups.Length, g => parts[g] = DecideInOrder(groups[g], plans, offset, single, heads, batchId, checkpointInterval, latestPublication));
        return (parts.SelectMany(p => p.Writes).ToList(), parts.SelectMany(p => p.Violations).OrderBy(v => v.CommandIndex).ToList());
    }

    /// <summary>Decides the commands at <paramref name="indexes"/> (ascending) one after the other against states evolved in memory.</summary>
    /// <remarks>In the message culture throughout (a decision needs it; switching it per command cost more than many a decision).</remarks>
    private static (List<StreamWrite> Writes, List<RuleViolation> Violations) DecideInOrder(IEnumerable<int> indexes, CommandPlan[] plans,
        int offset, bool single, IReadOnlyDictionary<string, StreamHead> heads, Guid batchId, int checkpointInterval, DateOnly latestPublication) =>
        MessageCulture.Run(() => DecideInOrderInCulture(indexes, plans, offset, single, heads, batchId, checkpointInterval, latestPublication));

    private static (List<StreamWrite> Writes, List<RuleViolation> Violations) DecideInOrderInCulture(IEnumerable<int> indexes,
        CommandPlan[] plans, int offset, bool single, IReadOnlyDictionary<string, StreamHead> heads, Guid batchId, int checkpointInterval,
        DateOnly latestPublication)
    {
        var states = new Dictionary<string, object?>(StringComparer.Ordinal);
        object? StateOf(string key) => states.TryGetValue(key, out var state) ? state : heads[key].State;
        var writes = new Dictionary<string, (StreamWrite Write, HubsModule Kind)>(StringComparer.Ordinal);
        var violations = new List<RuleViolation>();
        foreach (var i in indexes)
        {
            var plan = plans[i];
            object[][] decided;
            try
            {
                decided = plan.Decide(plan.Streams.Length == 1 ? [StateOf(plan.Streams[0])] : plan.Streams.Select(StateOf).ToArray());
            }
            catch (CommandRejectedException ex) when (!single)
            {
                violations.AddRange(ex.Violations.Select(v => v with { CommandIndex = offset + i }));
                continue;
            }
            if (InTheFuture(decided, latestPublication) is { } future)
            {
                if (single) throw new CommandRejectedException([future]);
                violations.Add(future with { CommandIndex = offset + i });
                continue;
            }
            var commandId = single ? batchId : DeriveId(batchId, offset + i);
            for (var s = 0; s < plan.Streams.Length; s++)
            {
                if (decided[s].Length == 0) continue;
                var key = plan.Streams[s];
                if (!writes.TryGetValue(key, out var target)) writes[key] = target = (new StreamWrite(heads[key]), HubsModel.Of(key));
                var (write, kind) = target;
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
        return (writes.Values.Select(w => w.Write).ToList(), violations);
    }

    /// <summary>The first published event of a decision dated after <paramref name="latest"/>, as a violation; null if none.</summary>
    private static RuleViolation? InTheFuture(object[][] decided, DateOnly latest)
    {
        foreach (var events in decided)
            foreach (var e in events)
                if (PublicationDates.Check(e, latest) is { } future) return future;
        return null;
    }

    /// <summary>A stable per-position id inside a batch (<see cref="CommandIds"/>).</summary>
    internal static Guid DeriveId(Guid batchId, int index) => CommandIds.InBatch(batchId, index);
}
