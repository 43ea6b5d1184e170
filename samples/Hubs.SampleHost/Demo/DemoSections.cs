using Hubs.EventSourcing;
using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Enterprises;
using Hubs.EventSourcing.Regions;
using Hubs.SampleHost.Import;
using Hubs.SampleHost.Infrastructure;
using Hubs.SampleHost.Views;
using Spectre.Console;
using Region = Hubs.EventSourcing.Regions.Region;
using Spectre.Console.Rendering;

namespace Hubs.SampleHost.Demo;

/// <summary>What loading the story did, and the state every section reads.</summary>
internal sealed class DemoRun(HubsStore store)
{
    public HubsStore Store { get; } = store;
    public List<(string Step, CommandOutcome Outcome)> Steps { get; } = [];
    /// <summary>The mainland dataset (also first in <see cref="Datasets"/>).</summary>
    public ImportSummary? Dataset { get; set; }
    /// <summary>Every file loaded: the mainland dataset, Hong Kong's figures, the exchange rates.</summary>
    public List<ImportSummary> Datasets { get; } = [];
    public IReadOnlyList<Cluster> Clusters { get; set; } = [];
    public IReadOnlyList<Region> Regions { get; set; } = [];
    public IReadOnlyList<Enterprise> Enterprises { get; set; } = [];
    /// <summary>The GII editions' import (gii_clusters.csv).</summary>
    public ImportSummary? Ranking { get; set; }
    public RankingSection Rankings { get; set; } = RankingSection.Empty;
}

/// <summary>
/// One part of the demo's output: data for --json under <see cref="Key"/>, and a view for people; the list is in
/// <see cref="DemoCommand"/>.
/// </summary>
internal interface IDemoSection
{
    string Key { get; }
    Task<(object Data, IRenderable View)> BuildAsync(DemoRun run, CancellationToken ct);
}

internal sealed class StorySection : IDemoSection
{
    public string Key => "story";

    public Task<(object, IRenderable)> BuildAsync(DemoRun run, CancellationToken ct)
    {
        var counts = run.Steps.GroupBy(s => s.Outcome).ToDictionary(g => g.Key, g => g.Count());
        int Count(CommandOutcome o) => counts.GetValueOrDefault(o);
        var data = new
        {
            steps = run.Steps.Count,
            appended = Count(CommandOutcome.Appended),
            alreadyApplied = Count(CommandOutcome.AlreadyApplied),
            noChange = Count(CommandOutcome.NoChange),
            dataset = run.Dataset,
            datasets = run.Datasets,
        };
        var lines = new List<IRenderable>
        {
            new Markup($"[bold]Seed story[/] ({DemoStory.Article}): {run.Steps.Count} commands, " +
                       $"{data.appended} appended, {data.alreadyApplied} already applied, {data.noChange} unchanged."),
        };
        // Counted from what the store did, not from the plan: a re-run sends the same batches, which the store already has.
        foreach (var d in run.Datasets)
            lines.Add(new Markup(Markup.Escape(d.BatchesAppended == 0
                ? $"Dataset {d.File}: {d.Rows} rows, all already in the store."
                : $"Dataset {d.File}: {d.Rows} rows, {d.Rows - d.Unchanged} written now, {d.Unchanged} already in the store.")));
        if (data.appended == 0)
            lines.Add(new Markup("[grey]Nothing new: the story was already loaded (every step has a fixed command id).[/]"));
        return Task.FromResult<(object, IRenderable)>((data, new Rows(lines)));
    }
}

internal sealed class ClustersSection : IDemoSection
{
    public string Key => "clusters";

    public Task<(object, IRenderable)> BuildAsync(DemoRun run, CancellationToken ct) =>
        Task.FromResult<(object, IRenderable)>((run.Clusters.Select(StateJson.Of).ToList(), StateViews.Clusters(run.Clusters, run.Rankings)));
}

/// <summary>The GII editions as printed, every cluster, and where each hub stands in the latest one.</summary>
internal sealed class RankingsSection : IDemoSection
{
    public string Key => "rankings";

