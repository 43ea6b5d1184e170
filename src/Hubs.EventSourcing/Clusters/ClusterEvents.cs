namespace Hubs.EventSourcing.Clusters;

/// <summary>An innovation hub was established around an anchor city, single-city in scope. Stored as <c>cluster_established_v2</c> (version 1, <c>cluster_established</c>, read through <c>ClusterEstablishedV1</c>).</summary>
public sealed record ClusterEstablished(string ClusterId, string Name, string AnchorCity, ClusterScope Scope, DateOnly EstablishedOn);

/// <summary>
/// The hub's scope grew from a single city to a region, e.g. as decided by the Central Economic Work Conference in December 2025.
/// Stored as <c>cluster_scope_expanded_v2</c> (version 1, <c>cluster_scope_expanded</c>, read through <c>ClusterScopeExpandedV1</c>).
/// </summary>
public sealed record ClusterScopeExpanded(string ClusterId, ClusterScope FromScope, ClusterScope ToScope, DateOnly DecidedOn, string DecidedBy);

/// <summary>A region became a member of the cluster. Stored as <c>region_joined_cluster</c>.</summary>
public sealed record RegionJoinedCluster(string ClusterId, string RegionId, DateOnly JoinedOn);

/// <summary>A region stopped being a member of the cluster. Stored as <c>region_left_cluster</c>.</summary>
public sealed record RegionLeftCluster(string ClusterId, string RegionId, DateOnly LeftOn);

/// <summary>A target was set (or replaced) on the cluster, e.g. R&amp;D intensity 4.5 % by 2035. Stored as <c>cluster_target_set_v2</c> (version 1, <c>cluster_target_set</c>, read through <c>ClusterTargetSetV1</c>).</summary>
public sealed record ClusterTargetSet(string ClusterId, TargetMetric Metric, string? Ranking, decimal Target, int DeadlineYear);

/// <summary>
/// A global ranking placed the cluster, e.g. WIPO Global Innovation Index 2025 ranked "Shenzhen–Hong Kong–Guangzhou" first.
/// Stored as <c>global_rank_recorded</c>.
/// </summary>
public sealed record GlobalRankRecorded(string ClusterId, string Ranking, int Edition, int Rank, string RankedName, DateOnly PublishedOn, string Source);

/// <summary>
/// A member was left out of the cluster's composite R&amp;D intensity (it stays a member). Who decided and when are the event's
/// actor and recorded-at. Stored as <c>member_excluded_from_composite</c>.
/// </summary>
public sealed record MemberExcludedFromComposite(string ClusterId, string RegionId, string Reason);

/// <summary>An excluded member counts in the composite again. Stored as <c>member_reinstated_in_composite</c>.</summary>
public sealed record MemberReinstatedInComposite(string ClusterId, string RegionId, string Reason);

/// <summary>
/// A name a ranking prints was recorded as one of the hub's clusters (several per hub: Shanghai–Suzhou, Nanjing and Hangzhou
/// are the YRD's in the GII). Stored as <c>cluster_alias_added</c>.
/// </summary>
public sealed record ClusterAliasAdded(string ClusterId, string RankedName);

/// <summary>A ranked name no longer counts as the hub's cluster; the reason is required. Stored as <c>cluster_alias_removed</c>.</summary>
public sealed record ClusterAliasRemoved(string ClusterId, string RankedName, string Reason);
