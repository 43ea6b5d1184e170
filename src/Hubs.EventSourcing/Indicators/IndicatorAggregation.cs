using System.Globalization;

namespace Hubs.EventSourcing.Indicators;

/// <summary>
/// One member's figure for a year, as aggregation needs it. An amount has <see cref="Value"/>; a ratio has its
/// <see cref="Numerator"/> and either its <see cref="Denominator"/> or its published <see cref="Value"/> (the
/// denominator is then 100 · numerator ÷ value, as R&amp;D intensity derives GDP); a rank has <see cref="Value"/>.
/// </summary>
/// <param name="Member">The member's id.</param>
/// <param name="Value">The amount, the published ratio (a percentage) or the rank.</param>
/// <param name="Numerator">For a ratio, the numerator amount in <paramref name="Unit"/>.</param>
/// <param name="Denominator">For a ratio, the denominator amount in <paramref name="Unit"/>.</param>
/// <param name="Unit">For money, a <see cref="MoneyUnit"/> (e.g. <c>CNY 10k</c>); null for persons and counts (whole units).</param>
public sealed record MemberValue(string Member, decimal? Value, decimal? Numerator = null, decimal? Denominator = null, string? Unit = null);

/// <summary>How a cluster's value for a year was computed.</summary>
public enum AggregateMethod
{
    /// <summary>Σ of every counted member's amount (money in yuan).</summary>
    Sum,
    /// <summary>100 · Σ numerators ÷ Σ denominators over every counted member (money in yuan).</summary>
    RatioOfSums,
    /// <summary>Plain mean of the members' ratios: every member reported, but not every numerator and denominator could be added up; the note says why.</summary>
    Mean,
    /// <summary>Not every counted member reported: shown, never used for a status.</summary>
    Partial,
    /// <summary>No value: a rank, or amounts that cannot be added up; the note says why.</summary>
    None,
}

/// <summary>A cluster's value of one indicator for one year.</summary>
/// <param name="Indicator">The indicator's key.</param>
/// <param name="Year">The year.</param>
/// <param name="Value">The value (a percentage for a ratio; yuan for money; whole units otherwise), unrounded; null with <see cref="AggregateMethod.None"/>.</param>
/// <param name="Method">How it was computed.</param>
/// <param name="Coverage">How many counted members reported.</param>
/// <param name="MemberCount">How many members are counted.</param>
/// <param name="Missing">The counted members that did not report, in counted order.</param>
/// <param name="Note">Why the method is not the indicator's own (mean, none), or null.</param>
public sealed record IndicatorAggregate(
    string Indicator, int Year, decimal? Value, AggregateMethod Method, int Coverage, int MemberCount, IReadOnlyList<string> Missing, string? Note);

/// <summary>Aggregation of an indicator over a cluster's counted members; pure. Rules in docs/tracking.md#aggregation.</summary>
public static class IndicatorAggregation
{
    /// <summary>
    /// The cluster's value of <paramref name="indicator"/> for <paramref name="year"/> from the figures of the
    /// <paramref name="counted"/> members that <paramref name="reported"/>. <paramref name="cnyPerUnit"/> gives yuan per unit
    /// of a currency in a year (null when no rate is recorded).
    /// </summary>
    public static IndicatorAggregate Aggregate(
        IndicatorDefinition indicator, int year, IReadOnlyList<string> counted, IReadOnlyList<MemberValue> reported,
        Func<string, int, decimal?> cnyPerUnit)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        ArgumentNullException.ThrowIfNull(counted);
        ArgumentNullException.ThrowIfNull(reported);
        ArgumentNullException.ThrowIfNull(cnyPerUnit);
        var present = reported.Where(r => counted.Contains(r.Member)).ToList();
        var missing = counted.Where(m => present.All(r => r.Member != m)).ToList();
        IndicatorAggregate Result(decimal? value, AggregateMethod method, string? note) =>
            new(indicator.Key, year, value, method, present.Count, counted.Count, missing, note);

