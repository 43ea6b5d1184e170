using Hubs.EventSourcing;
using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Indicators;
using Hubs.SampleHost.Commands;
using Hubs.SampleHost.Views;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Hubs.SampleHost.Demo;

/// <summary>The 2035 scorecards of the three hubs (the projections are caught up first).</summary>
internal sealed class ScorecardsSection : IDemoSection
{
    public string Key => "scorecards";

    /// <summary>The demo's figures end in 2024: judged in 2025, the 14th Five-Year Plan's 2025 targets are still open (a later year makes them awaiting-data).</summary>
    public const int JudgedIn = 2025;

    public async Task<(object Data, IRenderable View)> BuildAsync(DemoRun run, CancellationToken ct)
    {
        await run.Store.Tracking.CatchUpAsync(TimeSpan.FromMinutes(2), ct);
        var report = await run.Store.Tracking.GetReportAsync(ct);
        // Read from the indicator read model the daemon just caught up, judged in the last year of the 14th Five-Year Plan.
        var indicators = await run.Store.Tracking.IndicatorReportAsync(JudgedIn, cancellationToken: ct);
        return (ReportCommand.ToJson(report, null, null, null, indicators),
            new Rows(TrackingTables.Scorecards(report.Clusters, await Views.TargetNotes.LoadAsync(run.Store, report, null, ct)), new Text(""),
                IndicatorText.Render(indicators)));
    }
}

/// <summary>The latest year's leaderboard: the seed's 2024 top three.</summary>
internal sealed class LeaderboardSection : IDemoSection
{
    public string Key => "leaderboard";

    public async Task<(object Data, IRenderable View)> BuildAsync(DemoRun run, CancellationToken ct)
    {
        var board = await run.Store.Tracking.GetLeaderboardAsync(2024, ct);
        return (board, TrackingTables.Leaderboard(board));
    }
}

/// <summary>Time travel: the Yangtze River Delta hub before and after the December 2025 expansion, from its own stream.</summary>
internal sealed class TimeTravelSection : IDemoSection
{
    public string Key => "timeTravel";

    public async Task<(object Data, IRenderable View)> BuildAsync(DemoRun run, CancellationToken ct)
    {
        const string stream = "cluster:yangtze-river-delta";
        var history = new List<(long Version, string Type)>();
        // By base name: 0.1.0 stored cluster_scope_expanded, later releases cluster_scope_expanded_v2.
        await foreach (var e in run.Store.Audit.HistoryAsync(stream, ct)) history.Add((e.Version, e.BaseEventType));
        var expandedAt = history.FirstOrDefault(h => h.Type == "cluster_scope_expanded").Version;
        var before = expandedAt > 1 ? await run.Store.Audit.StateAsync(stream, StatePoint.AtVersion(expandedAt - 1), cancellationToken: ct) : null;
        var now = await run.Store.Audit.StateAsync(stream, cancellationToken: ct);
        var b = before?.State as Cluster;
        var n = now?.State as Cluster;
        var data = new
        {
            stream,
            before = b is null ? null : new { version = before!.Version, scope = b.Scope, members = b.Members },
            now = n is null ? null : new { version = now!.Version, scope = n.Scope, members = n.Members },
        };
        var view = new Markup(Markup.Escape(
            $"Time travel, {stream}: at version {before?.Version} ({(b is null ? "-" : StateViews.Kebab(b.Scope))}) members " +
            $"[{string.Join(", ", b?.Members ?? [])}]; now at version {now?.Version} ({(n is null ? "-" : StateViews.Kebab(n.Scope))}) " +
            $"[{string.Join(", ", n?.Members ?? [])}]. Try: hubs replay {stream} --version {before?.Version}") + "\n");
        return (data, view);
    }
}

/// <summary>Recomputes every hash chain, as an auditor would.</summary>
internal sealed class VerifySection : IDemoSection
{
    public string Key => "verify";

    public async Task<(object Data, IRenderable View)> BuildAsync(DemoRun run, CancellationToken ct)
    {
        var report = await run.Store.Audit.VerifyAsync(null, ct);
        var data = new { intact = report.IsIntact, report.EventsChecked, breaks = report.Breaks.Count, digest = report.Digest.Root };
        var view = report.IsIntact
            ? new Markup($"[green]Verify: intact[/] — {report.EventsChecked} events, {report.Digest.Streams.Count} hash chains recomputed; digest {report.Digest.Root[..16]}… (hubs verify --save-digest keeps it outside the database).\n")
            : new Markup($"[red]Verify: {report.Breaks.Count} break(s)[/] — run hubs verify for details.\n");
        return (data, view);
    }
}
