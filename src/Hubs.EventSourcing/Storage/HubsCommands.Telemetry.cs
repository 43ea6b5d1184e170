using Hubs.EventSourcing.Diagnostics;

namespace Hubs.EventSourcing;

// The observed entry to the pipeline: the correlation rule, then the command's span, metrics and warnings around RunAsync.
// Kept apart so the pipeline itself carries only one-line hooks.
public sealed partial class HubsCommands
{
    private Task<CommandResult> ObservedAsync(IReadOnlyList<IHubsCommand> commands, CommandContext context, bool batch,
        IProgress<BatchProgress>? progress, CancellationToken ct)
    {
        context = CommandTelemetry.Correlated(context);
        var telemetry = context is null || commands.Count == 0 ? null : CommandTelemetry.Begin(commands, context, batch, _log);
        // Nobody listening: the pipeline's own task, with no wrapper to allocate.
        return telemetry is null ? RunAsync(commands, context!, progress, null, ct) : ObserveAsync(commands, context!, progress, telemetry, ct);
    }

    private async Task<CommandResult> ObserveAsync(IReadOnlyList<IHubsCommand> commands, CommandContext context,
        IProgress<BatchProgress>? progress, CommandTelemetry telemetry, CancellationToken ct)
    {
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
