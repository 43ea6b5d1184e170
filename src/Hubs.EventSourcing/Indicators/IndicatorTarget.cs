using System.Globalization;

namespace Hubs.EventSourcing.Indicators;

/// <summary>What a target asks of an indicator (docs/tracking.md#target-kinds).</summary>
public enum TargetKind
{
    /// <summary>The level in the deadline year (<see cref="IndicatorTarget.Year"/>) compared with the value.</summary>
    LevelBy,
    /// <summary>The level in every year from <see cref="IndicatorTarget.FromYear"/> to <see cref="IndicatorTarget.Year"/>.</summary>
    LevelEveryYear,
    /// <summary>Compound growth per year (a percentage) from the year before <see cref="IndicatorTarget.FromYear"/> to <see cref="IndicatorTarget.Year"/>.</summary>
    CompoundGrowth,
    /// <summary>Growth over the year before (a percentage) in every year from <see cref="IndicatorTarget.FromYear"/> to <see cref="IndicatorTarget.Year"/>.</summary>
    GrowthEveryYear,
    /// <summary>The deadline year's level against the base year's changed by the value as a percentage (0: "higher than 2020").</summary>
    RelativeToBase,
    /// <summary>A rank at or better than the value (1 is best) in the deadline year.</summary>
    RankAtOrBetter,
}

/// <summary>How a figure is compared with a target's value.</summary>
public enum TargetComparison
{
    /// <summary>≥ the value.</summary>
    AtLeast,
    /// <summary>Strictly &gt; the value: equality fails.</summary>
    Above,
    /// <summary>≤ the value (ranks; targets a figure must stay under).</summary>
    AtMost,
    /// <summary>Within <see cref="IndicatorTarget.AboutTolerance"/> of the value (plans' "左右", "about").</summary>
    About,
}

/// <summary>Whether a target comes from an official plan or was set to illustrate.</summary>
public enum TargetMark
{
    /// <summary>Set by a plan; <see cref="IndicatorTarget.Document"/> names it.</summary>
    Official,
    /// <summary>Not from any plan: every line showing it says so.</summary>
    Illustrative,
}

