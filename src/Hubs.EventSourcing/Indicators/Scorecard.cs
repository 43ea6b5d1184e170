using System.Globalization;

namespace Hubs.EventSourcing.Indicators;

/// <summary>An indicator with data on a scorecard.</summary>
/// <param name="Indicator">The catalogue key.</param>
/// <param name="Label">The catalogue's label.</param>
/// <param name="SourceLabel">The source's own label of the definition used (empty when none or computed).</param>
/// <param name="LatestCompleteYear">The most recent year that may be judged (complete, not qualified), or null.</param>
/// <param name="Latest">Its value (a percentage, yuan, whole units or a rank), unrounded.</param>
/// <param name="Method">How that year was computed.</param>
/// <param name="Coverage">For a cluster, how many counted members reported that year; 1 for a region.</param>
/// <param name="MemberCount">For a cluster, how many members are counted; 1 for a region.</param>
/// <param name="Series">Every year, ascending.</param>
/// <param name="OtherDefinitions">Source labels of figures recorded for the indicator but not used (never merged).</param>
public sealed record IndicatorLine(
    string Indicator, string Label, string SourceLabel, int? LatestCompleteYear, decimal? Latest, string? Method, int Coverage, int MemberCount,
    IReadOnlyList<SeriesPoint> Series, IReadOnlyList<string> OtherDefinitions);

/// <summary>A scope's scorecard: every indicator with data and every target with its status and basis.</summary>
/// <param name="Scope">Region or cluster.</param>
/// <param name="ScopeId">The scope's id.</param>
/// <param name="Indicators">Indicators with data, in catalogue order (for a cluster, its composite).</param>
/// <param name="Published">For a cluster, the aggregates a source published for it, kept apart from the composite; empty for a region.</param>
/// <param name="Targets">Every target in force, by id.</param>
/// <param name="Withdrawn">Withdrawn target ids with the reason.</param>
public sealed record Scorecard(
    ScopeKind Scope, string ScopeId, IReadOnlyList<IndicatorLine> Indicators, IReadOnlyList<IndicatorLine> Published,
    IReadOnlyList<TargetAssessment> Targets, IReadOnlyDictionary<string, string> Withdrawn);

/// <summary>Scorecards from scope states; pure, so a live projection, a rebuild and an as-known-at replay agree (docs/tracking.md#scorecards).</summary>
public static class Scorecards
{
    /// <summary>A region's (or a cluster's own published) scorecard, from its figures as known at <paramref name="knownAt"/> (null: now).</summary>
    public static Scorecard ForScope(ScopeIndicators state, int currentYear, DateOnly? knownAt = null, IndicatorCatalogue? catalogue = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        catalogue ??= IndicatorCatalogue.BuiltIn;
        var figures = state.Figures(knownAt);
        var lines = catalogue.All.Select(d => OwnLine(d, figures, catalogue)).OfType<IndicatorLine>().ToList();
        return new Scorecard(state.Scope, state.ScopeId, state.Scope == ScopeKind.Region ? lines : [],
            state.Scope == ScopeKind.Region ? [] : lines, Assess(state, lines, catalogue, currentYear), state.Withdrawn);
    }

