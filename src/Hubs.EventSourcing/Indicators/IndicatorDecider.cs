namespace Hubs.EventSourcing.Indicators;

/// <summary>The indicator streams' rules: the one fold, and the decisions. Pure.</summary>
internal static class IndicatorDecider
{
    public static (object[], object[]) Decide(RecordIndicatorFigure c, ScopeIndicators? state, object? scope)
    {
        EnsureScope(c.Scope, c.ScopeId, scope);
        var current = state?.Current(c.Indicator, c.Label, c.Year);
        var e = new IndicatorFigureRecorded(c.Scope, c.ScopeId, c.Indicator, c.Label.Trim(), c.Year, c.Value, c.Unit, c.Qualifier, c.PublishedOn,
            c.Publisher.Trim(), c.Document.Trim(), c.Quality.Trim());
        if (current is null) return ([e], []);
        // The same figure again (a second copy of one publication, or a later one repeating it) changes nothing.
        if (MoneyUnit.SameAmount(current.Value, current.Unit, c.Value, c.Unit) && current.Qualifier == c.Qualifier) return ([], []);
        throw new CommandRejectedException("figure-already-recorded", nameof(c.Value), c.Value,
            $"{c.Indicator} {c.Year} of {c.ScopeId} is recorded as {current.Value} (published {current.PublishedOn:yyyy-MM-dd}); revise it with a reason instead.");
    }

    public static (object[], object[]) Decide(ReviseIndicatorFigure c, ScopeIndicators? state, object? scope)
    {
        EnsureScope(c.Scope, c.ScopeId, scope);
        var current = state?.Current(c.Indicator, c.Label, c.Year)
            ?? throw new CommandRejectedException("figure-not-recorded", nameof(c.Year), c.Year,
                $"{c.Indicator} {c.Year} of {c.ScopeId} is not recorded: record it before revising it.");
        if (MoneyUnit.SameAmount(current.Value, current.Unit, c.Value, c.Unit) && current.Qualifier == c.Qualifier) return ([], []);
        if (c.PublishedOn <= current.PublishedOn)
            throw new CommandRejectedException("revision-not-later", nameof(c.PublishedOn), c.PublishedOn,
                $"a revision must be published after the figure it replaces ({current.PublishedOn:yyyy-MM-dd}); got {c.PublishedOn:yyyy-MM-dd}.");
        return ([new IndicatorFigureRevised(c.Scope, c.ScopeId, c.Indicator, c.Label.Trim(), c.Year, c.Value, c.Unit, c.Qualifier, c.PublishedOn,
            c.Publisher.Trim(), c.Document.Trim(), c.Quality.Trim(), c.Reason.Trim(), current.Value)], []);
    }

    public static (object[], object[]) Decide(SetIndicatorTarget c, ScopeIndicators? state, object? scope)
    {
        EnsureScope(c.Scope, c.ScopeId, scope);
        var t = c.Target;
        if (state?.Targets.GetValueOrDefault(t.Id) is { } existing)
        {
            if (existing == t) return ([], []);
            throw new CommandRejectedException("target-already-set", "Target.Id", t.Id,
                $"target '{t.Id}' of {c.ScopeId} is set as {existing.Describe()}; revise it with a reason instead.");
        }
        return ([new IndicatorTargetSet(c.Scope, c.ScopeId, t.Id, t.Indicator, t.Kind, t.Comparison, t.Value, t.Year, t.FromYear, t.BaseYear,
            t.Document.Trim(), t.Mark)], []);
    }

    public static (object[], object[]) Decide(ReviseIndicatorTarget c, ScopeIndicators? state, object? scope)
    {
        EnsureScope(c.Scope, c.ScopeId, scope);
        var t = c.Target;
        var existing = Active(state, c.ScopeId, t.Id);
        if (existing == t) return ([], []);
        return ([new IndicatorTargetRevised(c.Scope, c.ScopeId, t.Id, t.Indicator, t.Kind, t.Comparison, t.Value, t.Year, t.FromYear, t.BaseYear,
            t.Document.Trim(), t.Mark, c.Reason.Trim(), existing.Describe())], []);
    }

    public static (object[], object[]) Decide(WithdrawIndicatorTarget c, ScopeIndicators? state, object? scope)
    {
        EnsureScope(c.Scope, c.ScopeId, scope);
        var existing = Active(state, c.ScopeId, c.TargetId);
        return ([new IndicatorTargetWithdrawn(c.Scope, c.ScopeId, c.TargetId, c.Reason.Trim(), existing.Describe())], []);
    }

    private static IndicatorTarget Active(ScopeIndicators? state, string scopeId, string targetId) =>
        state?.Targets.GetValueOrDefault(targetId)
        ?? throw new CommandRejectedException("target-not-set", "TargetId", targetId,
            state?.Withdrawn.TryGetValue(targetId, out var why) == true
                ? $"target '{targetId}' of {scopeId} was withdrawn ({why}); set it again to reinstate it."
                : $"{scopeId} has no target '{targetId}'.");

    /// <summary>Figures and targets belong to a registered region or an established cluster.</summary>
    private static void EnsureScope(ScopeKind kind, string id, object? scope)
    {
        if (scope is null)
            throw new CommandRejectedException("scope-not-registered", "ScopeId", id,
                $"'{id}' is not a registered {(kind == ScopeKind.Region ? "region" : "cluster")}: register it before recording its indicators.");
    }
}
