using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Testing;

namespace Hubs.EventSourcing.Tests.Clusters;

public sealed class ClusterRulesTests
{
    private static readonly DateOnly Founded = new(2016, 9, 1);
    private static readonly DateOnly Cewc = new(2025, 12, 11);
    private static readonly ClusterEstablished Bth = new("beijing-tianjin-hebei", "Beijing International S&T Innovation Center", "Beijing", ClusterScope.SingleCity, Founded);
    private static readonly ClusterScopeExpanded BthRegional = new("beijing-tianjin-hebei", ClusterScope.SingleCity, ClusterScope.Regional, Cewc, "Central Economic Work Conference");
    private static readonly ClusterEstablished Yrd = new("yangtze-river-delta", "Shanghai S&T Innovation Center", "Shanghai", ClusterScope.SingleCity, Founded);
    private static readonly RegionRegistered Beijing = new("beijing", "Beijing", RegionKind.Municipality);
    private static readonly RegionRegistered Tianjin = new("tianjin", "Tianjin", RegionKind.Municipality);

    [Fact]
    public void establishing_a_cluster_starts_it_single_city() =>
        HubsSpec.Given()
            .When(new EstablishCluster("beijing-tianjin-hebei", "Beijing International S&T Innovation Center", "Beijing", Founded))
            .Then(Bth);

    [Fact]
    public void establishing_a_cluster_twice_is_rejected() =>
        HubsSpec.Given(Bth)
            .When(new EstablishCluster("beijing-tianjin-hebei", "Other", "Beijing", Founded))
            .ThenRejected("cluster-already-established");

    [Fact]
    public void expanding_scope_records_who_decided_it() =>
        HubsSpec.Given(Bth)
            .When(new ExpandClusterScope("beijing-tianjin-hebei", Cewc, "Central Economic Work Conference"))
            .Then(BthRegional);

    [Fact]
    public void expanding_an_already_regional_cluster_is_rejected() =>
        HubsSpec.Given(Bth, BthRegional)
            .When(new ExpandClusterScope("beijing-tianjin-hebei", Cewc, "again"))
            .ThenRejected("scope-already-regional");

    [Fact]
    public void a_region_joining_writes_to_the_cluster_and_to_the_region() =>
        HubsSpec.Given(Bth, Beijing)
            .When(new JoinCluster("beijing-tianjin-hebei", "beijing", Founded))
            .Then(new RegionJoinedCluster("beijing-tianjin-hebei", "beijing", Founded),
                  new RegionAssignedToCluster("beijing", "beijing-tianjin-hebei", Founded));

    [Fact]
    public void a_region_can_join_only_an_established_cluster() =>
        HubsSpec.Given(Beijing)
            .When(new JoinCluster("beijing-tianjin-hebei", "beijing", Founded))
            .ThenRejected("cluster-not-established");

    [Fact]
    public void an_unregistered_region_cannot_join() =>
        HubsSpec.Given(Bth)
            .When(new JoinCluster("beijing-tianjin-hebei", "beijing", Founded))
            .ThenRejected("region-not-registered");

    [Fact]
    public void a_region_cannot_join_the_same_cluster_twice() =>
        HubsSpec.Given(Bth, Beijing,
                new RegionJoinedCluster("beijing-tianjin-hebei", "beijing", Founded),
                new RegionAssignedToCluster("beijing", "beijing-tianjin-hebei", Founded))
            .When(new JoinCluster("beijing-tianjin-hebei", "beijing", Cewc))
            .ThenRejected("region-already-member");

    [Fact]
    public void a_region_in_another_cluster_cannot_join() =>
        HubsSpec.Given(Yrd, Beijing, new RegionAssignedToCluster("beijing", "beijing-tianjin-hebei", Founded))
            .When(new JoinCluster("yangtze-river-delta", "beijing", Cewc))
            .ThenRejected("region-in-another-cluster");

