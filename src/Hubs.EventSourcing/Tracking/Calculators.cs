namespace Hubs.EventSourcing.Tracking;

/// <summary>One member's figure for a year, as the composite needs it.</summary>
internal sealed record MemberFigure(string RegionId, decimal IntensityPct, decimal? Expenditure, string? ExpenditureUnit);

/// <summary>Composite cluster R&amp;D intensity; pure, documented in docs/tracking.md.</summary>
internal static class CompositeIntensity
{
    /// <summary>
    /// The composite for one year over <paramref name="memberCount"/> current members, given the figures of those that
    /// reported; null when none did.
    /// </summary>
    public static (decimal Value, CompositeMethod Method, int Coverage)? For(int memberCount, IReadOnlyList<MemberFigure> reported)
    {
        if (reported.Count == 0 || memberCount == 0) return null;
        var mean = reported.Sum(f => f.IntensityPct) / reported.Count;
        if (reported.Count < memberCount) return (mean, CompositeMethod.Partial, reported.Count);

        var unit = reported[0].ExpenditureUnit?.Trim();
        var weightable = unit is { Length: > 0 } && reported.All(f =>
            f.Expenditure is > 0m && string.Equals(f.ExpenditureUnit?.Trim(), unit, StringComparison.Ordinal));
        if (!weightable) return (mean, CompositeMethod.Mean, reported.Count);

        // GDP_i = 100·exp_i / intensity_i, so the cluster's intensity is total R&D spending over total GDP.
        var expenditure = reported.Sum(f => f.Expenditure!.Value);
        var gdp = reported.Sum(f => 100m * f.Expenditure!.Value / f.IntensityPct);
        return (100m * expenditure / gdp, CompositeMethod.Weighted, reported.Count);
    }

    /// <summary>The series over every year any current member reported, ascending; values unrounded.</summary>
    public static IReadOnlyList<CompositeYear> Series(IReadOnlyList<string> members, Func<string, IReadOnlyDictionary<int, RegionYear>?> figuresOf)
    {
        var byMember = members.Select(m => (Id: m, Figures: figuresOf(m))).ToList();
        var years = byMember.SelectMany(m => m.Figures?.Keys ?? []).Distinct().Order();
        var series = new List<CompositeYear>();
        foreach (var year in years)
        {
            var reported = new List<MemberFigure>();
            foreach (var (id, figures) in byMember)
                if (figures is not null && figures.TryGetValue(year, out var f))
                    reported.Add(new MemberFigure(id, f.Value, f.Expenditure, f.ExpenditureUnit));
            if (For(members.Count, reported) is { } c)
                series.Add(new CompositeYear(year, c.Value, c.Method, c.Coverage, members.Count));
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

/// <summary>Target tracking: latest, projection, required change and status; pure.</summary>
internal static class TargetEvaluator
{
    /// <summary>Share of the target a projection may miss by and still be <see cref="TargetStatus.AtRisk"/>.</summary>
    public const decimal AtRiskTolerance = 0.10m;

    public static TargetTracking Evaluate(Target target, IReadOnlyList<(int Year, decimal Value)> series)
    {
        var higher = target.HigherIsBetter;
        bool Meets(decimal v) => higher ? v >= target.Value : v <= target.Value;

        var ordered = series.OrderBy(p => p.Year).ToList();
        var hasLatest = ordered.Count > 0;
        var latest = hasLatest ? ordered[^1] : default;
        var line = Trend.Fit(ordered);
        var projected = line?.At(target.DeadlineYear);
        decimal? required = hasLatest && latest.Year < target.DeadlineYear
            ? (target.Value - latest.Value) / (target.DeadlineYear - latest.Year)
            : null;
        // Once the deadline year has a value the verdict is final, whatever the trend says.
        var atDeadline = ordered.FirstOrDefault(p => p.Year == target.DeadlineYear);

        TargetStatus status;
        if (atDeadline.Year == target.DeadlineYear)
            status = Meets(atDeadline.Value) ? TargetStatus.Achieved : TargetStatus.Missed;
        else if (!hasLatest)
            status = TargetStatus.InsufficientData;
        else if (Meets(latest.Value))
            status = TargetStatus.Achieved;
        else if (projected is not { } p)
            status = TargetStatus.InsufficientData;
        else if (Meets(p))
            status = TargetStatus.OnTrack;
        else
        {
            var miss = higher ? target.Value - p : p - target.Value;
            status = miss <= AtRiskTolerance * target.Value ? TargetStatus.AtRisk : TargetStatus.OffTrack;
        }

        return new TargetTracking(target.Metric, target.Ranking, target.Value, target.DeadlineYear,
            hasLatest ? latest.Year : null, hasLatest ? latest.Value : null,
            Numbers.Round(projected), Numbers.Round(required), Numbers.Round(line?.Slope), line?.Points ?? 0, status);
    }
}

/// <summary>Presentation rounding, in one place so every figure is rounded alike.</summary>
internal static class Numbers
{
    public const int Decimals = 4;

    public static decimal Round(decimal value) => Math.Round(value, Decimals, MidpointRounding.AwayFromZero);

    public static decimal? Round(decimal? value) => value is { } v ? Round(v) : null;
}
