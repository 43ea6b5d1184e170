using Hubs.EventSourcing.Regions;

namespace Hubs.EventSourcing.Clusters;

/// <summary>The cluster aggregate: <c>cluster:{id}</c> streams, their events and stored names, and their commands.</summary>
internal static class ClusterModule
{
    // State shape 2: Cluster.EstablishedOn, which membership dates are checked against; a shape-1 checkpoint lacks it.
    public static readonly HubsModule<Cluster> Module = new HubsModule<Cluster>("cluster", stateVersion: 2)
        // Version 2 of the events with an enum: the enum stored in the documented kebab-case form (0.2.0).
        .Starts<ClusterEstablished>("cluster_established_v2", e => Keys.Cluster(e.ClusterId), Cluster.Create)
        .Event<ClusterScopeExpanded>("cluster_scope_expanded_v2", e => Keys.Cluster(e.ClusterId), (s, e) => s.Apply(e))
        .Event<RegionJoinedCluster>("region_joined_cluster", e => Keys.Cluster(e.ClusterId), (s, e) => s.Apply(e))
        .Event<RegionLeftCluster>("region_left_cluster", e => Keys.Cluster(e.ClusterId), (s, e) => s.Apply(e))
        .Event<ClusterTargetSet>("cluster_target_set_v2", e => Keys.Cluster(e.ClusterId), (s, e) => s.Apply(e))
        .Event<GlobalRankRecorded>("global_rank_recorded", e => Keys.Cluster(e.ClusterId), (s, e) => s.Apply(e))
        .Event<MemberExcludedFromComposite>("member_excluded_from_composite", e => Keys.Cluster(e.ClusterId), (s, e) => s.Apply(e))
        .Event<MemberReinstatedInComposite>("member_reinstated_in_composite", e => Keys.Cluster(e.ClusterId), (s, e) => s.Apply(e))
        .Event<ClusterAliasAdded>("cluster_alias_added", e => Keys.Cluster(e.ClusterId), (s, e) => s.Apply(e))
        .Event<ClusterAliasRemoved>("cluster_alias_removed", e => Keys.Cluster(e.ClusterId), (s, e) => s.Apply(e))
        .Upcast<ClusterEstablishedV1, ClusterEstablished>("cluster_established", v1 => v1.Upcast())
        .Upcast<ClusterScopeExpandedV1, ClusterScopeExpanded>("cluster_scope_expanded", v1 => v1.Upcast())
        .Upcast<ClusterTargetSetV1, ClusterTargetSet>("cluster_target_set", v1 => v1.Upcast())
        .Command<EstablishCluster>(c => Keys.Cluster(c.ClusterId), ClusterDecider.Decide, new EstablishClusterValidator())
        .Command<ExpandClusterScope>(c => Keys.Cluster(c.ClusterId), ClusterDecider.Decide, new ExpandClusterScopeValidator())
        .Command<JoinCluster, Region>(c => Keys.Cluster(c.ClusterId), c => Keys.Region(c.RegionId), ClusterDecider.Decide, new JoinClusterValidator())
        .Command<LeaveCluster, Region>(c => Keys.Cluster(c.ClusterId), c => Keys.Region(c.RegionId), ClusterDecider.Decide, new LeaveClusterValidator())
        .Command<SetClusterTarget>(c => Keys.Cluster(c.ClusterId), ClusterDecider.Decide, new SetClusterTargetValidator())
        .Command<RecordGlobalRank>(c => Keys.Cluster(c.ClusterId), ClusterDecider.Decide, new RecordGlobalRankValidator())
        .Command<ExcludeMemberFromComposite>(c => Keys.Cluster(c.ClusterId), ClusterDecider.Decide, new ExcludeMemberFromCompositeValidator())
        .Command<ReinstateMemberInComposite>(c => Keys.Cluster(c.ClusterId), ClusterDecider.Decide, new ReinstateMemberInCompositeValidator())
        .Command<AliasCluster>(c => Keys.Cluster(c.ClusterId), ClusterDecider.Decide, new AliasClusterValidator())
        .Command<UnaliasCluster>(c => Keys.Cluster(c.ClusterId), ClusterDecider.Decide, new UnaliasClusterValidator())
        .PublishedOn<GlobalRankRecorded>(e => e.PublishedOn)
        .Track<ClusterTrack>("tracking-clusters", ClusterTrack.Fold);
}
