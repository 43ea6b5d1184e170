namespace Hubs.EventSourcing.Indicators;

/// <summary>
/// Indicator figures and targets of a region or cluster: <c>indicators:{scope}-{id}</c> streams (e.g.
/// <c>indicators:region-beijing</c>, <c>indicators:cluster-greater-bay-area</c>), their events and commands. Every command
/// also reads the scope's own stream, so figures and targets belong to a registered region or an established cluster.
/// </summary>
internal static class IndicatorModule
{
    public const string Prefix = "indicators";

    /// <summary>The stream of a scope's indicators.</summary>
    public static string Key(ScopeKind scope, string id) => $"{Prefix}:{(scope == ScopeKind.Region ? "region" : "cluster")}-{id}";

    private static string Owner(ScopeKind scope, string id) => scope == ScopeKind.Region ? Keys.Region(id) : Keys.Cluster(id);

    public static readonly HubsModule<ScopeIndicators> Module = new HubsModule<ScopeIndicators>(Prefix)
        .Starts<IndicatorFigureRecorded>("indicator_figure_recorded", e => Key(e.Scope, e.ScopeId), (s, e) => ScopeIndicators.Start(s, e.Scope, e.ScopeId).Apply(e))
        .Starts<IndicatorFigureRevised>("indicator_figure_revised", e => Key(e.Scope, e.ScopeId), (s, e) => ScopeIndicators.Start(s, e.Scope, e.ScopeId).Apply(e))
        .PublishedOn<IndicatorFigureRecorded>(e => e.PublishedOn)
        .PublishedOn<IndicatorFigureRevised>(e => e.PublishedOn)
        .Starts<IndicatorTargetSet>("indicator_target_set", e => Key(e.Scope, e.ScopeId), (s, e) => ScopeIndicators.Start(s, e.Scope, e.ScopeId).Apply(e))
        .Starts<IndicatorTargetRevised>("indicator_target_revised", e => Key(e.Scope, e.ScopeId), (s, e) => ScopeIndicators.Start(s, e.Scope, e.ScopeId).Apply(e))
        .Starts<IndicatorTargetWithdrawn>("indicator_target_withdrawn", e => Key(e.Scope, e.ScopeId), (s, e) => ScopeIndicators.Start(s, e.Scope, e.ScopeId).Apply(e))
        .Command<RecordIndicatorFigure, object>(c => Key(c.Scope, c.ScopeId), c => Owner(c.Scope, c.ScopeId), IndicatorDecider.Decide,
            new RecordIndicatorFigureValidator())
        .Command<ReviseIndicatorFigure, object>(c => Key(c.Scope, c.ScopeId), c => Owner(c.Scope, c.ScopeId), IndicatorDecider.Decide,
            new ReviseIndicatorFigureValidator())
        .Command<SetIndicatorTarget, object>(c => Key(c.Scope, c.ScopeId), c => Owner(c.Scope, c.ScopeId), IndicatorDecider.Decide,
            new SetIndicatorTargetValidator())
        .Command<ReviseIndicatorTarget, object>(c => Key(c.Scope, c.ScopeId), c => Owner(c.Scope, c.ScopeId), IndicatorDecider.Decide,
            new ReviseIndicatorTargetValidator())
        .Command<WithdrawIndicatorTarget, object>(c => Key(c.Scope, c.ScopeId), c => Owner(c.Scope, c.ScopeId), IndicatorDecider.Decide,
            new WithdrawIndicatorTargetValidator())
        // As-known-at cuts leave out a figure published after the report's date, whenever it was recorded.
        .PublishedOn<IndicatorFigureRecorded>(e => e.PublishedOn)
        .PublishedOn<IndicatorFigureRevised>(e => e.PublishedOn)
        // The read model: its projection, rebuilds, replays and loads derive from this line (scorecards are computed from it).
        .Track<IndicatorTrack>("tracking-indicators", IndicatorTrack.Fold);
}
