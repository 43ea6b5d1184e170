using System.ComponentModel;
using System.Globalization;
using Hubs.EventSourcing.Tracking;
using Hubs.SampleHost.Infrastructure;
using Hubs.SampleHost.Views;
using Hubs.SampleHost.Views.Html;
using Spectre.Console;
using Spectre.Console.Cli;
using CliContext = Spectre.Console.Cli.CommandContext;

namespace Hubs.SampleHost.Commands;

internal sealed class RebuildSettings : OutputSettings
{
    [CommandOption("--marten")]
    [Description("Rebuild through Marten's async daemon, projection by projection (slower; the fallback), instead of one pass over the log.")]
    public bool Marten { get; set; }
}

/// <summary>Rebuilds every tracking read model from the event log, with a progress bar.</summary>
internal sealed class RebuildCommand : AsyncCommand<RebuildSettings>
{
    public override async Task<int> ExecuteAsync(CliContext context, RebuildSettings settings, CancellationToken cancellationToken)
    {
        await using var store = await HubsStore.OpenAsync(settings, cancellationToken);
        var started = DateTime.UtcNow;
        RebuildResult result = null!;
        await ProgressBoard.RunAsync(async board =>
        {
            var tasks = new Dictionary<string, ProgressBoard.Line>();
            var progress = new SyncProgress<RebuildProgress>(p =>
            {
                if (!tasks.TryGetValue(p.Projection, out var task))
                    tasks[p.Projection] = task = board.Add(p.Projection, p.EventsTotal);
                task.Total = p.EventsTotal;
                if (p.Finished) task.Complete();
                else task.Value = p.EventsProcessed;
            });
            result = await store.Tracking.RebuildAsync(settings.Marten ? RebuildMethod.MartenDaemon : RebuildMethod.OnePass, progress, cancellationToken);
        });
        var seconds = (DateTime.UtcNow - started).TotalSeconds;
        var skipped = result.SkippedEvents;
        if (settings.Json)
            Consoles.WriteJson(new
            {
                rebuilt = true, seconds, hashesChecked = result.HashesChecked,
                skippedEvents = skipped.Select(b => new { b.StreamKey, b.Version, kind = StateViews.Kebab(b.Kind), b.Detail }),
            });
        else
        {
            Consoles.Out.MarkupLineInterpolated($"[green]Rebuilt[/] the tracking read models in {seconds:0.00} s.");
            // A rebuild that left events out has rebuilt read models that differ from what the log says: say so, loudly.
            if (skipped.Count > 0)
            {
                Consoles.Out.MarkupLineInterpolated(
                    $"[red]WARNING:[/] {skipped.Count} event(s) were left out: not sealed by the library, or changed since they were sealed. Run `hubs verify`.");
                foreach (var b in skipped)
                    Consoles.Out.WriteLine($"  SKIPPED {b.StreamKey} v{b.Version} {StateViews.Kebab(b.Kind)}: {Echo.Escape(b.Detail)}");
            }
            if (!result.HashesChecked)
                Consoles.Out.WriteLine("Marten's rebuild skips unsealed events but cannot check hashes: run `hubs verify` to know the events it folded are intact.");
        }
        return skipped.Count > 0 ? ExitCodes.IntegrityFailure : ExitCodes.Success;
    }
}

/// <summary>Reports progress on the caller's thread (Progress&lt;T&gt; would post to the thread pool, out of order).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
