using System.Net;
using System.Text;
using Hubs.EventSourcing;
using Hubs.EventSourcing.Indicators;
using Hubs.EventSourcing.Tracking;

namespace Hubs.SampleHost.Views.Html;

/// <summary>
/// One indicator of one cluster or region as the page shows it: a chart, a table of its figures and its targets. The
/// page renders whatever panels <see cref="IndicatorPanels"/> lists, so an indicator added to the tracking model becomes
/// one more entry in <see cref="ForCluster"/> / <see cref="ForRegion"/> and no new page code.
/// </summary>
/// <param name="Key">Indicator id, kebab-case (<c>rd-intensity</c>); also the panel's <c>data-indicator</c>.</param>
/// <param name="Title">Heading, e.g. <c>R&amp;D intensity, % of GDP</c>.</param>
/// <param name="Unit">Appended to values in titles (<c>%</c>).</param>
/// <param name="Series">Charted series (empty: the panel says there are no figures).</param>
/// <param name="Lines">Target and trend lines.</param>
/// <param name="Format">The indicator's one decimal rule.</param>
/// <param name="Columns">Table header.</param>
/// <param name="Rows">Table rows: cells as text, plus the row's data- attributes.</param>
/// <param name="Targets">The targets set on this indicator.</param>
/// <param name="Assessed">The catalogue indicator's targets (official or illustrative), with status and basis.</param>
internal sealed record IndicatorPanel(
    string Key, string Title, string Unit, IReadOnlyList<ChartSeries> Series, IReadOnlyList<ChartLine> Lines, Func<decimal, string> Format,
    IReadOnlyList<string> Columns, IReadOnlyList<PanelRow> Rows, IReadOnlyList<TargetTracking> Targets, IReadOnlyList<TargetAssessment>? Assessed = null);

/// <summary>A table row of a panel; <paramref name="Data"/> become <c>data-</c> attributes (read by tests and scrapers).</summary>
internal sealed record PanelRow(IReadOnlyList<string> Cells, IReadOnlyDictionary<string, string> Data, string? Css = null);

internal static class IndicatorPanels
{
    /// <summary>Every indicator panel of a cluster, in order. Add an indicator here.</summary>
    public static IEnumerable<IndicatorPanel> ForCluster(ClusterScorecard c, Scorecard? indicators)
    {
        yield return CompositeIntensity(c);
        if (c.Ranks.Count > 0 || c.Targets.Any(t => t.Metric == TargetMetric.GlobalRank)) yield return Ranks(c);
        foreach (var p in Catalogue(indicators)) yield return p;
    }

    /// <summary>Every indicator panel of a region, in order. Add an indicator here.</summary>
    public static IEnumerable<IndicatorPanel> ForRegion(RegionTracker r, Scorecard? indicators)
    {
        yield return RegionIntensity(r);
        foreach (var p in Catalogue(indicators)) yield return p;
    }

    /// <summary>A panel per catalogue indicator with data (keyed by its catalogue key), with its targets' statuses and bases.</summary>
    private static IEnumerable<IndicatorPanel> Catalogue(Scorecard? card)
    {
        if (card is null) yield break;
        foreach (var l in card.Indicators)
        {
            var rows = l.Series.Select(y => new PanelRow(
                [y.Year.ToString(Inv), IndicatorText.Show(l.Indicator, y.Value), y.Method, y.Note ?? ""],
                new Dictionary<string, string> { ["year"] = y.Year.ToString(Inv), ["value"] = y.Value.ToString(Inv), ["method"] = y.Method })).ToList();
            var points = l.Series.Where(y => y.Judged).Select(y => new ChartPoint(y.Year, y.Value)).ToList();
            yield return new(l.Indicator, $"{l.Label} (latest complete {l.LatestCompleteYear?.ToString(Inv) ?? "none"}, {l.Method ?? "-"}, coverage {l.Coverage}/{l.MemberCount})",
                Formats.IndicatorUnit(l.Indicator), points.Count > 0 ? [new ChartSeries(l.Indicator, "weighted", points)] : [], [], v => Formats.IndicatorNumber(l.Indicator, v),
                ["Year", "Value", "Method", "Note"], rows, [], card.Targets.Where(t => t.Target.Indicator == l.Indicator).ToList());
        }
        // A target on an indicator without data still shows, with its awaiting-data status.
        var shown = card.Indicators.Select(l => l.Indicator).ToHashSet(StringComparer.Ordinal);
        foreach (var g in card.Targets.Where(t => !shown.Contains(t.Target.Indicator)).GroupBy(t => t.Target.Indicator))
            yield return new(g.Key, $"{g.Key} (no figures yet)", Formats.IndicatorUnit(g.Key), [], [], v => Formats.IndicatorNumber(g.Key, v), [], [], [], g.ToList());
    }

