using System.Globalization;
using Hubs.EventSourcing.Tracking;
using Spectre.Console;
using Spectre.Console.Rendering;
using Hubs.SampleHost.Infrastructure;

namespace Hubs.SampleHost.Views;

/// <summary>Tables and charts of the tracking read models, sized for 80 columns.</summary>
internal static class TrackingTables
{
    /// <summary>What the four labels of the scorecards mean; printed under them by demo and report.</summary>
    public static readonly string[] Legend =
    [
        "weighted   all counted members reported; spending in CNY (via rates): ΣR&D/ΣGDP",
        "mean       all counted members reported, some spending unknown: mean intensity",
        "partial    a counted member is missing: shown, never feeds latest/trend/status",
        "projected  trend of the years used (one method, last 5 complete) at deadline",
    ];

    public static IRenderable Scorecards(IEnumerable<ClusterScorecard> clusters, TargetNotes notes)
    {
        var cards = clusters.ToList();
        var table = new Table().Title("Cluster scorecards (composite over the counted members for every year)")
            .AddColumn(new TableColumn("Cluster").NoWrap()).AddColumn("Counted members").AddColumn("Latest complete").AddColumn("Latest year");
        foreach (var c in cards)
        {
            var complete = c.RdIntensity.LastOrDefault(y => y.Method != CompositeMethod.Partial);
            var last = c.RdIntensity.LastOrDefault();
            table.AddRow(
                Markup.Escape($"{c.Id}\n{StateViews.Kebab(c.Scope)}"),
                // One id a line: a narrow column wraps between ids, never inside one.
                Markup.Escape(string.Join("\n", c.CountedMembers) + (c.ExcludedFromComposite.Count > 0
                    ? "\nleft out:\n" + string.Join("\n", c.ExcludedFromComposite.Select(x => x.RegionId)) : "")),
                Markup.Escape(complete is null ? "none" : $"{complete.Year}: {StateViews.Pct(complete.Value)}\n{StateViews.Kebab(complete.Method)}"),
                Markup.Escape(last is null ? "-" : $"{last.Year}: {StateViews.Pct(last.Value)}\n{YearLabel(last)}"));
        }
        var lines = new List<IRenderable> { table.Fit() };
        foreach (var c in cards)
        {
            lines.Add(new Markup($"[bold]{Markup.Escape(c.Id)}[/] {Markup.Escape(c.CompositeCoverage)}"));
            foreach (var r in c.Ranks) lines.Add(Indented.By(2, new Text($"rank: {r.Basis}")));
            lines.AddRange(c.Targets.Select(t => TargetLines(c.Id, t, notes)));
        }
        lines.Add(LegendView());
        return new Rows(lines);
    }

    /// <summary>A target's verdict and, under it, the short line that says what the verdict was computed from.</summary>
    public static IRenderable TargetLines(string owner, TargetTracking t, TargetNotes notes) =>
        new Rows(Indented.By(2, new Text(Target(t) + (notes.IsIllustrative(owner, t) ? " — ILLUSTRATIVE, not official" : ""))),
            Indented.By(4, new Markup("[grey]" + Markup.Escape(Basis(t)) + "[/]")));

    public static IRenderable LegendView() =>
        new Rows(Legend.Select(l => (IRenderable)new Markup("[grey]" + Markup.Escape(l) + "[/]")).Prepend(new Markup("[grey]Legend:[/]")));

    /// <summary>One line: method and years used, latest complete year, projection and required change, years left out.</summary>
    public static string Basis(TargetTracking t)
    {
        var b = t.Basis;
        var parts = new List<string>();
        var what = b.Series == "composite" ? (b.Method is { } m ? StateViews.Kebab(m) : "composite") : b.Series;
        parts.Add(b.YearsUsed.Count == 0 ? $"{what}: no year used" : $"{what} {Years(b.YearsUsed)}");
        if (b.LatestCompleteYear is { } lc && b.Series == "composite") parts.Add($"latest complete {lc}");
        if (t.LatestYear is { } ly && t.Latest is { } lv) parts.Add(Inv($"latest used {ly} = {Formats.Value(t.Metric, lv)}"));
        if (b.Projected is { } p) parts.Add(Inv($"projected {Formats.Value(t.Metric, p)} in {t.Deadline}"));
        // A change still needed says nothing once the target is met or its deadline missed ("needs -0.1436/yr" read as a fall).
        if (b.RequiredAnnualChange is { } r && t.Status is not (TargetStatus.Achieved or TargetStatus.Missed))
            parts.Add($"needs {Formats.PerYear(t.Metric, r)}/yr");
        if (b.ExcludedYears.Count > 0)
            parts.Add("left out: " + string.Join("; ", b.ExcludedYears.Select(x => $"{x.Year} {StateViews.Kebab(x.Kind)}" + Detail(x))));
        if (b.Reason is { } reason) parts.Add(reason);
        if (b.Placements is { Count: > 0 } placements) parts.Add("read from: " + string.Join("; ", placements.Select(p => p.Basis)));
        return string.Join(" · ", parts);
    }

