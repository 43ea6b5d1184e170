namespace Hubs.EventSourcing.Tracking;

/// <summary>
/// Why a tracked target has its status: which series and method it was computed from, the years used, and every year
/// left out with its reason. Rules in docs/tracking.md.
/// </summary>
/// <param name="Series">
/// <c>composite</c> (a cluster's R&amp;D intensity over its counted members), <c>region</c> (a region's own series) or
/// <c>rank</c> (a cluster's placements in <see cref="TargetTracking.Ranking"/>).
/// </param>
/// <param name="Method">For a composite, the one method of every year used (<see cref="CompositeMethod.Weighted"/> or
/// <see cref="CompositeMethod.Mean"/>); null for the other series or when no year could be used.</param>
/// <param name="Members">For a composite, the members counted; empty otherwise.</param>
/// <param name="YearsUsed">The years the latest value, the trend and the status were computed from, ascending.</param>
/// <param name="LatestCompleteYear">For a composite, the most recent year every counted member reported; for other series, the most recent year.</param>
/// <param name="ExcludedYears">Every year of the series not used, with the reason, ascending.</param>
/// <param name="Projected">The trend line at the deadline year (as <see cref="TargetTracking.Projected"/>).</param>
/// <param name="RequiredAnnualChange">As <see cref="TargetTracking.RequiredAnnualChange"/>.</param>
/// <param name="Reason">Why the status is <see cref="TargetStatus.InsufficientData"/>; null otherwise.</param>
public sealed record TrackingBasis(
    string Series, CompositeMethod? Method, IReadOnlyList<string> Members, IReadOnlyList<int> YearsUsed, int? LatestCompleteYear,
    IReadOnlyList<ExcludedYear> ExcludedYears, decimal? Projected, decimal? RequiredAnnualChange, string? Reason)
{
    /// <summary>
    /// For a rank target: where each year used was read (<see cref="RankPlacement.Basis"/>: the edition and the ranked name
    /// holding the hub's best place, or a recorded rank), oldest first; null for the other series.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<RankPlacement>? Placements { get; init; }
}

/// <summary>A year of a series left out of a target's tracking.</summary>
/// <param name="Year">The year.</param>
/// <param name="Kind">Why, as a code.</param>
/// <param name="Reason">Why, in words (e.g. the members missing).</param>
public sealed record ExcludedYear(int Year, YearExclusion Kind, string Reason);

/// <summary>Why a year was left out of a target's tracking.</summary>
public enum YearExclusion
{
    /// <summary>Not every counted member reported it: shown in the series, never used for a status.</summary>
    Partial,
    /// <summary>Complete, but computed by the other method than the trend line's (weighted and mean years never share a line).</summary>
    OtherMethod,
    /// <summary>Complete, but not weighted because an exchange rate to CNY is missing for the year; the line is weighted.</summary>
    MissingRate,
    /// <summary>Older than the 5 most recent usable years (or, for a composite, than the 5 most recent complete years).</summary>
    OutsideWindow,
}

/// <summary>A member left out of a cluster's composite by a recorded decision.</summary>
/// <param name="RegionId">The member.</param>
/// <param name="Reason">Why, as given in the decision.</param>
/// <param name="ExcludedBy">Who decided (the command's actor).</param>
/// <param name="ExcludedAt">When it was recorded.</param>
public sealed record CompositeExclusion(string RegionId, string Reason, string ExcludedBy, DateTimeOffset ExcludedAt);

/// <summary>A currency's average rate to the yuan for a year, as used to weight composites.</summary>
/// <param name="Currency">ISO 4217 code, e.g. <c>HKD</c>.</param>
/// <param name="Year">The year the average covers.</param>
/// <param name="CnyPerUnit">Yuan per one unit of the currency.</param>
/// <param name="PublishedOn">Publication date, if known (as-known-at counts an unknown one as the day it was recorded).</param>
/// <param name="Source">Where it comes from.</param>
/// <param name="RecordedAt">When it was recorded.</param>
public sealed record ExchangeRateView(string Currency, int Year, decimal CnyPerUnit, DateOnly? PublishedOn, string Source, DateTimeOffset RecordedAt);
