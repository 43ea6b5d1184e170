namespace Hubs.EventSourcing.Indicators;

/// <summary>Whose figures and targets a scope stream holds.</summary>
public enum ScopeKind
{
    /// <summary>A region, including a national comparator (a region of kind <see cref="RegionKind.Country"/>).</summary>
    Region,
    /// <summary>A cluster: its own published aggregate and its targets, kept apart from the composite computed from its members.</summary>
    Cluster,
}

/// <summary>
/// A figure of an indicator for a scope and year was published and recorded for the first time. Stored as
/// <c>indicator_figure_recorded</c> in <c>indicators:{scope}-{id}</c>, e.g. <c>indicators:region-beijing</c>.
/// </summary>
/// <param name="Scope">Region or cluster.</param>
/// <param name="ScopeId">The region's or cluster's id.</param>
/// <param name="Indicator">The catalogue key.</param>
/// <param name="Label">The source's own label for the definition (e.g. <c>基础研究</c>); figures with different labels are different series. Empty when none.</param>
/// <param name="Year">The reference year.</param>
/// <param name="Value">The figure as printed, in <paramref name="Unit"/>.</param>
/// <param name="Unit">For money a <see cref="MoneyUnit"/> (e.g. <c>CNY 10k</c>); <c>%</c> for a ratio; null for persons, counts and ranks (whole units).</param>
/// <param name="Qualifier">Null for an exact figure; <c>over</c> (超过) or <c>about</c> (约) for a qualified one, which is shown but never judged.</param>
/// <param name="PublishedOn">When it was published: the basis of as-known-at reports.</param>
/// <param name="Publisher">Who published it.</param>
/// <param name="Document">Where (document, table, address).</param>
/// <param name="Quality">How trustworthy the copy is (e.g. <c>official</c>, <c>secondary</c>).</param>
public sealed record IndicatorFigureRecorded(
    ScopeKind Scope, string ScopeId, string Indicator, string Label, int Year, decimal Value, string? Unit, string? Qualifier,
    DateOnly PublishedOn, string Publisher, string Document, string Quality);

/// <summary>
/// A recorded figure was revised by a later publication. Stored as <c>indicator_figure_revised</c>.
/// </summary>
/// <param name="Scope">Region or cluster.</param>
/// <param name="ScopeId">The scope's id.</param>
/// <param name="Indicator">The catalogue key.</param>
/// <param name="Label">The source's label, as recorded.</param>
/// <param name="Year">The reference year.</param>
/// <param name="Value">The revised figure.</param>
/// <param name="Unit">Its unit.</param>
/// <param name="Qualifier">As for <see cref="IndicatorFigureRecorded"/>.</param>
/// <param name="PublishedOn">When the revision was published; after the figure it replaces.</param>
/// <param name="Publisher">Who published it.</param>
/// <param name="Document">Where.</param>
/// <param name="Quality">How trustworthy the copy is.</param>
/// <param name="Reason">Why it was revised.</param>
/// <param name="PreviousValue">The figure replaced, for readers of the history.</param>
public sealed record IndicatorFigureRevised(
    ScopeKind Scope, string ScopeId, string Indicator, string Label, int Year, decimal Value, string? Unit, string? Qualifier,
    DateOnly PublishedOn, string Publisher, string Document, string Quality, string Reason, decimal PreviousValue);

/// <summary>A target was set on a scope. Stored as <c>indicator_target_set</c>. Fields as <see cref="IndicatorTarget"/>.</summary>
/// <param name="Scope">Region or cluster.</param>
/// <param name="ScopeId">The scope's id.</param>
/// <param name="TargetId">The target's id within the scope.</param>
/// <param name="Indicator">The catalogue key.</param>
/// <param name="Kind">What it asks.</param>
/// <param name="Comparison">How figures are compared.</param>
/// <param name="Value">The value.</param>
/// <param name="Year">Deadline or last year.</param>
/// <param name="FromYear">First year of a period.</param>
/// <param name="BaseYear">Base year of a relative target.</param>
/// <param name="Document">Source document.</param>
/// <param name="Mark">Official or illustrative.</param>
public sealed record IndicatorTargetSet(
    ScopeKind Scope, string ScopeId, string TargetId, string Indicator, TargetKind Kind, TargetComparison Comparison, decimal Value, int Year,
    int? FromYear, int? BaseYear, string Document, TargetMark Mark)
{
    /// <summary>The target this event sets.</summary>
    public IndicatorTarget ToTarget() => new(TargetId, Indicator, Kind, Comparison, Value, Year, FromYear, BaseYear, Document, Mark);
}

/// <summary>A target was changed. Stored as <c>indicator_target_revised</c>.</summary>
/// <param name="Scope">Region or cluster.</param>
/// <param name="ScopeId">The scope's id.</param>
/// <param name="TargetId">The target's id.</param>
/// <param name="Indicator">The catalogue key.</param>
/// <param name="Kind">What it now asks.</param>
/// <param name="Comparison">How figures are compared.</param>
/// <param name="Value">The value.</param>
/// <param name="Year">Deadline or last year.</param>
/// <param name="FromYear">First year of a period.</param>
/// <param name="BaseYear">Base year of a relative target.</param>
/// <param name="Document">Source document.</param>
/// <param name="Mark">Official or illustrative.</param>
/// <param name="Reason">Why it changed.</param>
/// <param name="Previous">The target replaced, in words (<see cref="IndicatorTarget.Describe"/>).</param>
public sealed record IndicatorTargetRevised(
    ScopeKind Scope, string ScopeId, string TargetId, string Indicator, TargetKind Kind, TargetComparison Comparison, decimal Value, int Year,
    int? FromYear, int? BaseYear, string Document, TargetMark Mark, string Reason, string Previous)
{
    /// <summary>The target as revised.</summary>
    public IndicatorTarget ToTarget() => new(TargetId, Indicator, Kind, Comparison, Value, Year, FromYear, BaseYear, Document, Mark);
}

/// <summary>A target was withdrawn. Stored as <c>indicator_target_withdrawn</c>.</summary>
/// <param name="Scope">Region or cluster.</param>
/// <param name="ScopeId">The scope's id.</param>
/// <param name="TargetId">The target's id.</param>
/// <param name="Reason">Why.</param>
/// <param name="Previous">The target withdrawn, in words.</param>
public sealed record IndicatorTargetWithdrawn(ScopeKind Scope, string ScopeId, string TargetId, string Reason, string Previous);
