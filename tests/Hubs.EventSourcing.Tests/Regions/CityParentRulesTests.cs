using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Testing;

namespace Hubs.EventSourcing.Tests.Regions;

/// <summary>Cities inside provinces: recording a city's parent, and a cluster that never counts a place beside its parent or city.</summary>
public sealed class CityParentRulesTests
{
    private static readonly DateOnly Outline = new(2019, 2, 18);
    private static readonly RegionRegistered Guangdong = new("guangdong", "Guangdong", RegionKind.Province);
    private static readonly RegionRegistered Shenzhen = new("shenzhen", "Shenzhen", RegionKind.City);
    private static readonly RegionRegistered Hebei = new("hebei", "Hebei", RegionKind.Province);
    private static readonly RegionRegistered China = new("china", "China", RegionKind.Country);
    private static readonly RegionParentRecorded ShenzhenInGuangdong = new("shenzhen", "guangdong");
    private static readonly RegionChildRecorded GuangdongHoldsShenzhen = new("guangdong", "shenzhen");
    private static readonly ClusterEstablished Gba = new("greater-bay-area", "Greater Bay Area", "Shenzhen", ClusterScope.Regional, Outline);

    [Fact]
    public void recording_a_citys_parent_writes_to_the_city_and_to_the_parent() =>
        HubsSpec.Given(Guangdong, Shenzhen)
            .When(new RecordRegionParent("shenzhen", "guangdong"))
            .Then(ShenzhenInGuangdong, GuangdongHoldsShenzhen);

    [Fact]
    public void recording_the_same_parent_again_changes_nothing() =>
        HubsSpec.Given(Guangdong, Shenzhen, ShenzhenInGuangdong, GuangdongHoldsShenzhen)
            .When(new RecordRegionParent("shenzhen", "guangdong"))
            .ThenNothing();

    [Fact]
    public void a_second_different_parent_is_rejected() =>
        HubsSpec.Given(Guangdong, Hebei, Shenzhen, ShenzhenInGuangdong, GuangdongHoldsShenzhen)
            .When(new RecordRegionParent("shenzhen", "hebei"))
            .ThenRejected("parent-already-recorded").Message.ShouldContain("guangdong");

    [Fact]
    public void only_a_city_has_a_parent() =>
        HubsSpec.Given(Guangdong, Hebei)
            .When(new RecordRegionParent("hebei", "guangdong"))
            .ThenRejected("parent-needs-a-city");

    [Fact]
    public void a_city_or_a_country_cannot_be_a_parent()
    {
        HubsSpec.Given(Shenzhen, new RegionRegistered("xiongan", "Xiong'an", RegionKind.City))
            .When(new RecordRegionParent("xiongan", "shenzhen"))
            .ThenRejected("parent-kind-not-allowed");
        HubsSpec.Given(Shenzhen, China)
            .When(new RecordRegionParent("shenzhen", "china"))
            .ThenRejected("parent-kind-not-allowed");
    }

    [Fact]
    public void a_parent_that_is_not_registered_is_rejected_naming_the_parent_field() =>
        HubsSpec.Given(Shenzhen)
            .When(new RecordRegionParent("shenzhen", "guandong"))
            .ThenRejected("region-not-registered").Field.ShouldBe("parentRegionId");

    [Fact]
    public void a_city_cannot_be_its_own_parent() =>
        HubsSpec.Given(Shenzhen)
            .When(new RecordRegionParent("shenzhen", "shenzhen"))
            .ThenRejected("parent-is-self");

    [Fact]
    public void a_city_cannot_join_a_cluster_its_parent_is_in_and_the_rejection_names_both()
    {
        var rejected = HubsSpec.Given(Guangdong, Shenzhen, ShenzhenInGuangdong, GuangdongHoldsShenzhen, Gba,
                new RegionJoinedCluster("greater-bay-area", "guangdong", Outline), new RegionAssignedToCluster("guangdong", "greater-bay-area", Outline))
            .When(new JoinCluster("greater-bay-area", "shenzhen", Outline))
            .ThenRejected("parent-and-child-in-cluster");

        rejected.Message.ShouldContain("Shenzhen", customMessage: "the rejection names the city");
        rejected.Message.ShouldContain("guangdong", customMessage: "the rejection names the parent");
    }

    [Fact]
    public void a_province_cannot_join_a_cluster_one_of_its_cities_is_in_and_the_rejection_names_both()
    {
        var rejected = HubsSpec.Given(Guangdong, Shenzhen, ShenzhenInGuangdong, GuangdongHoldsShenzhen, Gba,
                new RegionJoinedCluster("greater-bay-area", "shenzhen", Outline), new RegionAssignedToCluster("shenzhen", "greater-bay-area", Outline))
            .When(new JoinCluster("greater-bay-area", "guangdong", Outline))
            .ThenRejected("parent-and-child-in-cluster");

        rejected.Message.ShouldContain("Guangdong", customMessage: "the rejection names the province");
        rejected.Message.ShouldContain("shenzhen", customMessage: "the rejection names the city");
    }

    [Fact]
    public void a_city_may_join_a_cluster_its_parent_is_not_in() =>
        HubsSpec.Given(Guangdong, Shenzhen, ShenzhenInGuangdong, GuangdongHoldsShenzhen, Gba)
            .When(new JoinCluster("greater-bay-area", "shenzhen", Outline))
            .Then(new RegionJoinedCluster("greater-bay-area", "shenzhen", Outline), new RegionAssignedToCluster("shenzhen", "greater-bay-area", Outline));

    [Fact]
    public void recording_a_parent_that_shares_the_citys_cluster_is_rejected() =>
        HubsSpec.Given(Guangdong, Shenzhen, Gba,
                new RegionJoinedCluster("greater-bay-area", "guangdong", Outline), new RegionAssignedToCluster("guangdong", "greater-bay-area", Outline),
                new RegionJoinedCluster("greater-bay-area", "shenzhen", Outline), new RegionAssignedToCluster("shenzhen", "greater-bay-area", Outline))
            .When(new RecordRegionParent("shenzhen", "guangdong"))
            .ThenRejected("parent-and-child-in-cluster");
}
