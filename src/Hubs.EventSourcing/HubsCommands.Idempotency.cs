using Hubs.EventSourcing.Diagnostics;
using Hubs.EventSourcing.Storage;

namespace Hubs.EventSourcing;

// Re-sends: the idempotency record recognises a command applied before, and tells what its first application wrote.
public sealed partial class HubsCommands
{
    /// <summary>
    /// The re-send's result when this command id was applied to this very command: the streams and versions its first
    /// application left them at, read from its idempotency record (<see cref="Idempotency.VersionsOf"/>), not the streams'
    /// current versions, which later commands may have moved. Null when the id is free; throws <c>command-id-reused</c> when
    /// the id was applied to a different command.
    /// </summary>
    private async Task<CommandResult?> AppliedBeforeAsync(Guid commandId, CommandFingerprint fingerprint, CancellationToken ct)
    {
        using var stage = HubsTelemetry.StartStage(HubsTelemetry.IdempotencySpan);
        return await Idempotency.FindAsync(_store, commandId, ct).ConfigureAwait(false) is { } found
               && Idempotency.IsSameCommand(found, fingerprint, commandId)
            ? new CommandResult(commandId, CommandOutcome.AlreadyApplied, Idempotency.VersionsOf(found))
            : null;
    }

    /// <summary>
    /// Decides against heads read from the store; a rejection is re-checked against the idempotency record, since a
    /// concurrent send of the same command may have been applied since this one's first check (then the state rejects it).
    /// </summary>
    private async Task<UnitOfWork> DecideOrAlreadyAppliedAsync(Commanding.CommandPlan[] plans, Dictionary<string, StreamHead> heads, CommandContext context,
        CommandFingerprint fingerprint, CancellationToken ct)
    {
        try
        {
            return Commanding.CommandDecisions.Decide(plans, heads, context, _options.CheckpointInterval, ParallelDecideThreshold,
                Commanding.PublicationDates.Latest(_options));
        }
        catch (CommandRejectedException)
        {
            if (await AppliedBeforeAsync(context.CommandId, fingerprint, ct).ConfigureAwait(false) is { } applied) return UnitOfWork.AppliedBefore(applied);
            throw;
        }
    }
}
