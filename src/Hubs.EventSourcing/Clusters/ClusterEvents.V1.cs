namespace Hubs.EventSourcing.Clusters;

// Version 1 of the cluster events that carry an enum, as release 0.1.0 stored them: the enum by its C# name ("SingleCity")
// where version 2 stores the documented kebab-case ("single-city"). Read-only: nothing writes these any more;
// ClusterModule.cs maps the stored names to the upcasts.

/// <summary>Version 1 of <see cref="ClusterEstablished"/>, stored as <c>cluster_established</c>.</summary>
internal sealed record ClusterEstablishedV1(string ClusterId, string Name, string AnchorCity, string Scope, DateOnly EstablishedOn)
{
    public ClusterEstablished Upcast() =>
        new(ClusterId, Name, AnchorCity, StoredEnum.FromV1<ClusterScope>(Scope, "cluster_established"), EstablishedOn);
}

/// <summary>Version 1 of <see cref="ClusterScopeExpanded"/>, stored as <c>cluster_scope_expanded</c>.</summary>
internal sealed record ClusterScopeExpandedV1(string ClusterId, string FromScope, string ToScope, DateOnly DecidedOn, string DecidedBy)
{
    public ClusterScopeExpanded Upcast() => new(ClusterId, StoredEnum.FromV1<ClusterScope>(FromScope, "cluster_scope_expanded"),
        StoredEnum.FromV1<ClusterScope>(ToScope, "cluster_scope_expanded"), DecidedOn, DecidedBy);
}

/// <summary>Version 1 of <see cref="ClusterTargetSet"/>, stored as <c>cluster_target_set</c>.</summary>
internal sealed record ClusterTargetSetV1(string ClusterId, string Metric, string? Ranking, decimal Target, int DeadlineYear)
{
    public ClusterTargetSet Upcast() =>
        new(ClusterId, StoredEnum.FromV1<TargetMetric>(Metric, "cluster_target_set"), Ranking, Target, DeadlineYear);
}