/// <summary>A target as a plan writes it, on one indicator of one scope.</summary>
/// <param name="Id">Identifies the target within its scope (a slug, e.g. <c>fyp14-rd-growth</c>).</param>
/// <param name="Indicator">The indicator's catalogue key.</param>
/// <param name="Kind">What it asks.</param>
/// <param name="Comparison">How figures are compared with <paramref name="Value"/> (a rank target is always <see cref="TargetComparison.AtMost"/>).</param>
/// <param name="Value">A level in the indicator's unit, a growth rate in percent per year, a change on the base year in percent, or a rank.</param>
/// <param name="Year">The deadline year, or the last year of the period.</param>
/// <param name="FromYear">The first year of the period (every-year and growth kinds); null otherwise.</param>
/// <param name="BaseYear">The base year (<see cref="TargetKind.RelativeToBase"/>); null otherwise.</param>
/// <param name="Document">The source document (a plan's title), or why there is none.</param>
/// <param name="Mark">Official or illustrative.</param>
public sealed record IndicatorTarget(
    string Id, string Indicator, TargetKind Kind, TargetComparison Comparison, decimal Value, int Year,
    int? FromYear, int? BaseYear, string Document, TargetMark Mark)
{
    /// <summary>How far from the value an <see cref="TargetComparison.About"/> figure may be: 5 % of the value either side.</summary>
    public const decimal AboutTolerance = 0.05m;

    /// <summary>True when <paramref name="figure"/> meets <paramref name="value"/> by <paramref name="comparison"/>.</summary>
    public static bool Meets(TargetComparison comparison, decimal figure, decimal value) => comparison switch
    {
        TargetComparison.AtLeast => figure >= value,
        TargetComparison.Above => figure > value,
        TargetComparison.AtMost => figure <= value,
        _ => Math.Abs(figure - value) <= AboutTolerance * Math.Abs(value),
    };

    /// <summary>The first year whose figures the target judges (the base year for growth and relative targets).</summary>
    public int FirstYearNeeded => Kind switch
    {
        TargetKind.CompoundGrowth or TargetKind.GrowthEveryYear => (FromYear ?? Year) - 1,
        TargetKind.RelativeToBase => BaseYear ?? Year,
        TargetKind.LevelEveryYear => FromYear ?? Year,
        _ => Year,
    };

    /// <summary>
    /// The target in words, as history and diff show it: <c>&gt; 7 % a year 2021–2025</c>, <c>≥ 0.8 by 2016</c>,
    /// <c>rank ≤ 5 by 2035</c>, <c>&gt; 0 % on 2020 by 2025</c>.
    /// </summary>
    public string Describe()
    {
        var v = Value.ToString(CultureInfo.InvariantCulture);
        var op = Symbol(Comparison);
        return Kind switch
        {
            TargetKind.LevelBy => $"{op} {v} by {Year}",
            TargetKind.LevelEveryYear => $"{op} {v} every year {FromYear}–{Year}",
            TargetKind.CompoundGrowth => $"{op} {v} % a year {FromYear}–{Year}",
            TargetKind.GrowthEveryYear => $"{op} {v} % growth every year {FromYear}–{Year}",
            TargetKind.RelativeToBase => $"{op} {v} % on {BaseYear} by {Year}",
            _ => $"rank ≤ {v} by {Year}",
        };
    }

    /// <summary>The rules this target breaks against <paramref name="catalogue"/>, each naming field, value and rule; empty when none.</summary>
    public IReadOnlyList<string> Problems(IndicatorCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var problems = new List<string>();
        string Cut(string? text) => RuleViolation.Cut(text ?? "");
        if (!Keys.IsValidId(Id)) problems.Add($"id '{Cut(Id)}': must be a lower-case slug of at most {Keys.MaxIdLength} characters");
        var indicator = catalogue.Find(Indicator);
        if (indicator is null) problems.Add($"indicator '{Cut(Indicator)}': not in the catalogue");
        if (string.IsNullOrWhiteSpace(Document)) problems.Add("document: must name the source document (or why there is none)");
        else if (Document.Length > 2000) problems.Add($"document: {Document.Length} characters; at most 2000");
        if (Year is < 1900 or > 2200) problems.Add($"year {Year}: outside 1900–2200");
        var period = Kind is TargetKind.LevelEveryYear or TargetKind.CompoundGrowth or TargetKind.GrowthEveryYear;
        if (period && (FromYear is not { } from || from > Year)) problems.Add($"from-year {FromYear}: a {Kind} target needs a first year no later than {Year}");
        if (!period && FromYear is not null) problems.Add($"from-year {FromYear}: only period targets have one");
        if (Kind == TargetKind.RelativeToBase && (BaseYear is not { } b || b >= Year)) problems.Add($"base-year {BaseYear}: must be before {Year}");
        if (Kind != TargetKind.RelativeToBase && BaseYear is not null) problems.Add($"base-year {BaseYear}: only a relative target has one");
        var isRank = indicator?.Kind == IndicatorKind.Rank;
        if (Kind == TargetKind.RankAtOrBetter)
        {
            if (indicator is not null && !isRank) problems.Add($"indicator '{Indicator}': a rank target needs a rank indicator");
            if (Comparison != TargetComparison.AtMost) problems.Add($"comparison {Comparison}: a rank target is AtMost");
            if (Value < 1m || Value != decimal.Truncate(Value)) problems.Add($"value {Value}: a rank is a whole number from 1");
        }
        else if (isRank) problems.Add($"kind {Kind}: a rank indicator takes only RankAtOrBetter targets");
        return problems;
    }

    private static string Symbol(TargetComparison c) => c switch
    {
        TargetComparison.AtLeast => "≥",
        TargetComparison.Above => ">",
        TargetComparison.AtMost => "≤",
        _ => "about",
    };
}
