namespace Hubs.EventSourcing.Indicators;

/// <summary>
/// Record a published figure of an indicator for a region or cluster and year. The same figure again changes nothing; a
/// different one for a recorded (indicator, label, year) is <c>figure-already-recorded</c>: revise it instead.
/// </summary>
/// <param name="Scope">Region or cluster.</param>
/// <param name="ScopeId">A registered region's or cluster's id.</param>
/// <param name="Indicator">A key of the built-in catalogue.</param>
/// <param name="Label">The source's own label (empty when none).</param>
/// <param name="Year">The reference year.</param>
/// <param name="Value">The figure as printed.</param>
/// <param name="Unit">A <see cref="MoneyUnit"/> for money, <c>%</c> for a ratio, null otherwise.</param>
/// <param name="Qualifier">Null, <c>over</c> or <c>about</c>.</param>
/// <param name="PublishedOn">Publication date.</param>
/// <param name="Publisher">Who published it.</param>
/// <param name="Document">Where.</param>
/// <param name="Quality">How trustworthy the copy is.</param>
public sealed record RecordIndicatorFigure(
    ScopeKind Scope, string ScopeId, string Indicator, string Label, int Year, decimal Value, string? Unit, string? Qualifier,
    DateOnly PublishedOn, string Publisher, string Document, string Quality) : IHubsCommand;

/// <summary>Revise a recorded figure with one published later (fields as <see cref="RecordIndicatorFigure"/>).</summary>
/// <param name="Scope">Region or cluster.</param>
/// <param name="ScopeId">The scope's id.</param>
/// <param name="Indicator">The catalogue key.</param>
/// <param name="Label">The label recorded.</param>
/// <param name="Year">The reference year.</param>
/// <param name="Value">The revised figure.</param>
/// <param name="Unit">Its unit.</param>
/// <param name="Qualifier">Null, <c>over</c> or <c>about</c>.</param>
/// <param name="PublishedOn">Publication date of the revision: after the figure's.</param>
/// <param name="Publisher">Who published it.</param>
/// <param name="Document">Where.</param>
/// <param name="Quality">How trustworthy the copy is.</param>
/// <param name="Reason">Why it was revised (required).</param>
public sealed record ReviseIndicatorFigure(
    ScopeKind Scope, string ScopeId, string Indicator, string Label, int Year, decimal Value, string? Unit, string? Qualifier,
    DateOnly PublishedOn, string Publisher, string Document, string Quality, string Reason) : IHubsCommand;

/// <summary>Set a new target on a region or cluster (any number per scope, each with its own id).</summary>
/// <param name="Scope">Region or cluster.</param>
/// <param name="ScopeId">A registered region's or cluster's id.</param>
/// <param name="Target">The target; its id must be new in the scope.</param>
public sealed record SetIndicatorTarget(ScopeKind Scope, string ScopeId, IndicatorTarget Target) : IHubsCommand;

/// <summary>Change a target (same id), with the reason.</summary>
/// <param name="Scope">Region or cluster.</param>
/// <param name="ScopeId">The scope's id.</param>
/// <param name="Target">The target as it now reads.</param>
/// <param name="Reason">Why it changed (required).</param>
public sealed record ReviseIndicatorTarget(ScopeKind Scope, string ScopeId, IndicatorTarget Target, string Reason) : IHubsCommand;

/// <summary>Withdraw a target, with the reason; it stays in the history.</summary>
/// <param name="Scope">Region or cluster.</param>
/// <param name="ScopeId">The scope's id.</param>
/// <param name="TargetId">The target's id.</param>
/// <param name="Reason">Why (required).</param>
public sealed record WithdrawIndicatorTarget(ScopeKind Scope, string ScopeId, string TargetId, string Reason) : IHubsCommand;