    private static IndicatorPanel CompositeIntensity(ClusterScorecard c)
    {
        var rd = c.Targets.Where(t => t.Metric == TargetMetric.RdIntensity).ToList();
        var series = new[] { CompositeMethod.Weighted, CompositeMethod.Mean, CompositeMethod.Partial }
            .Select(m => new ChartSeries(Kebab(m), Kebab(m),
                c.RdIntensity.Where(y => y.Method == m).Select(y => new ChartPoint(y.Year, y.Value)).ToList(),
                Hollow: m == CompositeMethod.Partial, Joined: m != CompositeMethod.Partial))
            .ToList();
        var rows = c.RdIntensity.Select(y => new PanelRow(
            [y.Year.ToString(Inv), Formats.Intensity(y.Value), Kebab(y.Method),
             $"{y.Coverage}/{y.MemberCount}{(y.Missing.Count > 0 ? $" (missing {string.Join(", ", y.Missing)})" : "")}{(y.Note is null ? "" : $"; {y.Note}")}"],
            new Dictionary<string, string> { ["year"] = y.Year.ToString(Inv), ["value"] = y.Value.ToString(Inv), ["method"] = Kebab(y.Method) },
            Kebab(y.Method))).ToList();
        return new("rd-intensity", "Composite R&D intensity, % of GDP", " %", series, Lines(rd), Formats.Intensity,
            ["Year", "% of GDP", "Method", "Members reported"], rows, rd);
    }

    // A ringed point: revised after its first report, or corrected (a recording error fixed in its publication).
    private static string? Mark(RegionYear y) =>
        (y.Revisions > 0, y.Correction is not null) switch
        {
            (true, true) => $"revised {y.Revisions}×, corrected",
            (true, false) => $"revised {y.Revisions}×",
            (false, true) => "corrected",
            _ => null,
        };

    private static IndicatorPanel RegionIntensity(RegionTracker r)
    {
        var rd = r.Targets.Where(t => t.Metric == TargetMetric.RdIntensity).ToList();
        var points = r.RdIntensity.Select(y => new ChartPoint(y.Year, y.Value, Mark(y))).ToList();
        var rows = r.RdIntensity.Select(y => new PanelRow(
            [y.Year.ToString(Inv), Formats.Intensity(y.Value) + (y.Revisions > 0 ? $" (rev {y.Revisions})" : "")
                + (y.Correction is { } why ? $" (corrected: {why})" : ""), Formats.Date(y.PublishedOn), y.Source],
            new Dictionary<string, string>
            {
                ["year"] = y.Year.ToString(Inv), ["value"] = y.Value.ToString(Inv), ["revisions"] = y.Revisions.ToString(Inv),
                ["corrected"] = y.Correction is null ? "false" : "true",
            },
            y.Revisions > 0 || y.Correction is not null ? "revised" : null)).ToList();
        return new("rd-intensity", "R&D intensity, % of GDP", " %", [new ChartSeries("reported", "weighted", points)], Lines(rd),
            Formats.Intensity, ["Year", "% of GDP", "Published", "Source"], rows, rd);
    }