    public Task<(object, IRenderable)> BuildAsync(DemoRun run, CancellationToken ct)
    {
        var r = run.Ranking;
        var editions = string.Join(", ", run.Rankings.Editions.Select(e => $"{e.Ranking} {e.Edition} ({e.Entries.Count} clusters)"));
        var line = r is null ? "" : r.BatchesAppended == 0
            ? $"Rankings {r.File}: {editions}, already in the store."
            : $"Rankings {r.File}: {editions}, recorded now.";
        return Task.FromResult<(object, IRenderable)>((new { import = r, report = run.Rankings.ToJson() },
            new Rows(new Markup(Markup.Escape(line)), run.Rankings.View())));
    }
}

internal sealed class RegionsSection : IDemoSection
{
    public string Key => "regions";

    public Task<(object, IRenderable)> BuildAsync(DemoRun run, CancellationToken ct) =>
        Task.FromResult<(object, IRenderable)>((run.Regions, new Rows(StateViews.Regions(run.Regions), StateViews.IntensityChart(run.Regions))));
}

internal sealed class EnterprisesSection : IDemoSection
{
    public string Key => "enterprises";

    public Task<(object, IRenderable)> BuildAsync(DemoRun run, CancellationToken ct) =>
        Task.FromResult<(object, IRenderable)>((run.Enterprises.Select(StateJson.Of).ToList(),
            new Rows(run.Enterprises.Select(StateViews.Enterprise).Append(new Markup(
                "[grey]Branch statuses are as of the article (2026-01-14), which gives no opening dates; the technology transfer is illustrative: the article names none.[/]")))));
}

internal sealed class TargetsSection : IDemoSection
{
    public string Key => "illustrativeTargets";

    public async Task<(object, IRenderable)> BuildAsync(DemoRun run, CancellationToken ct)
    {
        var rows = run.Clusters.SelectMany(c => c.Targets.Values.Select(t => (Owner: c.Id, Target: t)))
            .Concat(run.Regions.Where(r => r.Target is not null).Select(r => (Owner: r.Id, Target: r.Target!)))
            .ToList();
        // Each target marked by its own source: the demo's are illustrative, a target the analyst set since is not.
        var notes = await Views.TargetNotes.LoadAsync(run.Store, run.Clusters.Select(c => c.Id), run.Regions.Where(r => r.Target is not null).Select(r => r.Id), null, ct);
        var table = new Table().Title("2035 targets (ILLUSTRATIVE: set by the demo, not official)").AddColumns("For", "Metric", "Target", "By", "Illustrative");
        foreach (var (owner, t) in rows)
            table.AddRow(owner, t.Ranking ?? StateViews.Kebab(t.Metric), Views.Formats.Value(t.Metric, t.Value) + (t.Metric == TargetMetric.RdIntensity ? "%" : ""),
                t.DeadlineYear.ToString(System.Globalization.CultureInfo.InvariantCulture), notes.IsIllustrative(owner, t.Metric, t.Ranking) ? "ILLUSTRATIVE" : "no");
        var data = new
        {
            targets = rows.Select(r => new
            {
                @for = r.Owner, r.Target.Metric, r.Target.Ranking, target = r.Target.Value, deadline = r.Target.DeadlineYear,
                illustrative = notes.IsIllustrative(r.Owner, r.Target.Metric, r.Target.Ranking),
            }),
        };
        return (data, table.Fit());
    }
}

/// <summary>
/// States as JSON for people and scripts: the library keys a cluster's targets by an internal key ("GlobalRank:WIPO GII S&amp;T
/// clusters") and an enterprise's branches by a normalised city ("BEIJING"); as JSON keys those leak, so they are lists here.
/// </summary>
internal static class StateJson
{
    public static object Of(Cluster c) => new
    {
        c.Id, c.Name, c.AnchorCity, c.Scope, c.Members, c.ExcludedFromComposite, targets = c.Targets.Values, c.Ranks,
    };

    public static object Of(Enterprise e) => new
    {
        e.Id, e.Name, e.HeadquartersCity, e.HeadquartersRegionId, branches = e.Branches.Values, e.TechnologyTransfers,
    };
}