        if (indicator.Kind == IndicatorKind.Rank)
            return Result(null, AggregateMethod.None, "a rank is never aggregated: a cluster has its own placement");
        if (present.Count == 0) return Result(null, AggregateMethod.None, "no counted member reported");
        var partial = missing.Count > 0;
        var (value, method, note) = indicator.Kind == IndicatorKind.Amount
            ? Sum(indicator, year, present, cnyPerUnit)
            : RatioOfSums(year, present, cnyPerUnit);
        if (partial && value is not null)
            return Result(value, AggregateMethod.Partial, $"{present.Count} of {counted.Count} members reported; missing {string.Join(", ", missing)}");
        return Result(value, method, note);
    }

    private static (decimal?, AggregateMethod, string?) Sum(
        IndicatorDefinition indicator, int year, List<MemberValue> present, Func<string, int, decimal?> rate)
    {
        var gaps = new List<string>();
        decimal total = 0m;
        try
        {
            foreach (var m in present)
            {
                if (m.Value is not { } v) gaps.Add($"{m.Member}: no value");
                else if (indicator.Unit != UnitFamily.Money) total += v;
                else if (m.Unit is null) gaps.Add($"{m.Member}: money without a unit");
                else if (InYuan(v, m.Unit, year, rate, out var gap) is { } yuan) total += yuan;
                else gaps.Add($"{m.Member}: {gap}");
            }
        }
        catch (OverflowException)
        {
            return (null, AggregateMethod.None, "the members' amounts are too large to add up");
        }
        return gaps.Count == 0 ? (total, AggregateMethod.Sum, null) : (null, AggregateMethod.None, string.Join("; ", gaps));
    }

    private static (decimal?, AggregateMethod, string?) RatioOfSums(int year, List<MemberValue> present, Func<string, int, decimal?> rate)
    {
        var gaps = new List<string>();
        decimal numerators = 0m, denominators = 0m;
        try
        {
            foreach (var m in present)
            {
                var denominator = m.Denominator ?? (m.Value is > 0m && m.Numerator is { } n ? 100m * n / m.Value.Value : null);
                if (m.Numerator is not { } num || denominator is not { } den)
                {
                    gaps.Add($"{m.Member}: no numerator and denominator");
                    continue;
                }
                var yuanNum = InYuan(num, m.Unit, year, rate, out var gap);
                var yuanDen = InYuan(den, m.Unit, year, rate, out _);
                if (yuanNum is null || yuanDen is null) gaps.Add($"{m.Member}: {gap}");
                else
                {
                    numerators += yuanNum.Value;
                    denominators += yuanDen.Value;
                }
            }
            if (gaps.Count == 0 && denominators > 0m) return (100m * numerators / denominators, AggregateMethod.RatioOfSums, null);
            if (gaps.Count == 0) gaps.Add("the denominators add up to zero");
        }
        catch (OverflowException)
        {
            gaps.Add("the members' amounts are too large to add up");
        }
        // As R&D intensity does: when the amounts cannot be added, the mean of published ratios, with the reason.
        return present.All(m => m.Value is not null)
            ? (present.Sum(m => m.Value!.Value) / present.Count, AggregateMethod.Mean, string.Join("; ", gaps))
            : (null, AggregateMethod.None, string.Join("; ", gaps));
    }

    /// <summary><paramref name="amount"/> in yuan; an amount without a unit (persons, counts) is taken as whole units.</summary>
    private static decimal? InYuan(decimal amount, string? unitText, int year, Func<string, int, decimal?> rate, out string gap)
    {
        gap = "";
        if (unitText is null) return amount;
        if (!MoneyUnit.TryParse(unitText, out var unit))
        {
            gap = $"unit '{unitText}' not understood: expected {MoneyUnit.Expected}";
            return null;
        }
        decimal? perUnit = unit.Currency == MoneyUnit.BaseCurrency ? 1m : rate(unit.Currency, year);
        if (perUnit is not { } r)
        {
            gap = $"no {unit.Currency}→{MoneyUnit.BaseCurrency} rate for {year.ToString(CultureInfo.InvariantCulture)}";
            return null;
        }
        return unit.ToCurrencyUnits(amount) * r;
    }
}
