using System.Globalization;
using System.Text.RegularExpressions;

namespace Hubs.EventSourcing.Indicators;

/// <summary>How an indicator is aggregated over a cluster's counted members (rules in docs/tracking.md#indicators).</summary>
public enum IndicatorKind
{
    /// <summary>100 · numerator ÷ denominator of two amount indicators; a cluster's value is 100 · Σ numerators ÷ Σ denominators.</summary>
    Ratio,
    /// <summary>Money, persons or a count; a cluster's value is the sum of its members' (money converted to yuan first).</summary>
    Amount,
    /// <summary>A placement in a ranking (1 is best); never aggregated.</summary>
    Rank,
}

/// <summary>What an indicator's values are measured in.</summary>
public enum UnitFamily
{
    /// <summary>A percentage (ratios): bounded to 0–100.</summary>
    Percent,
    /// <summary>Money, in a unit of the <see cref="MoneyUnit"/> grammar (e.g. <c>CNY 10k</c> = 万元).</summary>
    Money,
    /// <summary>Persons (e.g. full-time-equivalent person-years, 人年), in whole persons.</summary>
    Persons,
    /// <summary>A count of things (patents, enterprises, contracts), in whole units.</summary>
    Count,
    /// <summary>A rank: 1 is best, never below 1.</summary>
    Rank,
}

/// <summary>
/// One indicator of the catalogue: what it is, how it aggregates and how it is shown. Users add their own through
/// <see cref="IndicatorCatalogue.With"/>.
/// </summary>
/// <param name="Key">Stable key: lower-case letters, digits and underscores, starting with a letter (e.g. <c>basic_research_share_of_rd</c>), at most 64 characters.</param>
/// <param name="Label">What a report shows, e.g. <c>Basic-research share of R&amp;D</c>.</param>
/// <param name="Kind">How it aggregates.</param>
/// <param name="Unit">What its values are measured in: <see cref="UnitFamily.Percent"/> for a ratio, <see cref="UnitFamily.Rank"/> for a rank, another family for an amount.</param>
/// <param name="Decimals">Decimals a report shows (0–6).</param>
/// <param name="Numerator">For a ratio, the key of the amount indicator divided; null otherwise.</param>
/// <param name="Denominator">For a ratio, the key of the amount indicator divided by; null otherwise.</param>
public sealed partial record IndicatorDefinition(
    string Key, string Label, IndicatorKind Kind, UnitFamily Unit, int Decimals, string? Numerator = null, string? Denominator = null)
{
    /// <summary>Maximum length of <see cref="Key"/>.</summary>
    public const int MaxKeyLength = 64;

    /// <summary>True when higher values are better: false only for ranks.</summary>
    public bool HigherIsBetter => Kind != IndicatorKind.Rank;

    /// <summary>A ratio of two amounts (<paramref name="numerator"/> ÷ <paramref name="denominator"/>, as a percentage).</summary>
    public static IndicatorDefinition Ratio(string key, string label, string numerator, string denominator, int decimals = 2) =>
        new(key, label, IndicatorKind.Ratio, UnitFamily.Percent, decimals, numerator, denominator);

    /// <summary>An amount in <paramref name="unit"/> (money, persons or a count).</summary>
    public static IndicatorDefinition Amount(string key, string label, UnitFamily unit, int decimals = 0) =>
        new(key, label, IndicatorKind.Amount, unit, decimals);

    /// <summary>A placement in a ranking.</summary>
    public static IndicatorDefinition Rank(string key, string label) => new(key, label, IndicatorKind.Rank, UnitFamily.Rank, 0);

    /// <summary>True when <paramref name="key"/> is a valid indicator key.</summary>
    public static bool IsValidKey(string? key) => key is { Length: > 0 and <= MaxKeyLength } && KeyPattern().IsMatch(key);

    /// <summary>
    /// The rules broken by this definition on its own (key, label, decimals, kind against unit), each naming the field,
    /// the value and the rule; empty when none. The catalogue checks what refers to other indicators.
    /// </summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!IsValidKey(Key))
            problems.Add($"key '{Key}': must be 1–{MaxKeyLength} lower-case letters, digits or underscores, starting with a letter");
        if (string.IsNullOrWhiteSpace(Label)) problems.Add($"label of '{Key}': must not be empty");
        if (Decimals is < 0 or > 6)
            problems.Add($"decimals of '{Key}': {Decimals.ToString(CultureInfo.InvariantCulture)} is outside 0–6");
        var unitOk = Kind switch
        {
            IndicatorKind.Ratio => Unit == UnitFamily.Percent,
            IndicatorKind.Rank => Unit == UnitFamily.Rank,
            _ => Unit is UnitFamily.Money or UnitFamily.Persons or UnitFamily.Count,
        };
        if (!unitOk)
            problems.Add($"unit of '{Key}': {Unit} does not fit a {Kind} (a ratio is Percent, a rank Rank, an amount Money, Persons or Count)");
        var hasParts = Numerator is not null || Denominator is not null;
        if (Kind == IndicatorKind.Ratio && (Numerator is null || Denominator is null))
            problems.Add($"numerator/denominator of '{Key}': a ratio needs both");
        if (Kind != IndicatorKind.Ratio && hasParts)
            problems.Add($"numerator/denominator of '{Key}': only a ratio has them");
        return problems;
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();
}
