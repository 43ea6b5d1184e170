using Hubs.SampleHost.Infrastructure;
using JasperFx.Events.Daemon;
using Spectre.Console;
using Spectre.Console.Cli;
using CliContext = Spectre.Console.Cli.CommandContext;

namespace Hubs.SampleHost.Commands;

/// <summary>
/// Runs the tracking projections continuously with Marten's async daemon in hot/cold mode: with several daemons on one
/// database each projection runs in one of them at a time (a PostgreSQL advisory lock per projection), and the others
/// take over the projections of one that stops. Ctrl+C stops it.
/// </summary>
internal sealed class DaemonCommand : AsyncCommand<StoreSettings>
{
    public override async Task<int> ExecuteAsync(CliContext context, StoreSettings settings, CancellationToken cancellationToken)
    {
        await using var store = await HubsStore.OpenAsync(settings, cancellationToken, DaemonMode.HotCold);
        var services = store.HostedServices.ToList();
        foreach (var s in services) await s.StartAsync(cancellationToken);
        Consoles.Out.MarkupLineInterpolated($"[green]Daemon running[/] (hot/cold, pid {Environment.ProcessId}) on schema {store.Schema}; Ctrl+C stops it.");
        await Console.Out.FlushAsync(cancellationToken);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C or SIGTERM: the normal end of a daemon.
        }
        foreach (var s in services) await s.StopAsync(CancellationToken.None);
        return ExitCodes.Success;
    }
}
