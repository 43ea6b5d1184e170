using System.Globalization;

namespace Hubs.EventSourcing.Tracking;

/// <summary>One member's figure for a year, as the composite needs it.</summary>
internal sealed record MemberFigure(string RegionId, decimal IntensityPct, decimal? Expenditure, string? ExpenditureUnit);

/// <summary>Yuan per unit of <paramref name="currency"/> in <paramref name="year"/>, or null when no rate is recorded.</summary>
internal delegate decimal? RateOf(string currency, int year);

/// <summary>A composite year with its unrounded value, and whether a missing exchange rate alone kept it from being weighted.</summary>
internal sealed record CompositePoint(CompositeYear View, bool RateMissing)
{
    public int Year => View.Year;
    public CompositeMethod Method => View.Method;
}

/// <summary>Composite cluster R&amp;D intensity; pure, documented in docs/tracking.md.</summary>
internal static class CompositeIntensity
{
    /// <summary>
    /// The composite for <paramref name="year"/> over the <paramref name="counted"/> members, given the figures of those that
    /// reported; null when none did. Values unrounded. <paramref name="parentOf"/> gives, for a member that is a city, the region it
    /// lies in (null otherwise): a city without a figure is named as such in the partial year's note, since its parent's figure
    /// covers more than the city and is never used in its place.
    /// </summary>
    public static CompositePoint? For(int year, IReadOnlyList<string> counted, IReadOnlyList<MemberFigure> reported, RateOf rateOf,
        Func<string, string?>? parentOf = null)
    {
        if (reported.Count == 0 || counted.Count == 0) return null;
        var mean = reported.Sum(f => f.IntensityPct) / reported.Count;
        if (reported.Count < counted.Count)
        {
            var missing = counted.Where(m => reported.All(f => f.RegionId != m)).ToList();
            var cities = missing.Select(m => (Id: m, Parent: parentOf?.Invoke(m))).Where(m => m.Parent is not null)
                .Select(m => $"{m.Id}: no city figure for {year.ToString(CultureInfo.InvariantCulture)} (a city in {m.Parent}; {m.Parent}'s figure is not used for it)").ToList();
            return new(new CompositeYear(year, mean, CompositeMethod.Partial, reported.Count, counted.Count, missing,
                cities.Count == 0 ? null : string.Join("; ", cities)), false);
        }

        var gaps = new List<string>();
        var onlyRates = true;
        var weights = new List<(decimal Cny, decimal Gdp)>(reported.Count);
        foreach (var f in reported)
        {
            var (weight, gap, isRate) = Weigh(f, year, rateOf);
            if (weight is { } w) weights.Add(w);
            else
            {
                gaps.Add($"{f.RegionId}: {gap}");
                onlyRates &= isRate;
            }
        }
        if (gaps.Count == 0 && Weighted(weights) is { } weighted)
            return new(new CompositeYear(year, weighted, CompositeMethod.Weighted, reported.Count, counted.Count, [], null), false);
        if (gaps.Count == 0)
        {
            gaps.Add("the members' expenditures are too large to add up");
            onlyRates = false;
        }
        return new(new CompositeYear(year, mean, CompositeMethod.Mean, reported.Count, counted.Count, [], string.Join("; ", gaps)), onlyRates);
    }

