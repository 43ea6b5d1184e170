using System.Globalization;
using System.Net;
using System.Text;
using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.Tracking;
using Hubs.SampleHost.Infrastructure;
using ScottPlot;

namespace Hubs.SampleHost.Views;

/// <summary>
/// The report as one self-contained HTML page: per cluster and region the yearly series marked by method and coverage, the
/// trend to the deadline, the target with its status and basis; the leaderboard; the as-of/as-known-at banner and the
/// verification with its digest. Charts are ScottPlot SVG inlined in the page (no script, no network). Every figure is also
/// in a table whose cells carry data- attributes, so a test (or a scraper) reads the numbers without parsing the charts.
/// </summary>
internal static class HtmlReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Writes the page for <paramref name="report"/> with the store's verification state to a file.</summary>
    public static Task WriteAsync(TrackingReport report, ReportIntegrity integrity, DateTimeOffset? asOf, DateOnly? knownAt, string path, CancellationToken ct) =>
        OutputFiles.WriteAllTextAsync(path, Render(report, integrity, asOf, knownAt), "--html", ct);

    public static string Render(TrackingReport report, ReportIntegrity integrity, DateTimeOffset? asOf, DateOnly? knownAt)
    {
        var board = Leaderboards.Of(report);
        var html = new StringBuilder();
        html.Append($$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Hubs: 2035 innovation hub tracking</title>
            <style>
            body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;color:#222}
            .banner{background:#fff3cd;border:1px solid #e0c36c;padding:.6em 1em} .intact{color:#17692e} .broken{color:#b00020}
            table{border-collapse:collapse;margin:.5em 0} td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}
            .partial{color:#888;font-style:italic} .basis{font-size:.9em;color:#444} section{margin-bottom:2.5em}
            </style></head><body>
            <h1>China's innovation hubs: progress toward 2035</h1>
            <p class="banner" id="point">{{E(PointText(asOf, knownAt))}}</p>
            {{Verification(integrity)}}
            <p class="basis">Legend: <b>weighted</b> = total R&amp;D spending over total GDP of the counted members, in one currency;
            <b>mean</b> = average of intensities (no common expenditure); <i>partial</i> = not every counted member reported (never used
            for a status); <b>projected</b> = the trend line through the years used, at the deadline. Targets marked illustrative are not official.</p>
            """);
        foreach (var c in report.Clusters) Cluster(html, c);
        foreach (var r in report.Regions) Region(html, r);
        Leaderboard(html, board);
        html.Append("<p class=\"basis\">").Append(E($"Written by {HubsApp.Version}.")).Append("</p></body></html>\n");
        return html.ToString();
    }

    /// <summary>
    /// The verification paragraph; after a failed one, a warning and a table of the breaks (stream, version, kind, the figure
    /// the event at that version carries now), so that a tampered figure charted below can be recognised.
    /// </summary>
    private static string Verification(ReportIntegrity integrity)
    {
        if (integrity.Verification is not { } v)
            return $"<p id=\"verification\" class=\"broken\" data-checked=\"false\">Verification: not run ({E(integrity.NotRunBecause ?? "")}): the figures below are not checked against the hash chains.</p>";
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<p id=\"verification\" class=\"{(v.IsIntact ? "intact" : "broken")}\" data-checked=\"true\" data-intact=\"{(v.IsIntact ? "true" : "false")}\" data-root=\"{v.Digest.Root}\">");
        html.Append(CultureInfo.InvariantCulture, $"Verification: {(v.IsIntact ? "intact" : "<b>FAILED</b>, " + integrity.Breaks.Count + " break(s)")} — {v.EventsChecked} events in {v.Digest.Streams.Count} hash chains; digest root <code>{v.Digest.Root}</code>.");
        if (v.IsIntact) return html.Append("</p>").ToString();
        html.Append(" The figures below may come from events that were altered or removed: check each one the table names before relying on it.</p>\n");
        html.Append("<table id=\"breaks\"><tr><th>Stream</th><th>Version</th><th>Break</th><th>Event at that version (as stored now)</th><th>Detail</th></tr>\n");
        foreach (var b in integrity.Breaks)
            html.Append(CultureInfo.InvariantCulture,
                $"<tr class=\"broken\" data-stream=\"{E(b.StreamKey)}\" data-version=\"{b.Version}\" data-kind=\"{E(b.Kind)}\"><td>{E(b.StreamKey)}</td><td>{b.Version}</td><td>{E(b.Kind)}</td><td>{E(b.Affects ?? "(no event there now)")}</td><td>{E(b.Detail)}</td></tr>\n");
        return html.Append("</table>").ToString();
    }

    private static string PointText(DateTimeOffset? asOf, DateOnly? knownAt) =>
        (asOf, knownAt) switch
        {
            (null, null) => "Live report: every event recorded so far, every figure whatever its publication date.",
            _ => $"As of {(asOf is { } a ? a.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", Invariant) + " (recorded-at: what the store held then)" : "now")}; " +
                 $"{(knownAt is { } k ? $"figures known at {k.ToString("yyyy-MM-dd", Invariant)} (published on or before)" : "every figure whatever its publication date")}.",
        };

    private static void Cluster(StringBuilder html, ClusterScorecard c)
    {
        html.Append($"<section class=\"cluster\" id=\"cluster-{E(c.Id)}\" data-cluster=\"{E(c.Id)}\"><h2>{E(c.Name)}</h2>");
        html.Append($"<p>Members: {E(string.Join(", ", c.Members))}; composite {E(c.CompositeCoverage)}.</p>");
        var rd = c.Targets.FirstOrDefault(t => t.Metric == EventSourcing.TargetMetric.RdIntensity);
        html.Append(Chart($"{c.Name}: composite R&D intensity, % of GDP",
            c.RdIntensity.Select(y => (y.Year, (double)y.Value, Mark(y.Method))).ToList(), rd));
        html.Append("<table class=\"series\"><tr><th>Year</th><th>% of GDP</th><th>Method</th><th>Coverage</th></tr>");
        foreach (var y in c.RdIntensity)
            html.Append($"<tr class=\"{Kebab(y.Method)}\" data-year=\"{y.Year}\" data-value=\"{Num(y.Value)}\" data-method=\"{Kebab(y.Method)}\">" +
                        $"<td>{y.Year}</td><td>{Num(y.Value)}</td><td>{Kebab(y.Method)}</td><td>{y.Coverage}/{y.MemberCount}" +
                        $"{(y.Missing.Count > 0 ? E($" (missing {string.Join(", ", y.Missing)})") : "")}</td></tr>");
        html.Append("</table>");
        Targets(html, c.Targets);
        html.Append("</section>");
    }

    private static void Region(StringBuilder html, RegionTracker r)
    {
        html.Append($"<section class=\"region\" id=\"region-{E(r.Id)}\" data-region=\"{E(r.Id)}\"><h3>{E(r.Name)}</h3>");
        if (r.RdIntensity.Count > 0)
            html.Append(Chart($"{r.Name}: R&D intensity, % of GDP", r.RdIntensity.Select(y => (y.Year, (double)y.Value, "reported")).ToList(),
                r.Targets.FirstOrDefault(), 520, 220));
        html.Append("<table class=\"series\"><tr><th>Year</th><th>% of GDP</th><th>Published</th></tr>");
        foreach (var y in r.RdIntensity)
            html.Append($"<tr data-year=\"{y.Year}\" data-value=\"{Num(y.Value)}\"><td>{y.Year}</td><td>{Num(y.Value)}</td><td>{y.PublishedOn:yyyy-MM-dd}</td></tr>");
        html.Append("</table>");
        Targets(html, r.Targets);
        html.Append("</section>");
    }

    private static void Targets(StringBuilder html, IReadOnlyList<TargetTracking> targets)
    {
        foreach (var t in targets)
        {
            var b = t.Basis;
            html.Append($"<div class=\"target\" data-metric=\"{Kebab(t.Metric)}\" data-status=\"{Kebab(t.Status)}\">" +
                        $"<p><b>Target {E(Kebab(t.Metric))}{(t.Ranking is null ? "" : E($" ({t.Ranking})"))}: {Num(t.Target)} by {t.Deadline}</b> — " +
                        $"status <b>{Kebab(t.Status)}</b>{(t.LatestYear is { } ly ? $", latest {Num(t.Latest)} ({ly})" : "")}" +
                        $"{(t.Projected is { } p ? $", projected {Num(p)} in {t.Deadline}" : "")}" +
                        $"{(t.RequiredAnnualChange is { } rc && t.Status != TargetStatus.Achieved ? $", needs {Num(rc)} a year" : "")}.</p>");
            html.Append("<p class=\"basis\">Basis: ").Append(E(
                $"{b.Series}{(b.Method is { } m ? $", {Kebab(m)}" : "")}; years used {(b.YearsUsed.Count == 0 ? "none" : string.Join(", ", b.YearsUsed))}" +
                $"{(b.LatestCompleteYear is { } lc ? $"; latest complete year {lc}" : "")}" +
                $"{string.Concat(b.ExcludedYears.Select(x => $"; {x.Year} left out ({x.Reason})"))}" +
                $"{(b.Reason is { } why ? $"; {why}" : "")}.")).Append("</p></div>");
        }
    }

    private static void Leaderboard(StringBuilder html, Leaderboard board)
    {
        html.Append($"<section id=\"leaderboard\" data-year=\"{board.Year}\"><h2>R&amp;D intensity leaderboard {board.Year}</h2>");
        if (board.Entries.Count > 0)
        {
            var plot = new Plot();
            var bars = board.Entries.Select((e, i) => new Bar { Position = i, Value = (double)e.Value, FillColor = Colors.SteelBlue }).ToArray();
            plot.Add.Bars(bars);
            plot.Axes.Bottom.SetTicks(board.Entries.Select((_, i) => (double)i).ToArray(), board.Entries.Select(e => e.Name).ToArray());
            plot.Axes.Margins(bottom: 0);
            plot.Title($"R&D intensity {board.Year}, % of GDP");
            html.Append(plot.GetSvgXml(700, 300));
        }
        html.Append("<table><tr><th>Rank</th><th>Region</th><th>% of GDP</th></tr>");
        foreach (var e in board.Entries.Concat(board.Comparators))
            html.Append($"<tr data-region=\"{E(e.RegionId)}\" data-value=\"{Num(e.Value)}\"><td>{(e.Rank is { } rank ? rank.ToString(Invariant) : "comparator")}</td><td>{E(e.Name)}</td><td>{Num(e.Value)}</td></tr>");
        html.Append("</table></section>");
    }

    /// <summary>A series (points by method), the trend line to the deadline and the target, as an inline SVG.</summary>
    private static string Chart(string title, IReadOnlyList<(int Year, double Value, string Mark)> points, TargetTracking? target,
        int width = 760, int height = 300)
    {
        var plot = new Plot();
        foreach (var group in points.GroupBy(p => p.Mark))
        {
            var xs = group.Select(p => (double)p.Year).ToArray();
            var ys = group.Select(p => p.Value).ToArray();
            var scatter = plot.Add.ScatterPoints(xs, ys);
            scatter.LegendText = group.Key;
            scatter.MarkerSize = 9;
            scatter.MarkerShape = group.Key switch { "partial" => MarkerShape.OpenCircle, "mean" => MarkerShape.FilledSquare, _ => MarkerShape.FilledCircle };
            scatter.Color = group.Key == "partial" ? Colors.Gray : group.Key == "mean" ? Colors.DarkOrange : Colors.SteelBlue;
        }
        if (target is { Metric: EventSourcing.TargetMetric.RdIntensity })
        {
            var goal = plot.Add.HorizontalLine((double)target.Target);
            goal.LegendText = $"target {Num(target.Target)} by {target.Deadline}";
            goal.Color = Colors.DarkGreen;
            goal.LinePattern = LinePattern.Dashed;
            if (target is { Projected: { } projected, TrendSlope: { } slope } && target.Basis.YearsUsed.Count > 0)
            {
                // The trend through the years used, extended to the deadline: value(y) = projected - slope·(deadline - y).
                var from = target.Basis.YearsUsed.Min();
                var trend = plot.Add.Line(from, (double)(projected - slope * (target.Deadline - from)), target.Deadline, (double)projected);
                trend.LegendText = $"trend → projected {Num(projected)} in {target.Deadline}";
                trend.Color = Colors.FireBrick;
            }
        }
        plot.Title(title);
        plot.ShowLegend(Alignment.UpperLeft);
        Years(plot);
        return plot.GetSvgXml(width, height);
    }

    private static string Mark(CompositeMethod method) => Kebab(method);

    /// <summary>Years on the x axis as years (2022), not as numbers with a thousands separator (2,022).</summary>
    private static void Years(Plot plot) =>
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = v => v.ToString("0", Invariant) };

    private static string Num(decimal? value) => value is { } v ? v.ToString("0.####", Invariant) : "";

    private static string Kebab<T>(T value) where T : struct, Enum => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