    [Fact]
    public void a_single_city_hub_takes_no_second_member_until_it_expands()
    {
        var joined = new object[]
        {
            Bth, Beijing, Tianjin,
            new RegionJoinedCluster("beijing-tianjin-hebei", "beijing", Founded),
            new RegionAssignedToCluster("beijing", "beijing-tianjin-hebei", Founded),
        };
        HubsSpec.Given(joined).When(new JoinCluster("beijing-tianjin-hebei", "tianjin", Cewc)).ThenRejected("cluster-is-single-city");
        HubsSpec.Given([.. joined, BthRegional]).When(new JoinCluster("beijing-tianjin-hebei", "tianjin", Cewc))
            .Then(new RegionJoinedCluster("beijing-tianjin-hebei", "tianjin", Cewc), new RegionAssignedToCluster("tianjin", "beijing-tianjin-hebei", Cewc));
    }

    [Fact]
    public void a_national_comparator_cannot_join_a_cluster() =>
        HubsSpec.Given(Bth, new RegionRegistered("china", "China", RegionKind.Country))
            .When(new JoinCluster("beijing-tianjin-hebei", "china", Cewc))
            .ThenRejected("comparator-cannot-join");

    [Fact]
    public void leaving_writes_to_both_streams_and_frees_the_region() =>
        HubsSpec.Given(Bth, Beijing,
                new RegionJoinedCluster("beijing-tianjin-hebei", "beijing", Founded),
                new RegionAssignedToCluster("beijing", "beijing-tianjin-hebei", Founded))
            .When(new LeaveCluster("beijing-tianjin-hebei", "beijing", Cewc))
            .Then(new RegionLeftCluster("beijing-tianjin-hebei", "beijing", Cewc), new RegionReleasedFromCluster("beijing", "beijing-tianjin-hebei", Cewc));

    [Fact]
    public void a_region_that_is_not_a_member_cannot_leave() =>
        HubsSpec.Given(Bth, Beijing)
            .When(new LeaveCluster("beijing-tianjin-hebei", "beijing", Cewc))
            .ThenRejected("region-not-member");

    [Fact]
    public void an_rd_intensity_target_is_set_and_a_changed_one_replaces_it() =>
        HubsSpec.Given(Bth, new ClusterTargetSet("beijing-tianjin-hebei", TargetMetric.RdIntensity, null, 4m, 2035))
            .When(new SetClusterTarget("beijing-tianjin-hebei", TargetMetric.RdIntensity, null, 4.5m, 2035))
            .Then(new ClusterTargetSet("beijing-tianjin-hebei", TargetMetric.RdIntensity, null, 4.5m, 2035));

    [Fact]
    public void the_same_target_again_changes_nothing() =>
        HubsSpec.Given(Bth, new ClusterTargetSet("beijing-tianjin-hebei", TargetMetric.GlobalRank, "WIPO GII", 3m, 2035))
            .When(new SetClusterTarget("beijing-tianjin-hebei", TargetMetric.GlobalRank, "WIPO GII", 3m, 2035))
            .ThenNothing();

    [Fact]
    public void a_rank_target_must_name_its_ranking() =>
        HubsSpec.Given(Bth)
            .When(new SetClusterTarget("beijing-tianjin-hebei", TargetMetric.GlobalRank, null, 1m, 2035))
            .ThenRejected("ranking-required");

    [Fact]
    public void a_rank_target_must_be_a_whole_number_from_one() =>
        HubsSpec.Given(Bth)
            .When(new SetClusterTarget("beijing-tianjin-hebei", TargetMetric.GlobalRank, "WIPO GII", 1.5m, 2035))
            .ThenRejected("rank-out-of-range");

    [Fact]
    public void a_global_rank_is_recorded_once_per_ranking_edition()
    {
        var rank = new GlobalRankRecorded("greater-bay-area", "WIPO GII S&T clusters", 2025, 1, "Shenzhen–Hong Kong–Guangzhou", new DateOnly(2025, 9, 16), "WIPO GII 2025");
        var gba = new ClusterEstablished("greater-bay-area", "Guangdong-Hong Kong-Macao Greater Bay Area", "Shenzhen", ClusterScope.SingleCity, Founded);
        HubsSpec.Given(gba)
            .When(new RecordGlobalRank("greater-bay-area", "WIPO GII S&T clusters", 2025, 1, "Shenzhen–Hong Kong–Guangzhou", new DateOnly(2025, 9, 16), "WIPO GII 2025"))
            .Then(rank);
        HubsSpec.Given(gba, rank)
            .When(new RecordGlobalRank("greater-bay-area", "WIPO GII S&T clusters", 2025, 2, "x", new DateOnly(2025, 9, 16), "WIPO"))
            .ThenRejected("rank-already-recorded");
    }

