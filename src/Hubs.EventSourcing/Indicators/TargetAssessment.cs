namespace Hubs.EventSourcing.Indicators;

/// <summary>Where a target stands (docs/tracking.md#statuses).</summary>
public enum IndicatorTargetStatus
{
    /// <summary>Deadline (or period) over and its own figures meet the target.</summary>
    Achieved,
    /// <summary>The deadline year's figure, a year of an every-year target, or the period's growth does not meet it; final.</summary>
    Missed,
    /// <summary>The deadline is past but its year's figure is not published (or is partial) yet.</summary>
    AwaitingData,
    /// <summary>Deadline ahead and the latest figure (or the growth so far) already meets it.</summary>
    MetSoFar,
    /// <summary>Deadline ahead and the projection meets it.</summary>
    OnTrack,
    /// <summary>Deadline ahead and the projection misses by at most 10 % of the target value.</summary>
    AtRisk,
    /// <summary>Deadline ahead and the projection misses by more than 10 % of the target value.</summary>
    OffTrack,
    /// <summary>Nothing to judge on: no figure, no base year, or too few complete years for a projection; the basis says why.</summary>
    InsufficientData,
}

/// <summary>A figure the status was computed from.</summary>
/// <param name="Year">Its year.</param>
/// <param name="Value">Its value, unrounded.</param>
/// <param name="Method">How it was computed (e.g. <c>region</c>, <c>ratio-of-sums</c>, <c>sum</c>, <c>mean</c>).</param>
public sealed record FigureUsed(int Year, decimal Value, string Method);

/// <summary>A year of the series the status did not use, and why.</summary>
/// <param name="Year">The year.</param>
/// <param name="Reason">Why, in words.</param>
public sealed record FigureLeftOut(int Year, string Reason);

/// <summary>Why a target has its status.</summary>
/// <param name="Method">How the status was reached: <c>deadline-year</c>, <c>every-year</c>, <c>latest-year</c>, <c>trend</c>, <c>compound-rate</c>.</param>
/// <param name="SeriesMethod">The one method of the series' figures used (e.g. <c>ratio-of-sums</c>), or null when none were.</param>
/// <param name="Used">The figures used, ascending.</param>
/// <param name="LeftOut">The figures not used, with reasons, ascending.</param>
/// <param name="Threshold">The level a figure was compared with (for a relative target: the base year's figure changed by the value); for growth kinds the rate.</param>
/// <param name="Projected">The trend line at the deadline year, bounded to what the indicator can be; null when not projected.</param>
/// <param name="RateSoFar">For growth kinds, the compound rate per year (percent) from the base year to the latest year used.</param>
/// <param name="RequiredRate">For compound growth with years left, the rate per year (percent) the remaining years need; for levels not yet met, the change per year needed (null once the latest complete year meets the target).</param>
/// <param name="Note">Anything else a reader needs: a clamp, the failing year, what is awaited.</param>
public sealed record TargetBasis(
    string Method, string? SeriesMethod, IReadOnlyList<FigureUsed> Used, IReadOnlyList<FigureLeftOut> LeftOut, decimal? Threshold,
    decimal? Projected, decimal? RateSoFar, decimal? RequiredRate, string? Note);

/// <summary>A target with its status and the basis for it.</summary>
/// <param name="Target">The target.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="Basis">Why.</param>
public sealed record TargetAssessment(IndicatorTarget Target, IndicatorTargetStatus Status, TargetBasis Basis);

/// <summary>A year of an indicator's series for one scope: a region's own figure or a cluster's aggregate.</summary>
/// <param name="Year">The year.</param>
/// <param name="Value">The value, unrounded.</param>
/// <param name="Method">How it was computed; <c>partial</c> and <c>qualified</c> years are shown but never judged.</param>
/// <param name="Note">Why the year is partial or not the indicator's own method, or null.</param>
public sealed record SeriesPoint(int Year, decimal Value, string Method, string? Note = null)
{
    /// <summary>The method of a year not every counted member reported.</summary>
    public const string Partial = "partial";

    /// <summary>The method of a figure published with a qualifier (over, about): shown, never judged.</summary>
    public const string Qualified = "qualified";

    /// <summary>True when the point may feed a status: neither partial nor qualified.</summary>
    public bool Judged => Method is not (Partial or Qualified);

    /// <summary>A cluster's aggregate as a series point (null when it has no value).</summary>
    public static SeriesPoint? From(IndicatorAggregate aggregate)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        if (aggregate.Value is not { } v) return null;
        var method = aggregate.Method switch
        {
            AggregateMethod.RatioOfSums => "ratio-of-sums",
            AggregateMethod.Sum => "sum",
            AggregateMethod.Mean => "mean",
            _ => Partial,
        };
        return new SeriesPoint(aggregate.Year, v, method, aggregate.Note);
    }
}
