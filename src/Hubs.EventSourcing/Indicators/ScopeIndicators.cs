using System.Collections.Immutable;

namespace Hubs.EventSourcing.Indicators;

/// <summary>One published version of a figure (the first, or a revision).</summary>
/// <param name="Indicator">The catalogue key.</param>
/// <param name="Label">The source's label (empty when none).</param>
/// <param name="Year">The reference year.</param>
/// <param name="Value">The figure as printed.</param>
/// <param name="Unit">Its unit.</param>
/// <param name="Qualifier">Null, <c>over</c> or <c>about</c>.</param>
/// <param name="PublishedOn">When this version was published.</param>
/// <param name="Publisher">Who published it.</param>
/// <param name="Document">Where.</param>
/// <param name="Quality">How trustworthy the copy is.</param>
/// <param name="RevisionReason">Why it revised the version before; null for a first publication.</param>
public sealed record FigureVersion(
    string Indicator, string Label, int Year, decimal Value, string? Unit, string? Qualifier, DateOnly PublishedOn, string Publisher,
    string Document, string Quality, string? RevisionReason)
{
    /// <summary>Identifies the figure among a scope's: indicator, label and year.</summary>
    public string Key => $"{Indicator}|{Label}|{Year}";
}

/// <summary>
/// State of a scope's indicator stream: every published version of every figure (so any date's knowledge can be read) and
/// the targets in force. Folded by its <c>Apply</c> steps, declared with each event in <see cref="IndicatorModule"/>: the one fold every reader uses.
/// </summary>
public sealed record ScopeIndicators
{
    /// <summary>The stream of a scope's indicators, e.g. <c>indicators:region-beijing</c>, for history, time travel and state reads.</summary>
    public static string StreamKey(ScopeKind scope, string id) => IndicatorModule.Key(scope, id);

    /// <summary>Region or cluster.</summary>
    public required ScopeKind Scope { get; init; }
    /// <summary>The scope's id.</summary>
    public required string ScopeId { get; init; }
    /// <summary>Every version of every figure, in the order recorded.</summary>
    public ImmutableList<FigureVersion> Versions { get; init; } = [];
    /// <summary>The targets in force, by id.</summary>
    public ImmutableSortedDictionary<string, IndicatorTarget> Targets { get; init; } = ImmutableSortedDictionary<string, IndicatorTarget>.Empty;
    /// <summary>Withdrawn targets, by id, with the reason (a target set again under the id leaves this list).</summary>
    public ImmutableSortedDictionary<string, string> Withdrawn { get; init; } = ImmutableSortedDictionary<string, string>.Empty;

    /// <summary>The state before a scope's first event: no figures, no targets.</summary>
    internal static ScopeIndicators Start(ScopeIndicators? state, ScopeKind scope, string id) => state ?? new() { Scope = scope, ScopeId = id };

    /// <summary>A figure's first publication.</summary>
    public ScopeIndicators Apply(IndicatorFigureRecorded r) => this with
    {
        Versions = Versions.Add(new FigureVersion(r.Indicator, r.Label, r.Year, r.Value, r.Unit, r.Qualifier, r.PublishedOn, r.Publisher,
            r.Document, r.Quality, null)),
    };

    /// <summary>A later publication of a figure, with the reason it revises the one before.</summary>
    public ScopeIndicators Apply(IndicatorFigureRevised r) => this with
    {
        Versions = Versions.Add(new FigureVersion(r.Indicator, r.Label, r.Year, r.Value, r.Unit, r.Qualifier, r.PublishedOn, r.Publisher,
            r.Document, r.Quality, r.Reason)),
    };

    /// <summary>A target set (or set again after a withdrawal).</summary>
    public ScopeIndicators Apply(IndicatorTargetSet s) => WithTarget(s.ToTarget());

    /// <summary>A target revised: the new version replaces the one in force.</summary>
    public ScopeIndicators Apply(IndicatorTargetRevised s) => WithTarget(s.ToTarget());

    /// <summary>A target withdrawn, with its reason.</summary>
    public ScopeIndicators Apply(IndicatorTargetWithdrawn w) =>
        this with { Targets = Targets.Remove(w.TargetId), Withdrawn = Withdrawn.SetItem(w.TargetId, w.Reason) };

    private ScopeIndicators WithTarget(IndicatorTarget t) => this with { Targets = Targets.SetItem(t.Id, t), Withdrawn = Withdrawn.Remove(t.Id) };

    /// <summary>
    /// The figures as known at <paramref name="knownAt"/> (every version published by then; the latest of each figure), or
    /// the current ones when null.
    /// </summary>
    public IReadOnlyList<FigureVersion> Figures(DateOnly? knownAt = null) =>
        Versions.Where(v => knownAt is null || v.PublishedOn <= knownAt)
            .GroupBy(v => v.Key).Select(g => g.Last()).OrderBy(v => v.Indicator, StringComparer.Ordinal).ThenBy(v => v.Year).ToList();

    /// <summary>The current version of a figure, or null.</summary>
    public FigureVersion? Current(string indicator, string label, int year) =>
        Versions.LastOrDefault(v => v.Indicator == indicator && v.Label == label && v.Year == year);
}
