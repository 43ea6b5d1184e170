using Hubs.EventSourcing;
using Hubs.SampleHost.Infrastructure;
using Hubs.SampleHost.Views;
using Spectre.Console;
using Spectre.Console.Cli;
using CliContext = Spectre.Console.Cli.CommandContext;

namespace Hubs.SampleHost.Commands;

/// <summary>
/// One domain command typed at the command line: build it from the options, send it with an audit context, then show
/// the outcome and the state of the aggregate it changed.
/// </summary>
internal abstract class WriteCommand<TSettings> : AsyncCommand<TSettings> where TSettings : WriteSettings
{
    /// <summary>The library command the options describe.</summary>
    protected abstract IHubsCommand Build(TSettings settings);

    /// <summary>Where this command's fields come from on the command line, where that differs from <see cref="CliNames"/>.</summary>
    protected virtual IReadOnlyDictionary<string, string>? FieldNames => null;

    /// <summary>The state to show afterwards (the aggregate the command is about).</summary>
    protected abstract Task<object?> LoadStateAsync(HubsQueries queries, TSettings settings, CancellationToken ct);

    /// <summary>What the command put in force, in words, when the state shown after it does not make it plain; null otherwise.</summary>
    protected virtual string? InForce(TSettings settings) => null;

    public override async Task<int> ExecuteAsync(CliContext context, TSettings settings, CancellationToken cancellationToken)
    {
        await using var store = await HubsStore.OpenAsync(settings, cancellationToken);
        // Regions and clusters by id or by name, as the imports take them.
        await NameRefs.ResolveAsync(settings, store.Queries, cancellationToken);
        var command = Build(settings);
        CommandResult result;
        var audit = Ids.Context(settings, Ids.CommandLineReason(context.Arguments));
        try
        {
            result = await store.Commands.SendAsync(command, audit, cancellationToken);
        }
        catch (CommandRejectedException rejected)
        {
            return HubsApp.ReportRejection(rejected, FieldNames);
        }
        catch (Exception ex) when (HubsApp.StorageFailure(ex) is { } cause)
        {
            // A timeout or a lost connection does not say whether the commit happened: only re-sending the same id is safe.
            throw new StorageUnavailableException(
                $"{HubsApp.Describe(cause)} while {KebabNames.Of(command)} was being written. It MAY have been written: the server did not confirm it either way. " +
                $"When the server is back, re-run it with --command-id {audit.CommandId}: if it was written, that changes nothing.", ex);
        }
        store.ReportTimings("first command done");
        var state = await LoadStateAsync(store.Queries, settings, cancellationToken);
        if (settings.Json)
        {
            Consoles.WriteJson(new { result.CommandId, result.Outcome, result.Streams, command = KebabNames.Of(command), state });
            return ExitCodes.Success;
        }
        var console = Consoles.Out;
        console.MarkupLineInterpolated(result.Outcome switch
        {
            CommandOutcome.Appended => $"[green]{KebabNames.Of(command)}: appended[/] {string.Join(", ", result.Streams.Select(s => $"{s.StreamKey} v{s.Version}"))}",
            CommandOutcome.NoChange => $"[yellow]{KebabNames.Of(command)}: no change[/] (the state already says so; nothing written)",
            _ => $"[yellow]{KebabNames.Of(command)}: already applied[/] (command id {result.CommandId}; nothing written)",
        });
        if (result.Outcome != CommandOutcome.AlreadyApplied && InForce(settings) is { } said) console.WriteLine(said);
        console.Write(StateViews.Of(state));
        return ExitCodes.Success;
    }
}
