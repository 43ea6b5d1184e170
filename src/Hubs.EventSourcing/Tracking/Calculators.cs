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
    /// reported; null when none did. Values unrounded.
    /// </summary>
    public static CompositePoint? For(int year, IReadOnlyList<string> counted, IReadOnlyList<MemberFigure> reported, RateOf rateOf)
    {
        if (reported.Count == 0 || counted.Count == 0) return null;
        var mean = reported.Sum(f => f.IntensityPct) / reported.Count;
        if (reported.Count < counted.Count)
        {
            var missing = counted.Where(m => reported.All(f => f.RegionId != m)).ToList();
            return new(new CompositeYear(year, mean, CompositeMethod.Partial, reported.Count, counted.Count, missing, null), false);
        }

        var gaps = new List<string>();
        var onlyRates = true;
        decimal expenditure = 0m, gdp = 0m;
        foreach (var f in reported)
        {
            var (cny, gap, isRate) = InCny(f, year, rateOf);
            if (cny is { } x)
            {
                // GDP_i = 100·exp_i / intensity_i, so the cluster's intensity is total R&D spending over total GDP.
                expenditure += x;
                gdp += 100m * x / f.IntensityPct;
            }
            else
            {
                gaps.Add($"{f.RegionId}: {gap}");
                onlyRates &= isRate;
            }
        }
        if (gaps.Count > 0)
            return new(new CompositeYear(year, mean, CompositeMethod.Mean, reported.Count, counted.Count, [], string.Join("; ", gaps)), onlyRates);
        return new(new CompositeYear(year, 100m * expenditure / gdp, CompositeMethod.Weighted, reported.Count, counted.Count, [], null), false);
    }

    /// <summary>A member's expenditure in yuan, or why it has none.</summary>
    private static (decimal? Cny, string Gap, bool IsRate) InCny(MemberFigure f, int year, RateOf rateOf)
    {
        if (f.Expenditure is not > 0m) return (null, "no expenditure", false);
        if (!MoneyUnit.TryParse(f.ExpenditureUnit, out var unit)) return (null, $"unit '{f.ExpenditureUnit}' not understood", false);
        var amount = unit.ToCurrencyUnits(f.Expenditure.Value);
        if (unit.Currency == MoneyUnit.BaseCurrency) return (amount, "", false);
        return rateOf(unit.Currency, year) is { } rate
            ? (amount * rate, "", false)
            : (null, $"no {unit.Currency}→{MoneyUnit.BaseCurrency} rate for {year.ToString(CultureInfo.InvariantCulture)}", true);
    }

    /// <summary>The series over every year any counted member reported, ascending; values unrounded.</summary>
    public static IReadOnlyList<CompositePoint> Series(
        IReadOnlyList<string> counted, Func<string, IReadOnlyDictionary<int, RegionYear>?> figuresOf, RateOf rateOf)
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
            if (For(year, counted, reported, rateOf) is { } c) series.Add(c);
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
