using Hubs.EventSourcing.Regions;

namespace Hubs.EventSourcing.Clusters;

/// <summary>The cluster's state rules, including the two-stream membership rules.</summary>
internal static class ClusterDecider
{
    public static object[] Decide(EstablishCluster c, Cluster? state)
    {
        if (state is not null)
            throw new CommandRejectedException("cluster-already-established", nameof(c.ClusterId), c.ClusterId,
                $"Cluster '{c.ClusterId}' is already established as '{state.Name}'.");
        return [new ClusterEstablished(c.ClusterId, c.Name.Trim(), c.AnchorCity.Trim(), ClusterScope.SingleCity, c.EstablishedOn)];
    }

    public static object[] Decide(ExpandClusterScope c, Cluster? state)
    {
        var cluster = Established(state, c.ClusterId);
        if (cluster.Scope == ClusterScope.Regional)
            throw new CommandRejectedException("scope-already-regional", nameof(c.ClusterId), c.ClusterId,
                $"{cluster.Name} is already a regional cluster.");
        return [new ClusterScopeExpanded(c.ClusterId, cluster.Scope, ClusterScope.Regional, c.DecidedOn, c.DecidedBy.Trim())];
    }

    public static (object[] Cluster, object[] Region) Decide(JoinCluster c, Cluster? clusterState, Region? regionState)
    {
        var cluster = Established(clusterState, c.ClusterId);
        var region = RegionDecider.Registered(regionState, c.RegionId);
        if (region.Kind == RegionKind.Country)
            throw new CommandRejectedException("comparator-cannot-join", nameof(c.RegionId), c.RegionId,
                $"'{c.RegionId}' is a national comparator series and cannot be a cluster member.");
        if (cluster.Members.Contains(c.RegionId))
            throw new CommandRejectedException("region-already-member", nameof(c.RegionId), c.RegionId,
                $"{region.Name} is already a member of {cluster.Name}.");
        if (region.ParentId is { } parent && cluster.Members.Contains(parent))
            throw new CommandRejectedException("parent-and-child-in-cluster", nameof(c.RegionId), c.RegionId,
                $"{region.Name} cannot join {cluster.Name}: the region it lies in, '{parent}', is a member; a cluster counts a place or " +
                "its parent, never both.");
        if (region.Children.FirstOrDefault(cluster.Members.Contains) is { } child)
            throw new CommandRejectedException("parent-and-child-in-cluster", nameof(c.RegionId), c.RegionId,
                $"{region.Name} cannot join {cluster.Name}: its city '{child}' is a member; a cluster counts a place or its parent, never both.");
        if (region.ClusterId is { } other)
            throw new CommandRejectedException("region-in-another-cluster", nameof(c.RegionId), c.RegionId,
                $"{region.Name} already belongs to cluster '{other}'; a region belongs to at most one cluster at a time.");
        if (cluster.Scope == ClusterScope.SingleCity && cluster.Members.Count >= 1)
            throw new CommandRejectedException("cluster-is-single-city", nameof(c.ClusterId), c.ClusterId,
                $"{cluster.Name} is a single-city hub with member '{cluster.Members[0]}'; expand its scope before other regions join.");
        if (c.JoinedOn < cluster.EstablishedOn)
            throw new CommandRejectedException("date-before-previous", nameof(c.JoinedOn), c.JoinedOn,
                $"{region.Name} cannot join {cluster.Name} on {c.JoinedOn:yyyy-MM-dd}, before it was established on {cluster.EstablishedOn:yyyy-MM-dd}.");
        if (region.MembershipChangedOn is { } left && c.JoinedOn < left)
            throw new CommandRejectedException("date-before-previous", nameof(c.JoinedOn), c.JoinedOn,
                $"{region.Name} cannot join {cluster.Name} on {c.JoinedOn:yyyy-MM-dd}, before it last left a cluster on {left:yyyy-MM-dd}.");
        return ([new RegionJoinedCluster(c.ClusterId, c.RegionId, c.JoinedOn)], [new RegionAssignedToCluster(c.RegionId, c.ClusterId, c.JoinedOn)]);
    }

