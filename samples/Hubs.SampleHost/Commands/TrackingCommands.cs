using System.ComponentModel;
using Hubs.EventSourcing.Tracking;
using Hubs.SampleHost.Infrastructure;
using Hubs.SampleHost.Views;
using Spectre.Console;
using Spectre.Console.Cli;
using CliContext = Spectre.Console.Cli.CommandContext;

namespace Hubs.SampleHost.Commands;

internal sealed class ReportSettings : OutputSettings
{
    [CommandOption("--as-of <INSTANT>")]
    [Description("The report as it would have been computed at this recorded-at instant (ISO 8601).")]
    public string? AsOf { get; set; }

    [CommandOption("--known-at <DATE>")]
    [Description("Only figures published on or before this date (ISO date).")]
    public string? KnownAt { get; set; }
}

/// <summary>Cluster scorecards, region trackers and targets: the point of the product.</summary>
internal sealed class ReportCommand : AsyncCommand<ReportSettings>
{
    public override async Task<int> ExecuteAsync(CliContext context, ReportSettings settings, CancellationToken cancellationToken)
    {
        if (settings.AsOf is not null || settings.KnownAt is not null)
            throw new UsageException("--as-of and --known-at reports are not available in this version of the package yet; run 'report' without them.");
        await using var store = await HubsStore.OpenAsync(settings, cancellationToken);
        var tracking = store.Tracking;
        await tracking.CatchUpAsync(TimeSpan.FromMinutes(2), cancellationToken);
        var report = await tracking.GetReportAsync(cancellationToken);
        store.ReportTimings("report ready");
        if (settings.Json)
        {
            Consoles.WriteJson(ToJson(report, null, null));
            return ExitCodes.Success;
        }
        Consoles.Out.Write(TrackingTables.Scorecards(report.Clusters));
        Consoles.Out.Write(TrackingTables.Regions(report.Regions));
        if (report.Enterprises.ClusterEffect.Count > 0)
            Consoles.Out.MarkupLineInterpolated($"Cluster effect (enterprises in two or more clusters): {string.Join(", ", report.Enterprises.ClusterEffect)}");
        return ExitCodes.Success;
    }

    /// <summary>The report's fixed JSON shape (documented in the README): camelCase keys, enums as kebab-case strings.</summary>
    public static object ToJson(TrackingReport report, DateTimeOffset? asOf, DateOnly? knownAt) => new
    {
        asOf,
        knownAt,
        compositeBasis = "current members for every year",
        clusters = report.Clusters.Select(c => new
        {
            id = c.Id,
            name = c.Name,
            scope = c.Scope,
            members = c.Members,
            rdIntensity = c.RdIntensity.Select(y => new { year = y.Year, value = y.Value, method = y.Method, coverage = y.Coverage }),
            ranks = c.Ranks.Select(r => new { ranking = r.Ranking, edition = r.Edition, rank = r.Rank }),
            targets = c.Targets.Select(Target),
            enterprises = c.Enterprises,
        }),
        regions = report.Regions.Select(r => new
        {
            id = r.Id,
            name = r.Name,
            rdIntensity = r.RdIntensity.Select(y => new { year = y.Year, value = y.Value, publishedOn = y.PublishedOn, revisions = y.Revisions }),
            targets = r.Targets.Select(Target),
        }),
    };

    private static object Target(TargetTracking t) => new
    {
        metric = t.Metric,
        target = t.Target,
        deadline = t.Deadline,
        latestYear = t.LatestYear,
        latest = t.Latest,
        projected = t.Projected,
        requiredAnnualChange = t.RequiredAnnualChange,
        status = t.Status,
    };
}

internal sealed class LeaderboardSettings : OutputSettings
{
    [CommandOption("--year <YEAR>")]
    [Description("Reference year. Default: the latest year any region reported.")]
    public int? Year { get; set; }
}

/// <summary>Regions ranked by R&amp;D intensity for a year; national comparators shown apart, unranked.</summary>
internal sealed class LeaderboardCommand : AsyncCommand<LeaderboardSettings>
{
    public override async Task<int> ExecuteAsync(CliContext context, LeaderboardSettings settings, CancellationToken cancellationToken)
    {
        await using var store = await HubsStore.OpenAsync(settings, cancellationToken);
        await store.Tracking.CatchUpAsync(TimeSpan.FromMinutes(2), cancellationToken);
        var board = await store.Tracking.GetLeaderboardAsync(settings.Year, cancellationToken);
        if (settings.Json) Consoles.WriteJson(board);
        else Consoles.Out.Write(TrackingTables.Leaderboard(board));
        return ExitCodes.Success;
    }
}

/// <summary>Rebuilds every tracking read model from the event log, with a progress bar.</summary>
internal sealed class RebuildCommand : AsyncCommand<OutputSettings>
{
    public override async Task<int> ExecuteAsync(CliContext context, OutputSettings settings, CancellationToken cancellationToken)
    {
        await using var store = await HubsStore.OpenAsync(settings, cancellationToken);
        var started = DateTime.UtcNow;
        await Consoles.Error.Progress().AutoClear(false).StartAsync(async ctx =>
        {
            var tasks = new Dictionary<string, ProgressTask>();
            var progress = new SyncProgress<RebuildProgress>(p =>
            {
                if (!tasks.TryGetValue(p.Projection, out var task))
                    tasks[p.Projection] = task = ctx.AddTask(Markup.Escape(p.Projection), maxValue: Math.Max(1, p.EventsTotal));
                task.MaxValue = Math.Max(1, p.EventsTotal);
                task.Value = p.Finished ? task.MaxValue : p.EventsProcessed;
            });
            await store.Tracking.RebuildAsync(progress, cancellationToken);
        });
        var seconds = (DateTime.UtcNow - started).TotalSeconds;
        if (settings.Json) Consoles.WriteJson(new { rebuilt = true, seconds });
        else Consoles.Out.MarkupLineInterpolated($"[green]Rebuilt[/] the tracking read models in {seconds:0.00} s.");
        return ExitCodes.Success;
    }
}

/// <summary>Reports progress on the caller's thread (Progress&lt;T&gt; would post to the thread pool, out of order).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
