namespace Hubs.EventSourcing.Clusters;

/// <summary>Establish an innovation hub around an anchor city.</summary>
public sealed record EstablishCluster(string ClusterId, string Name, string AnchorCity, DateOnly EstablishedOn) : IHubsCommand;

/// <summary>Expand a single-city hub to a regional cluster.</summary>
public sealed record ExpandClusterScope(string ClusterId, DateOnly DecidedOn, string DecidedBy) : IHubsCommand;

/// <summary>Make a region a member of a cluster. Writes to both streams atomically.</summary>
public sealed record JoinCluster(string ClusterId, string RegionId, DateOnly JoinedOn) : IHubsCommand;

/// <summary>End a region's membership of a cluster. Writes to both streams atomically.</summary>
public sealed record LeaveCluster(string ClusterId, string RegionId, DateOnly LeftOn) : IHubsCommand;

/// <summary>Set or replace a target on a cluster. <paramref name="Ranking"/> names the ranking of a rank target.</summary>
public sealed record SetClusterTarget(string ClusterId, TargetMetric Metric, string? Ranking, decimal Target, int DeadlineYear) : IHubsCommand;

/// <summary>Record a cluster's place in an edition of a global ranking.</summary>
public sealed record RecordGlobalRank(string ClusterId, string Ranking, int Edition, int Rank, string RankedName, DateOnly PublishedOn, string Source) : IHubsCommand;

/// <summary>
/// Leave a member out of the cluster's composite R&amp;D intensity, e.g. Macao, which publishes no comparable series. An analyst's
/// recorded decision: the reason is required, who and when come from the command's context and the event's record. The
/// region stays a member; reverse it with <see cref="ReinstateMemberInComposite"/>.
/// </summary>
public sealed record ExcludeMemberFromComposite(string ClusterId, string RegionId, string Reason) : IHubsCommand;

/// <summary>Count an excluded member in the cluster's composite again.</summary>
public sealed record ReinstateMemberInComposite(string ClusterId, string RegionId, string Reason) : IHubsCommand;

/// <summary>Record a ranked name (a GII cluster, e.g. <c>Hangzhou</c>) as one of the hub's clusters.</summary>
public sealed record AliasCluster(string ClusterId, string RankedName) : IHubsCommand;

/// <summary>Stop counting a ranked name as one of the hub's clusters; the reason is required.</summary>
public sealed record UnaliasCluster(string ClusterId, string RankedName, string Reason) : IHubsCommand;