    public static (object[] Cluster, object[] Region) Decide(LeaveCluster c, Cluster? clusterState, Region? regionState)
    {
        var cluster = Established(clusterState, c.ClusterId);
        var region = RegionDecider.Registered(regionState, c.RegionId);
        if (!cluster.Members.Contains(c.RegionId))
            throw new CommandRejectedException("region-not-member", nameof(c.RegionId), c.RegionId,
                $"{region.Name} is not a member of {cluster.Name}.");
        if (region.ClusterId == c.ClusterId && region.MembershipChangedOn is { } joined && c.LeftOn < joined)
            throw new CommandRejectedException("date-before-previous", nameof(c.LeftOn), c.LeftOn,
                $"{region.Name} cannot leave {cluster.Name} on {c.LeftOn:yyyy-MM-dd}, before it joined on {joined:yyyy-MM-dd}.");
        return ([new RegionLeftCluster(c.ClusterId, c.RegionId, c.LeftOn)], [new RegionReleasedFromCluster(c.RegionId, c.ClusterId, c.LeftOn)]);
    }

    public static object[] Decide(SetClusterTarget c, Cluster? state)
    {
        var cluster = Established(state, c.ClusterId);
        var target = new Target(c.Metric, string.IsNullOrWhiteSpace(c.Ranking) ? null : c.Ranking.Trim(), c.Target, c.DeadlineYear);
        if (cluster.Targets.TryGetValue(target.Key, out var existing) && existing == target)
            return [];
        return [new ClusterTargetSet(c.ClusterId, target.Metric, target.Ranking, target.Value, target.DeadlineYear)];
    }

    public static object[] Decide(RecordGlobalRank c, Cluster? state)
    {
        var cluster = Established(state, c.ClusterId);
        var ranking = c.Ranking.Trim();
        if (cluster.Ranks.Find(r => r.Ranking == ranking && r.Edition == c.Edition) is { } existing)
            throw new CommandRejectedException("rank-already-recorded", nameof(c.Edition), c.Edition,
                $"{cluster.Name} already has rank {existing.Rank} in {ranking} {c.Edition}.");
        return [new GlobalRankRecorded(c.ClusterId, ranking, c.Edition, c.Rank, c.RankedName.Trim(), c.PublishedOn, c.Source)];
    }

    public static object[] Decide(ExcludeMemberFromComposite c, Cluster? state)
    {
        var cluster = Established(state, c.ClusterId);
        if (!cluster.Members.Contains(c.RegionId))
            throw new CommandRejectedException("region-not-member", nameof(c.RegionId), c.RegionId,
                $"'{c.RegionId}' is not a member of {cluster.Name}; only a current member can be left out of its composite.");
        if (cluster.ExcludedFromComposite.Contains(c.RegionId))
            throw new CommandRejectedException("member-already-excluded", nameof(c.RegionId), c.RegionId,
                $"'{c.RegionId}' is already left out of the composite of {cluster.Name}.");
        if (cluster.Members.Count - cluster.ExcludedFromComposite.Count <= 1)
            throw new CommandRejectedException("no-member-would-count", nameof(c.RegionId), c.RegionId,
                $"Leaving '{c.RegionId}' out would leave no member in the composite of {cluster.Name}.");
        return [new MemberExcludedFromComposite(c.ClusterId, c.RegionId, c.Reason.Trim())];
    }

    public static object[] Decide(ReinstateMemberInComposite c, Cluster? state)
    {
        var cluster = Established(state, c.ClusterId);
        if (!cluster.ExcludedFromComposite.Contains(c.RegionId))
            throw new CommandRejectedException("member-not-excluded", nameof(c.RegionId), c.RegionId,
                $"'{c.RegionId}' is not left out of the composite of {cluster.Name}.");
        return [new MemberReinstatedInComposite(c.ClusterId, c.RegionId, c.Reason.Trim())];
    }

    public static object[] Decide(AliasCluster c, Cluster? state)
    {
        var cluster = Established(state, c.ClusterId);
        var name = c.RankedName.Trim();
        return cluster.Aliases.Contains(name) ? [] : [new ClusterAliasAdded(c.ClusterId, name)];
    }

    public static object[] Decide(UnaliasCluster c, Cluster? state)
    {
        var cluster = Established(state, c.ClusterId);
        if (!cluster.Aliases.TryGetValue(c.RankedName.Trim(), out var name))
            throw new CommandRejectedException("alias-not-recorded", nameof(c.RankedName), c.RankedName,
                $"'{c.RankedName.Trim()}' is not a ranked name of {cluster.Name} (its names: {(cluster.Aliases.IsEmpty ? "none" : string.Join(", ", cluster.Aliases))}).");
        return [new ClusterAliasRemoved(c.ClusterId, name, c.Reason.Trim())];
    }

    private static Cluster Established(Cluster? state, string clusterId) =>
        state ?? throw new CommandRejectedException("cluster-not-established", "ClusterId", clusterId,
            $"Cluster '{clusterId}' is not established.");
}