    /// <summary>
    /// 100 · total R&amp;D spending / total GDP, or null when a sum leaves <see cref="decimal"/>'s range. Stored figures are
    /// immutable and may predate the expenditure bound (<see cref="Rules.MaxExpenditureInCurrencyUnits"/>): a report must never
    /// fail on them, so an overflow falls back to the plain mean, with the reason as the year's note.
    /// </summary>
    private static decimal? Weighted(List<(decimal Cny, decimal Gdp)> weights)
    {
        try
        {
            decimal expenditure = 0m, gdp = 0m;
            foreach (var (cny, g) in weights)
            {
                expenditure += cny;
                gdp += g;
            }
            return 100m * expenditure / gdp;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>
    /// A member's expenditure in yuan and its GDP (GDP_i = 100·exp_i / intensity_i, so the cluster's intensity is total R&amp;D
    /// spending over total GDP), or why it has none. A stored figure too large for <see cref="decimal"/> once scaled is a gap
    /// like a missing rate: the year falls back to the mean and says which member and why.
    /// </summary>
    private static ((decimal Cny, decimal Gdp)? Weight, string Gap, bool IsRate) Weigh(MemberFigure f, int year, RateOf rateOf)
    {
        if (f.Expenditure is not > 0m) return (null, "no expenditure", false);
        if (!MoneyUnit.TryParse(f.ExpenditureUnit, out var unit)) return (null, $"unit '{f.ExpenditureUnit}' not understood", false);
        decimal? rate = unit.Currency == MoneyUnit.BaseCurrency ? 1m : rateOf(unit.Currency, year);
        if (rate is null)
            return (null, $"no {unit.Currency}→{MoneyUnit.BaseCurrency} rate for {year.ToString(CultureInfo.InvariantCulture)}", true);
        try
        {
            var amount = unit.ToCurrencyUnits(f.Expenditure.Value);
            var cny = unit.Currency == MoneyUnit.BaseCurrency ? amount : amount * rate.Value;
            return ((cny, 100m * cny / f.IntensityPct), "", false);
        }
        catch (OverflowException)
        {
            return (null, $"expenditure {f.Expenditure.Value.ToString(CultureInfo.InvariantCulture)} {f.ExpenditureUnit} too large to weigh", false);
        }
    }

    /// <summary>The series over every year any counted member reported, ascending; values unrounded.</summary>
    public static IReadOnlyList<CompositePoint> Series(
        IReadOnlyList<string> counted, Func<string, IReadOnlyDictionary<int, RegionYear>?> figuresOf, RateOf rateOf,
        Func<string, string?>? parentOf = null)
    {
        var byMember = counted.Select(m => (Id: m, Figures: figuresOf(m))).ToList();
        var years = byMember.SelectMany(m => m.Figures?.Keys ?? []).Distinct().Order();
        var series = new List<CompositePoint>();
        foreach (var year in years)
        {
            var reported = new List<MemberFigure>();
            foreach (var (id, figures) in byMember)
                if (figures is not null && figures.TryGetValue(year, out var f))
                    reported.Add(new MemberFigure(id, f.Value, f.Expenditure, f.ExpenditureUnit));
            if (For(year, counted, reported, rateOf, parentOf) is { } c) series.Add(c);
        }
        return series;
    }
}

/// <summary>An ordinary-least-squares line through (year, value) points.</summary>
internal sealed record TrendLine(decimal Slope, decimal MeanYear, decimal MeanValue, int Points)
{
    /// <summary>The line's value at <paramref name="year"/>.</summary>
    public decimal At(int year) => MeanValue + Slope * (year - MeanYear);
}

/// <summary>Trend fitting; pure.</summary>
internal static class Trend
{
    public const int Window = 5;
    public const int MinPoints = 3;

    /// <summary>Fits the most recent up to <see cref="Window"/> points; null with fewer than <see cref="MinPoints"/>.</summary>
    public static TrendLine? Fit(IEnumerable<(int Year, decimal Value)> series)
    {
        var points = series.OrderByDescending(p => p.Year).Take(Window).ToList();
        if (points.Count < MinPoints) return null;
        var meanYear = (decimal)points.Sum(p => p.Year) / points.Count;
        var meanValue = points.Sum(p => p.Value) / points.Count;
        var sxy = points.Sum(p => (p.Year - meanYear) * (p.Value - meanValue));
        var sxx = points.Sum(p => (p.Year - meanYear) * (p.Year - meanYear));
        return new TrendLine(sxy / sxx, meanYear, meanValue, points.Count);
    }
}