    private static string Detail(ExcludedYear x) =>
        x.Kind == YearExclusion.Partial && x.Reason.IndexOf("missing ", StringComparison.Ordinal) is var i and >= 0 ? $" ({x.Reason[i..]})" : "";

    private static string Years(IReadOnlyList<int> years) =>
        years.Count == 1 ? Inv($"{years[0]}")
        : years[^1] - years[0] == years.Count - 1 ? Inv($"{years[0]}–{years[^1]}")
        : string.Join(", ", years.Select(y => Inv($"{y}")));

    private static string YearLabel(CompositeYear y) =>
        y.Method == CompositeMethod.Partial ? $"partial {y.Coverage}/{y.MemberCount}\nmissing:\n{string.Join("\n", y.Missing)}" : StateViews.Kebab(y.Method);

    private static string Inv(FormattableString s) => FormattableString.Invariant(s);

    public static IRenderable Regions(IEnumerable<RegionTracker> regions)
    {
        var table = new Table().Title("Region trackers (latest publication of each year)")
            .AddColumn(new TableColumn("Region").NoWrap()).AddColumn(new TableColumn("Cluster").NoWrap()).AddColumn("Series").AddColumn("Target");
        foreach (var r in regions)
            table.AddRow(
                Markup.Escape(r.Id),
                Markup.Escape(r.ClusterId ?? "-"),
                Markup.Escape(string.Join("\n", r.RdIntensity.TakeLast(3).Select(y =>
                    $"{y.Year}: {StateViews.Pct(y.Value)}" + (y.Revisions > 0 ? $" (rev {y.Revisions})" : "") + (y.Correction is null ? "" : " (corrected)")))),
                Markup.Escape(r.Targets.Count == 0 ? "-" : string.Join("\n", r.Targets.Select(Target))));
        return table.Fit();
    }

    public static IRenderable Leaderboard(Leaderboard board)
    {
        var chart = new BarChart().Label($"R&D intensity {board.Year} (% of GDP)").Width(Math.Min(76, Consoles.Out.Profile.Width));
        // Labels left-aligned with the rank padded, so the ranks line up; the value written by the one decimal rule.
        var width = board.Entries.Concat(board.Comparators).Select(e => e.RegionId.Length).DefaultIfEmpty(0).Max() + 5;
        foreach (var e in board.Entries)
            chart.AddItem($"{e.Rank,2}. {e.RegionId}".PadRight(width) + Formats.Intensity(e.Value), (double)e.Value, Color.Green);
        foreach (var c in board.Comparators)
            chart.AddItem($"   ({c.RegionId})".PadRight(width) + Formats.Intensity(c.Value), (double)c.Value, Color.Grey);
        return chart.HideValues();
    }

    private static string Target(TargetTracking t) =>
        FormattableString.Invariant(
            $"{StateViews.Kebab(t.Metric)}{(t.Ranking is null ? "" : " " + t.Ranking)} {Formats.Value(t.Metric, t.Target)} by {t.Deadline}: {StateViews.Kebab(t.Status)}");

    /// <summary>Region targets with their basis lines, for the report.</summary>
    public static IRenderable RegionTargets(IEnumerable<RegionTracker> regions, TargetNotes notes) =>
        new Rows(regions.Where(r => r.Targets.Count > 0).SelectMany(r =>
            r.Targets.Select(t => TargetLines(r.Id, t, notes)).Prepend(new Markup($"[bold]{Markup.Escape(r.Id)}[/]"))));
}