    /// <summary>
    /// A cluster's scorecard: each indicator aggregated over the <paramref name="counted"/> members' figures (ratio of sums,
    /// sums; ranks from the cluster's own figures), its own published aggregates apart, and its targets judged on the composite.
    /// </summary>
    public static Scorecard ForCluster(
        ScopeIndicators own, IReadOnlyList<string> counted, IReadOnlyDictionary<string, ScopeIndicators> members,
        Func<string, int, decimal?> cnyPerUnit, int currentYear, DateOnly? knownAt = null, IndicatorCatalogue? catalogue = null)
    {
        ArgumentNullException.ThrowIfNull(own);
        ArgumentNullException.ThrowIfNull(members);
        catalogue ??= IndicatorCatalogue.BuiltIn;
        var ownFigures = own.Figures(knownAt);
        var memberFigures = counted.ToDictionary(m => m, m => members.GetValueOrDefault(m)?.Figures(knownAt) ?? []);
        var composite = new List<IndicatorLine>();
        foreach (var d in catalogue.All)
        {
            if (d.Kind == IndicatorKind.Rank)
            {
                if (OwnLine(d, ownFigures, catalogue) is { } rank) composite.Add(rank);
                continue;
            }
            var years = memberFigures.Values.SelectMany(f => f).Where(f => Feeds(d, f)).Select(f => f.Year).Distinct().Order();
            var points = new List<(SeriesPoint Point, IndicatorAggregate Aggregate)>();
            foreach (var y in years)
            {
                var reported = counted.Select(m => MemberOf(d, m, y, memberFigures[m])).OfType<MemberValue>().ToList();
                var a = IndicatorAggregation.Aggregate(d, y, counted, reported, cnyPerUnit);
                if (SeriesPoint.From(a) is { } p) points.Add((p, a));
            }
            if (points.Count == 0) continue;
            var last = points.LastOrDefault(p => p.Point.Judged);
            composite.Add(new IndicatorLine(d.Key, d.Label, "", last.Point?.Year, last.Point?.Value, last.Point?.Method,
                last.Aggregate?.Coverage ?? 0, counted.Count, points.Select(p => p.Point).ToList(), []));
        }
        var published = catalogue.All.Select(d => OwnLine(d, ownFigures, catalogue)).OfType<IndicatorLine>()
            .Where(l => catalogue.Get(l.Indicator).Kind != IndicatorKind.Rank).ToList();
        return new Scorecard(ScopeKind.Cluster, own.ScopeId, composite, published, Assess(own, composite, catalogue, currentYear), own.Withdrawn);
    }

    /// <summary>
    /// What changed between two scorecards of one scope, in words: every target set, changed or withdrawn first
    /// (<c>target changed ≥ 7 by 2035 → ≥ 6 by 2025</c>), then every status change, so a moved goal never reads as progress.
    /// </summary>
    public static IReadOnlyList<string> Diff(Scorecard before, Scorecard after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var was = before.Targets.ToDictionary(t => t.Target.Id);
        var now = after.Targets.ToDictionary(t => t.Target.Id);
        var lines = new List<string>();
        foreach (var (id, a) in now.OrderBy(p => p.Key, StringComparer.Ordinal))
            if (!was.TryGetValue(id, out var b)) lines.Add($"target {id} set: {a.Target.Indicator} {a.Target.Describe()} ({Mark(a.Target)})");
            else if (b.Target != a.Target) lines.Add($"target {id} changed {b.Target.Describe()} → {a.Target.Describe()}");
        foreach (var (id, b) in was.OrderBy(p => p.Key, StringComparer.Ordinal).Where(p => !now.ContainsKey(p.Key)))
            lines.Add($"target {id} withdrawn: {b.Target.Describe()}{(after.Withdrawn.TryGetValue(id, out var why) ? $" ({why})" : "")}");
        foreach (var (id, a) in now.OrderBy(p => p.Key, StringComparer.Ordinal))
            if (was.TryGetValue(id, out var b) && b.Status != a.Status) lines.Add($"target {id}: {Kebab(b.Status)} → {Kebab(a.Status)}");
        return lines;
    }

    /// <summary>A status as reports write it: <c>awaiting-data</c>, <c>met-so-far</c>, …</summary>
    public static string Kebab(IndicatorTargetStatus status) =>
        string.Concat(status.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private static string Mark(IndicatorTarget t) => t.Mark == TargetMark.Official ? $"official: {t.Document}" : "illustrative";

    private static List<TargetAssessment> Assess(ScopeIndicators state, List<IndicatorLine> lines, IndicatorCatalogue catalogue, int currentYear) =>
        state.Targets.Values.Where(t => catalogue.Find(t.Indicator) is not null)
            .Select(t => TargetEvaluation.Assess(catalogue.Get(t.Indicator), t,
                lines.FirstOrDefault(l => l.Indicator == t.Indicator)?.Series ?? [], currentYear))
            .ToList();

    /// <summary>A scope's own series of an indicator: one source label (the one with most years), money in currency units.</summary>
    private static IndicatorLine? OwnLine(IndicatorDefinition d, IReadOnlyList<FigureVersion> figures, IndicatorCatalogue catalogue)
    {
        var own = figures.Where(f => f.Indicator == d.Key).ToList();
        if (own.Count == 0 && d.Kind == IndicatorKind.Ratio) return ComputedRatio(d, figures);
        if (own.Count == 0) return null;
        var byLabel = own.GroupBy(f => f.Label).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Max(f => f.PublishedOn)).ToList();
        var points = byLabel[0].OrderBy(f => f.Year).Select(f => Point(d, f)).OfType<SeriesPoint>().ToList();
        return Line(d, byLabel[0].Key, points, byLabel.Skip(1).Select(g => g.Key).ToList());
    }

