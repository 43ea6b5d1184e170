namespace Hubs.EventSourcing.Tracking;

/// <summary>What a series contributes to a <see cref="TrackingBasis"/> besides the figures the evaluator computes.</summary>
internal sealed record BasisDraft(
    string Series, CompositeMethod? Method, IReadOnlyList<string> Members, int? LatestCompleteYear, IReadOnlyList<ExcludedYear> Excluded,
    string? InsufficientReason);

/// <summary>Target tracking: latest, projection, required change, status and basis; pure.</summary>
internal static class TargetEvaluator
{
    /// <summary>Share of the target a projection may miss by and still be <see cref="TargetStatus.AtRisk"/>.</summary>
    public const decimal AtRiskTolerance = 0.10m;

    /// <summary>A plain series (a region's figures, a cluster's placements): the most recent 5 years are used.</summary>
    public static TargetTracking Series(Target target, string series, IReadOnlyList<(int Year, decimal Value)> points)
    {
        var ordered = points.OrderBy(p => p.Year).ToList();
        var used = ordered.TakeLast(Trend.Window).ToList();
        var excluded = ordered.SkipLast(Trend.Window)
            .Select(p => new ExcludedYear(p.Year, YearExclusion.OutsideWindow, $"older than the {Trend.Window} most recent years")).ToList();
        var reason = used.Count == 0 ? "no year reported" : $"{used.Count} year(s) reported; a trend needs {Trend.MinPoints}";
        return Evaluate(target, used, new BasisDraft(series, null, [], ordered.Count > 0 ? ordered[^1].Year : null, excluded, reason));
    }

    /// <summary>
    /// A cluster's composite: complete years only, the 5 most recent of them, one method (rules in docs/tracking.md).
    /// </summary>
    /// <param name="target">The target.</param>
    /// <param name="series">The composite, year by year.</param>
    /// <param name="counted">The members the composite counts.</param>
    /// <param name="publishedLater">On an as-known-at report: the date and the counted members with figures stored but published after it.</param>
    public static TargetTracking Composite(Target target, IReadOnlyList<CompositePoint> series, IReadOnlyList<string> counted,
        (DateOnly Date, IReadOnlyList<string> Members)? publishedLater = null)
    {
        var excluded = new List<ExcludedYear>();
        foreach (var p in series.Where(p => p.Method == CompositeMethod.Partial))
            excluded.Add(new(p.Year, YearExclusion.Partial,
                $"partial: {p.View.Coverage} of {p.View.MemberCount} members reported; missing {string.Join(", ", p.View.Missing)}"));
        var complete = series.Where(p => p.Method != CompositeMethod.Partial).OrderBy(p => p.Year).ToList();
        if (complete.Count == 0)
            return Evaluate(target, [], new BasisDraft("composite", null, counted, null, Sorted(excluded), NoCompleteYear(series, counted, publishedLater)));

        var window = complete.TakeLast(Trend.Window).ToList();
        foreach (var p in complete.SkipLast(Trend.Window))
            excluded.Add(new(p.Year, YearExclusion.OutsideWindow, $"older than the {Trend.Window} most recent complete years"));
        var weighted = window.Count(p => p.Method == CompositeMethod.Weighted);
        // Weighted when it has enough points; otherwise mean, unless the window has no mean year (still one method then).
        var method = weighted >= Trend.MinPoints || weighted == window.Count ? CompositeMethod.Weighted : CompositeMethod.Mean;
        foreach (var p in window.Where(p => p.Method != method))
            excluded.Add(method == CompositeMethod.Weighted
                ? new(p.Year, p.RateMissing ? YearExclusion.MissingRate : YearExclusion.OtherMethod,
                    $"not weighted ({p.View.Note}); the trend line uses weighted years")
                : new(p.Year, YearExclusion.OtherMethod,
                    $"weighted; the trend line uses mean years (only {weighted} of the last {window.Count} complete years are weighted)"));
        var used = window.Where(p => p.Method == method).Select(p => (p.Year, p.View.Value)).ToList();
        var reason = $"{used.Count} {Kebab(method)} complete year(s) among the last {window.Count} complete years; a trend needs {Trend.MinPoints}";
        return Evaluate(target, used, new BasisDraft("composite", method, counted, complete[^1].Year, Sorted(excluded), reason));
    }

    private static string NoCompleteYear(IReadOnlyList<CompositePoint> series, IReadOnlyList<string> counted,
        (DateOnly Date, IReadOnlyList<string> Members)? publishedLater)
    {
        // A member whose figures are stored but were published after the as-known-at date is not missing a report: the
        // advice to report them would be wrong (they only count from their publication date).
        var later = publishedLater is var (date, members) && members.Count > 0
            ? $"{string.Join(", ", members)} {(members.Count == 1 ? "has" : "have")} figures stored but none published by {date:yyyy-MM-dd} (as known at a date, a figure counts from its publication date)"
            : null;
        var laterMembers = publishedLater?.Members ?? [];
        if (series.Count == 0)
            return later is null ? "no counted member has reported a year" : $"no complete year: {later}";
        var never = counted.Where(m => series.All(p => p.View.Missing.Contains(m)) && !laterMembers.Contains(m)).ToList();
        var parts = new List<string>();
        if (never.Count > 0)
            parts.Add($"{string.Join(", ", never)} reported no year; report its figures or exclude it from the composite on the record");
        if (later is not null && counted.Any(m => laterMembers.Contains(m) && series.All(p => p.View.Missing.Contains(m)))) parts.Add(later);
        return parts.Count > 0 ? "no complete year: " + string.Join("; ", parts) : "no complete year: every year lacks at least one counted member";
    }

    private static List<ExcludedYear> Sorted(List<ExcludedYear> excluded) => excluded.OrderBy(x => x.Year).ToList();

    private static string Kebab(CompositeMethod m) => KebabNames.Of(m);

    /// <summary>Evaluates <paramref name="used"/>: exactly the points that may feed the latest value, the trend and the status.</summary>
    private static TargetTracking Evaluate(Target target, IReadOnlyList<(int Year, decimal Value)> used, BasisDraft draft)
    {
        var higher = target.HigherIsBetter;
        bool Meets(decimal v) => higher ? v >= target.Value : v <= target.Value;

        var ordered = used.OrderBy(p => p.Year).ToList();
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

        var basis = new TrackingBasis(draft.Series, hasLatest ? draft.Method : null, draft.Members, ordered.Select(p => p.Year).ToList(),
            draft.LatestCompleteYear, draft.Excluded, Numbers.Round(projected), Numbers.Round(required),
            status == TargetStatus.InsufficientData ? draft.InsufficientReason : null);
        return new TargetTracking(target.Metric, target.Ranking, target.Value, target.DeadlineYear,
            hasLatest ? latest.Year : null, hasLatest ? Numbers.Round(latest.Value) : null,
            Numbers.Round(projected), Numbers.Round(required), Numbers.Round(line?.Slope), line?.Points ?? 0, status, basis);
    }
}

/// <summary>Presentation rounding, in one place so every figure is rounded alike.</summary>
internal static class Numbers
{
    public const int Decimals = 4;

    public static decimal Round(decimal value) => Math.Round(value, Decimals, MidpointRounding.AwayFromZero);

    public static decimal? Round(decimal? value) => value is { } v ? Round(v) : null;
}
