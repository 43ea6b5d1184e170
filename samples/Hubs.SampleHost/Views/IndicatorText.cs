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
            yield return $"  {l.Indicator}: {Show(l.Latest)} ({l.LatestCompleteYear?.ToString(CultureInfo.InvariantCulture) ?? "no complete year"}, {l.Method ?? "-"}, {l.Coverage}/{l.MemberCount}){(l.SourceLabel.Length > 0 ? $" [{l.SourceLabel}]" : "")}";
        foreach (var l in card.Published)
            yield return $"  published aggregate {l.Indicator}: {Show(l.Latest)} ({l.LatestCompleteYear}) — kept apart from the composite";
        foreach (var a in card.Targets)
        {
            yield return $"  {Headline(a)}";
            yield return $"    basis: {Basis(a.Basis)}";
        }
        foreach (var (id, why) in card.Withdrawn) yield return $"  target {id} withdrawn: {why}";
    }

    /// <summary>A target with its status and mark: <c>target fyp14-rd-growth rd_expenditure_total … → met-so-far [official: …]</c>.</summary>
    public static string Headline(TargetAssessment a) =>
        $"target {a.Target.Id} {a.Target.Indicator} {a.Target.Describe()} → {Scorecards.Kebab(a.Status)} [{Mark(a.Target)}]";

    /// <summary>What a status was judged on: method, years used, projection or rates, and any note.</summary>
    public static string Basis(TargetBasis b) =>
        $"{b.Method}; used {(b.Used.Count == 0 ? "no year" : string.Join(", ", b.Used.Select(u => u.Year)))}{(b.Projected is { } p ? $"; projected {Show(p)}" : "")}{(b.RateSoFar is { } r ? $"; {Show(r)} % a year so far" : "")}{(b.RequiredRate is { } q ? $"; needs {Show(q)}" : "")}{(b.Note is { } n ? $"; {n}" : "")}";

    /// <summary>Official with its document, or illustrative, on every line that shows a target.</summary>
    public static string Mark(IndicatorTarget t) => t.Mark == TargetMark.Official ? $"official: {t.Document}" : "ILLUSTRATIVE — no official target";

    public static string Show(decimal? value) => value is { } v ? Math.Round(v, 4).ToString("#,0.####", CultureInfo.InvariantCulture) : "-";

    private static void Add(List<IRenderable> lines, string title, Scorecard card)
    {
        lines.Add(new Markup(Markup.Escape(title), new Style(decoration: Decoration.Bold)));
        lines.AddRange(Lines(card).Select(l => new Text(l)));
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
