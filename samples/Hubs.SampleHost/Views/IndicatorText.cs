using System.Globalization;
using Hubs.EventSourcing.Indicators;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Hubs.SampleHost.Views;

/// <summary>
/// The indicator scorecards as text, one way for <c>report</c>, <c>indicators report</c> and the demo: every indicator with
/// data (latest complete year, method, coverage), every target with status and basis, official or illustrative on every line.
/// </summary>
internal static class IndicatorText
{
    /// <summary>Per cluster its scorecard, then the nation with its own targets (apart from the regional leaderboard), then each region's.</summary>
    public static IRenderable Render(IndicatorReport report)
    {
        var lines = new List<IRenderable>
        {
            new Markup(Markup.Escape($"Indicators and targets (deadlines judged in {report.CurrentYear}{(report.KnownAt is { } k ? $"; figures published by {k:yyyy-MM-dd}" : "")})"), new Style(decoration: Decoration.Bold)),
        };
        foreach (var card in report.Clusters) Add(lines, $"Cluster {card.ScopeId}", card);
        foreach (var card in report.Nation) Add(lines, $"Nation {card.ScopeId} (comparator, its own targets)", card);
        foreach (var card in report.Regions) Add(lines, $"Region {card.ScopeId}", card);
        return new Rows(lines);
    }

    /// <summary>The lines of one scorecard, as plain text.</summary>
    public static IEnumerable<string> Lines(Scorecard card)
    {
        foreach (var l in card.Indicators)
            yield return $"  {l.Indicator}: {Show(l.Indicator, l.Latest)} ({l.LatestCompleteYear?.ToString(CultureInfo.InvariantCulture) ?? "no complete year"}, {l.Method ?? "-"}, {l.Coverage}/{l.MemberCount}){(l.SourceLabel.Length > 0 ? $" [{l.SourceLabel}]" : "")}";
        foreach (var l in card.Published)
            yield return $"  published aggregate {l.Indicator}: {Show(l.Indicator, l.Latest)} ({l.LatestCompleteYear}) — kept apart from the composite";
        foreach (var a in card.Targets)
        {
            yield return $"  {Headline(a)}";
            yield return $"    basis: {Basis(a)}";
        }
        foreach (var (id, why) in card.Withdrawn) yield return $"  target {id} withdrawn: {why}";
    }

    /// <summary>A target with its status and mark: <c>target fyp14-rd-growth rd_expenditure_total … → met-so-far [official: …]</c>.</summary>
    public static string Headline(TargetAssessment a) =>
        $"target {a.Target.Id} {a.Target.Indicator} {a.Target.Describe()} → {Scorecards.Kebab(a.Status)} [{Mark(a.Target)}]";

    /// <summary>
    /// What a status was judged on: method, years used, projection or rates, and any note; values in the indicator's own
    /// format. The change still needed is left out once the target is achieved or missed (it would read as a fall).
    /// </summary>
    public static string Basis(TargetAssessment a)
    {
        var (b, key) = (a.Basis, a.Target.Indicator);
        var needs = b.RequiredRate is { } q && a.Status is not (IndicatorTargetStatus.Achieved or IndicatorTargetStatus.Missed)
            ? $"; needs {(b.RateSoFar is null ? Formats.IndicatorPerYear(key, q) : Formats.RatePerYear(q))}" : "";
        return $"{b.Method}; used {(b.Used.Count == 0 ? "no year" : string.Join(", ", b.Used.Select(u => u.Year)))}{(b.Projected is { } p ? $"; projected {Show(key, p)}" : "")}{(b.RateSoFar is { } r ? $"; {Formats.RatePerYear(r)} so far" : "")}{needs}{(b.Note is { } n ? $"; {n}" : "")}";
    }

    /// <summary>Official with its document, or illustrative, on every line that shows a target.</summary>
    public static string Mark(IndicatorTarget t) => t.Mark == TargetMark.Official ? $"official: {t.Document}" : "ILLUSTRATIVE — no official target";

    /// <summary>An indicator's value by its rule (<see cref="Formats.Indicator"/>), or <c>-</c>.</summary>
    public static string Show(string indicator, decimal? value) => value is { } v ? Formats.Indicator(indicator, v) : "-";

    private static void Add(List<IRenderable> lines, string title, Scorecard card)
    {
        lines.Add(new Markup(Markup.Escape(title), new Style(decoration: Decoration.Bold)));
        lines.AddRange(Lines(card).Select(l => Indented.By(l.Length - l.TrimStart().Length, new Text(l.TrimStart()))));
    }

    /// <summary>The report's JSON part: per cluster its scorecard, the nation apart, then the regions (keys become kebab-case in the output).</summary>
    public static object Json(IndicatorReport report) => new
    {
        currentYear = report.CurrentYear,
        clusters = report.Clusters,
        nation = report.Nation,
        regions = report.Regions,
    };
}
