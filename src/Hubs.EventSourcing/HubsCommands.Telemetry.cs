using Hubs.EventSourcing.Diagnostics;

namespace Hubs.EventSourcing;

// The observed entry to the pipeline: the correlation rule, then the command's span, metrics and warnings around RunAsync.
// Kept apart so the pipeline itself carries only one-line hooks.
public sealed partial class HubsCommands
{
    private Task<CommandResult> ObservedAsync(IReadOnlyList<IHubsCommand> commands, CommandContext context, bool batch,
        IProgress<BatchProgress>? progress, CancellationToken ct)
    {
        context = Commanding.CommandCorrelation.Correlated(context);
        // Nobody listening: the pipeline's own task, with no wrapper to allocate.
        return context is not null && commands.Count > 0 && CommandTelemetry.IsObserved(_log)
            ? ObserveAsync(commands, context, batch, progress, ct)
            : RunAsync(commands, context!, progress, null, ct);
    }

    // Async so that the span it starts is Activity.Current only inside it: the caller's current activity is left as it was.
    private async Task<CommandResult> ObserveAsync(IReadOnlyList<IHubsCommand> commands, CommandContext context, bool batch,
        IProgress<BatchProgress>? progress, CancellationToken ct)
    {
        var telemetry = CommandTelemetry.Begin(commands, context, batch, _log);
        try
        {
            var result = await RunAsync(commands, context, progress, telemetry, ct).ConfigureAwait(false);
            telemetry.Completed(result);
            return result;
        }
        catch (Exception ex)
        {
            telemetry.Failed(ex, context);
            throw;
        }
    }
}