    private static IndicatorPanel Ranks(ClusterScorecard c)
    {
        var targets = c.Targets.Where(t => t.Metric == TargetMetric.GlobalRank).ToList();
        var rows = c.Ranks.Select(p => new PanelRow(
            [p.Ranking, p.Edition.ToString(Inv), $"#{p.Place}", p.RankedName, p.PublishedOn == DateOnly.MinValue ? "-" : Formats.Date(p.PublishedOn), p.Basis],
            new Dictionary<string, string>
            {
                ["ranking"] = p.Ranking, ["edition"] = p.Edition.ToString(Inv), ["rank"] = p.Rank.ToString(Inv), ["origin"] = Kebab(p.Origin),
                ["edition-id"] = p.EditionId ?? "",
            })).ToList();
        // One placement per ranking is kept (the latest edition): a table says it better than a one-point chart.
        return new("global-rank", "Ranks (latest edition of each ranking)", "", [], [], v => v.ToString("0", Inv),
            ["Ranking", "Edition", "Rank", "Ranked as", "Published", "Basis"], rows, targets);
    }

    /// <summary>The target as a dashed line over the chart's years, and the trend through the years used to the deadline.</summary>
    private static List<ChartLine> Lines(IReadOnlyList<TargetTracking> targets)
    {
        var lines = new List<ChartLine>();
        foreach (var t in targets)
        {
            var from = t.Basis.YearsUsed.Count > 0 ? t.Basis.YearsUsed.Min() : t.Deadline - 1;
            lines.Add(new ChartLine($"target {Formats.Intensity(t.Target)} by {t.Deadline}", "target", from, t.Target, t.Deadline, t.Target, Dashed: true));
            if (t is { Projected: { } projected, TrendSlope: { } slope } && t.Basis.YearsUsed.Count > 0)
                lines.Add(new ChartLine($"trend: projected {Formats.Intensity(projected)} in {t.Deadline}", "trend",
                    from, projected - slope * (t.Deadline - from), t.Deadline, projected, Dashed: false));
        }
        return lines;
    }

    /// <summary>The panel: heading, chart (or a sentence), then its table (scrolls sideways on a narrow screen).</summary>
    public static void Render(StringBuilder html, string owner, IndicatorPanel p, Func<TargetTracking, string> target)
    {
        html.Append($"<div class=\"panel\" data-indicator=\"{E(p.Key)}\"><h4>{E(p.Title)}</h4>");
        if (p.Series.Count > 0 || p.Rows.Count == 0)
            html.Append(SvgChart.Yearly($"{owner}-{p.Key}", $"{owner}: {p.Title}", p.Unit, p.Series, p.Lines, p.Format));
        if (p.Rows.Count > 0)
        {
            html.Append("<div class=\"scroll\"><table class=\"series\"><thead><tr>");
            foreach (var c in p.Columns) html.Append($"<th scope=\"col\">{E(c)}</th>");
            html.Append("</tr></thead><tbody>");
            foreach (var row in p.Rows)
            {
                html.Append("<tr").Append(row.Css is null ? "" : $" class=\"{E(row.Css)}\"");
                foreach (var (k, v) in row.Data) html.Append($" data-{k}=\"{E(v)}\"");
                html.Append('>').Append(string.Concat(row.Cells.Select(c => $"<td>{E(c)}</td>"))).Append("</tr>");
            }
            html.Append("</tbody></table></div>");
        }
        foreach (var t in p.Targets) html.Append(target(t));
        foreach (var a in p.Assessed ?? [])
            html.Append($"<div class=\"target\" data-target=\"{E(a.Target.Id)}\" data-status=\"{E(Scorecards.Kebab(a.Status))}\" data-mark=\"{E(Kebab(a.Target.Mark))}\">")
                .Append($"<p><b>{E(IndicatorText.Headline(a))}</b></p><p class=\"basis\">Basis: {E(IndicatorText.Basis(a))}</p></div>");
        html.Append("</div>");
    }

    private static readonly System.Globalization.CultureInfo Inv = System.Globalization.CultureInfo.InvariantCulture;

    internal static string Kebab<T>(T value) where T : struct, Enum => KebabNames.Of(value);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