    [Fact]
    public void a_rank_of_zero_is_rejected() =>
        HubsSpec.Given(Bth)
            .When(new RecordGlobalRank("beijing-tianjin-hebei", "WIPO GII", 2025, 0, "Beijing", new DateOnly(2025, 9, 16), "WIPO"))
            .ThenRejected("rank-out-of-range");

    private static readonly DateOnly Left = new(2026, 1, 1);

    /// <summary>Beijing joined the regional hub at the conference and left on 2026-01-01.</summary>
    private static readonly object[] BeijingCameAndWent =
    [
        Bth, BthRegional, Beijing,
        new RegionJoinedCluster("beijing-tianjin-hebei", "beijing", Cewc), new RegionAssignedToCluster("beijing", "beijing-tianjin-hebei", Cewc),
        new RegionLeftCluster("beijing-tianjin-hebei", "beijing", Left), new RegionReleasedFromCluster("beijing", "beijing-tianjin-hebei", Left),
    ];

    [Fact]
    public void a_region_cannot_join_before_the_cluster_was_established() =>
        HubsSpec.Given(Bth, Beijing)
            .When(new JoinCluster("beijing-tianjin-hebei", "beijing", Founded.AddDays(-1)))
            .ThenRejected("date-before-previous").Field.ShouldBe("joinedOn");

    [Fact]
    public void a_region_can_join_on_the_day_the_cluster_was_established() =>
        HubsSpec.Given(Bth, Beijing)
            .When(new JoinCluster("beijing-tianjin-hebei", "beijing", Founded))
            .Then(new RegionJoinedCluster("beijing-tianjin-hebei", "beijing", Founded), new RegionAssignedToCluster("beijing", "beijing-tianjin-hebei", Founded));

    [Fact]
    public void a_region_cannot_rejoin_dated_before_it_last_left() =>
        HubsSpec.Given(BeijingCameAndWent)
            .When(new JoinCluster("beijing-tianjin-hebei", "beijing", new DateOnly(2019, 1, 1)))
            .ThenRejected("date-before-previous").Message.ShouldContain("2026-01-01", customMessage: "the message names the leave it would precede");

    [Fact]
    public void a_region_cannot_join_another_cluster_dated_before_it_left_the_last() =>
        HubsSpec.Given([.. BeijingCameAndWent, Yrd, new ClusterScopeExpanded("yangtze-river-delta", ClusterScope.SingleCity, ClusterScope.Regional, Cewc, "CEWC")])
            .When(new JoinCluster("yangtze-river-delta", "beijing", Cewc))
            .ThenRejected("date-before-previous");

    [Fact]
    public void a_region_can_rejoin_from_the_day_it_left() =>
        HubsSpec.Given(BeijingCameAndWent)
            .When(new JoinCluster("beijing-tianjin-hebei", "beijing", Left))
            .Then(new RegionJoinedCluster("beijing-tianjin-hebei", "beijing", Left), new RegionAssignedToCluster("beijing", "beijing-tianjin-hebei", Left));

    [Fact]
    public void a_region_cannot_leave_dated_before_it_joined() =>
        HubsSpec.Given(Bth, BthRegional, Beijing,
                new RegionJoinedCluster("beijing-tianjin-hebei", "beijing", Cewc), new RegionAssignedToCluster("beijing", "beijing-tianjin-hebei", Cewc))
            .When(new LeaveCluster("beijing-tianjin-hebei", "beijing", Cewc.AddDays(-1)))
            .ThenRejected("date-before-previous").Field.ShouldBe("leftOn");
}
