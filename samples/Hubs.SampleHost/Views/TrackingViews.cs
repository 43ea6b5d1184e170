using System.Globalization;
using Hubs.EventSourcing.Tracking;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Hubs.SampleHost.Views;

/// <summary>Tables and charts of the tracking read models, sized for 80 columns.</summary>
internal static class TrackingTables
{
    public static IRenderable Scorecards(IEnumerable<ClusterScorecard> clusters)
    {
        var table = new Table().Title("Cluster scorecards (composite over current members for every year)")
            .AddColumn("Cluster").AddColumn("Members").AddColumn("Latest R&D").AddColumn("Targets");
        foreach (var c in clusters)
        {
            var latest = c.RdIntensity.LastOrDefault();
            table.AddRow(
                Markup.Escape($"{c.Id}\n{StateViews.Kebab(c.Scope)}"),
                Markup.Escape(string.Join(", ", c.Members)),
                Markup.Escape(latest is null ? "-" : $"{latest.Year}: {StateViews.Pct(latest.Value)}\n{StateViews.Kebab(latest.Method)} {latest.Coverage}/{latest.MemberCount}"),
                Markup.Escape(c.Targets.Count == 0 ? "-" : string.Join("\n", c.Targets.Select(Target))));
        }
        return table;
    }

    public static IRenderable Regions(IEnumerable<RegionTracker> regions)
    {
        var table = new Table().Title("Region trackers (latest publication of each year)")
            .AddColumn("Region").AddColumn("Cluster").AddColumn("Series").AddColumn("Target");
        foreach (var r in regions)
            table.AddRow(
                Markup.Escape(r.Id),
                Markup.Escape(r.ClusterId ?? "-"),
                Markup.Escape(string.Join("\n", r.RdIntensity.TakeLast(3).Select(y =>
                    $"{y.Year}: {StateViews.Pct(y.Value)}" + (y.Revisions > 0 ? $" (rev {y.Revisions})" : "")))),
                Markup.Escape(r.Targets.Count == 0 ? "-" : string.Join("\n", r.Targets.Select(Target))));
        return table;
    }

    public static IRenderable Leaderboard(Leaderboard board)
    {
        var chart = new BarChart().Label($"R&D intensity {board.Year} (% of GDP)").Width(76);
        foreach (var e in board.Entries)
            chart.AddItem($"{e.Rank}. {e.RegionId}", (double)e.Value, Color.Green);
        foreach (var c in board.Comparators)
            chart.AddItem($"({c.RegionId})", (double)c.Value, Color.Grey);
        return chart;
    }

    private static string Target(TargetTracking t) =>
        FormattableString.Invariant(
            $"{StateViews.Kebab(t.Metric)}{(t.Ranking is null ? "" : " " + t.Ranking)} {t.Target} by {t.Deadline}: {StateViews.Kebab(t.Status)}") +
        (t.Projected is { } p ? FormattableString.Invariant($" (proj. {p:0.##})") : "");
}