    /// <summary>A ratio the scope did not publish, computed from its own numerator and denominator figures of the same year.</summary>
    private static IndicatorLine? ComputedRatio(IndicatorDefinition d, IReadOnlyList<FigureVersion> figures)
    {
        var points = new List<SeriesPoint>();
        foreach (var num in figures.Where(f => f.Indicator == d.Numerator && f.Qualifier is null))
            if (figures.FirstOrDefault(f => f.Indicator == d.Denominator && f.Year == num.Year && f.Qualifier is null) is { } den
                && Amount(num) is { } n && Amount(den) is { } v && v > 0m && Currency(num) == Currency(den))
                points.Add(new SeriesPoint(num.Year, 100m * n / v, "computed", $"100 · {d.Numerator} ÷ {d.Denominator}"));
        return points.Count == 0 ? null : Line(d, "", points.DistinctBy(p => p.Year).OrderBy(p => p.Year).ToList(), []);
    }

    private static IndicatorLine Line(IndicatorDefinition d, string label, List<SeriesPoint> points, IReadOnlyList<string> others)
    {
        var last = points.LastOrDefault(p => p.Judged);
        return new IndicatorLine(d.Key, d.Label, label, last?.Year, last?.Value, last?.Method, 1, 1, points, others);
    }

    private static SeriesPoint? Point(IndicatorDefinition d, FigureVersion f)
    {
        var value = d.Unit == UnitFamily.Money ? Amount(f) : f.Value;
        if (value is null) return null;
        return f.Qualifier is null
            ? new SeriesPoint(f.Year, value.Value, "published")
            : new SeriesPoint(f.Year, value.Value, SeriesPoint.Qualified, $"{f.Qualifier} {f.Value.ToString(CultureInfo.InvariantCulture)} as published");
    }

    private static bool Feeds(IndicatorDefinition d, FigureVersion f) =>
        f.Qualifier is null && (f.Indicator == d.Key || (d.Kind == IndicatorKind.Ratio && f.Indicator == d.Numerator));

    /// <summary>A member's figures for an aggregate: an amount as is; a ratio as numerator and denominator (or published ratio).</summary>
    private static MemberValue? MemberOf(IndicatorDefinition d, string member, int year, IReadOnlyList<FigureVersion> figures)
    {
        FigureVersion? Of(string? key) => figures.FirstOrDefault(f => f.Indicator == key && f.Year == year && f.Qualifier is null);
        if (d.Kind == IndicatorKind.Amount)
            return Of(d.Key) is { } a ? new MemberValue(member, a.Value, Unit: d.Unit == UnitFamily.Money ? a.Unit : null) : null;
        var num = Of(d.Numerator);
        var den = Of(d.Denominator);
        var ratio = Of(d.Key);
        if (num is null) return ratio is null ? null : new MemberValue(member, ratio.Value);
        if (den is not null && num.Unit != den.Unit)
        {
            // One unit for both: scale the denominator into the numerator's unit.
            if (!MoneyUnit.TryParse(num.Unit, out var nu) || !MoneyUnit.TryParse(den.Unit, out var du) || nu.Currency != du.Currency) return null;
            return new MemberValue(member, ratio?.Value, num.Value, den.Value * du.Scale / nu.Scale, num.Unit);
        }
        return new MemberValue(member, ratio?.Value, num.Value, den?.Value, num.Unit);
    }

    private static decimal? Amount(FigureVersion f) =>
        f.Unit is null ? f.Value : MoneyUnit.TryParse(f.Unit, out var u) ? u.ToCurrencyUnits(f.Value) : null;

    private static string? Currency(FigureVersion f) => MoneyUnit.TryParse(f.Unit, out var u) ? u.Currency : null;
}
