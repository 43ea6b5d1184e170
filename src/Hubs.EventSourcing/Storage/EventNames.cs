using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Enterprises;
using Hubs.EventSourcing.ExchangeRates;
using Hubs.EventSourcing.Regions;

namespace Hubs.EventSourcing.Storage;

/// <summary>
/// The stable name under which each event is stored in <c>mt_events.type</c>. These names are part of the stored history:
/// never change one; rename the CLR type freely. The hash chain covers the name, not the CLR type.
/// </summary>
internal static class EventNames
{
    public static readonly IReadOnlyDictionary<Type, string> ByType = new Dictionary<Type, string>
    {
        [typeof(ClusterEstablished)] = "cluster_established",
        [typeof(ClusterScopeExpanded)] = "cluster_scope_expanded",
        [typeof(RegionJoinedCluster)] = "region_joined_cluster",
        [typeof(RegionLeftCluster)] = "region_left_cluster",
        [typeof(ClusterTargetSet)] = "cluster_target_set",
        [typeof(GlobalRankRecorded)] = "global_rank_recorded",
        [typeof(MemberExcludedFromComposite)] = "member_excluded_from_composite",
        [typeof(MemberReinstatedInComposite)] = "member_reinstated_in_composite",
        [typeof(RegionRegistered)] = "region_registered",
        [typeof(RdIntensityReported)] = "rd_intensity_reported",
        [typeof(RdIntensityRevised)] = "rd_intensity_revised",
        [typeof(RegionTargetSet)] = "region_target_set",
        [typeof(RegionAssignedToCluster)] = "region_assigned_to_cluster",
        [typeof(RegionReleasedFromCluster)] = "region_released_from_cluster",
        [typeof(EnterpriseRegistered)] = "enterprise_registered",
        [typeof(BranchPlanned)] = "branch_planned",
        [typeof(BranchOpened)] = "branch_opened",
        [typeof(BranchClosed)] = "branch_closed",
        [typeof(TechnologyTransferred)] = "technology_transferred",
        [typeof(ExchangeRateRecorded)] = "exchange_rate_recorded",
    };

    public static string Of(Type eventType) =>
        ByType.TryGetValue(eventType, out var name) ? name : throw new ArgumentException($"{eventType.Name} is not a Hubs event.");
}
