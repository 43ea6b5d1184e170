using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Regions;

namespace Hubs.EventSourcing.Tests.Auditing;

public sealed class InvariantVerifierTests
{
    private static readonly DateOnly Day = new(2026, 1, 14);
    private static readonly DateTimeOffset T0 = new(2026, 1, 14, 8, 0, 0, TimeSpan.Zero);
    private readonly InvariantVerifier _verifier = new();
    private int _minute;

    private void Unit(params (string Stream, long Version, object Data)[] events)
    {
        var at = T0.AddMinutes(++_minute);
        foreach (var (stream, version, data) in events) _verifier.Add(stream, version, at, data);
    }

    private void Join(string cluster, string region, long clusterVersion, long regionVersion) => Unit(
        ($"cluster:{cluster}", clusterVersion, new RegionJoinedCluster(cluster, region, Day)),
        ($"region:{region}", regionVersion, new RegionAssignedToCluster(region, cluster, Day)));

    private void Leave(string cluster, string region, long clusterVersion, long regionVersion) => Unit(
        ($"cluster:{cluster}", clusterVersion, new RegionLeftCluster(cluster, region, Day)),
        ($"region:{region}", regionVersion, new RegionReleasedFromCluster(region, cluster, Day)));

    [Fact]
    public void joins_and_leaves_that_keep_a_region_in_one_cluster_at_a_time_are_intact()
    {
        Join("a", "r", 2, 2);
        Leave("a", "r", 3, 3);
        Join("b", "r", 2, 4);

        _verifier.Finish().ShouldBeEmpty();
    }

    [Fact]
    public void a_region_joined_to_a_second_cluster_without_leaving_the_first_is_a_violation_where_it_happened()
    {
        Join("a", "r", 2, 2);
        Join("b", "r", 2, 3);

        var found = _verifier.Finish().ShouldHaveSingleItem();
        found.Kind.ShouldBe(BreakKind.InvariantViolation);
        (found.StreamKey, found.Version).ShouldBe(("region:r", 3L));
        found.Detail.ShouldContain("member of 2 clusters at once (a, b)");
    }

    [Fact]
    public void the_sides_of_one_unit_are_checked_together_in_whatever_order_they_were_stored()
    {
        // A batch stores streams one after the other: all cluster rows, then all region rows, with one recorded-at.
        Unit(("cluster:a", 2, new RegionLeftCluster("a", "r", Day)), ("cluster:b", 2, new RegionJoinedCluster("b", "r", Day)),
            ("region:r", 3, new RegionReleasedFromCluster("r", "a", Day)), ("region:r", 4, new RegionAssignedToCluster("r", "b", Day)));

        _verifier.Finish().ShouldBeEmpty();
    }

    [Fact]
    public void a_cluster_side_without_its_region_side_is_a_disagreement()
    {
        Unit(("cluster:a", 2, new RegionJoinedCluster("a", "r", Day)));

        _verifier.Finish().ShouldHaveSingleItem().Detail.ShouldContain("the region's stream assigns it to none");
    }

    [Fact]
    public void a_rule_that_stays_broken_is_reported_once_and_again_only_after_it_held()
    {
        Join("a", "r", 2, 2);
        Join("b", "r", 2, 3);
        Unit(("region:r", 4, new RegionTargetSet("r", TargetMetric.RdIntensity, 3m, 2030)));
        Leave("b", "r", 3, 5);
        Leave("a", "r", 3, 6);
        Join("c", "r", 2, 7);
        Join("d", "r", 2, 8);

        _verifier.Finish().Select(b => b.Version).ShouldBe([3L, 8L]);
    }

    [Fact]
    public void a_city_and_the_region_it_lies_in_both_members_of_one_cluster_is_a_violation_whichever_joined_last()
    {
        Unit(("region:shenzhen", 2, new RegionParentRecorded("shenzhen", "guangdong")));
        Join("gba", "guangdong", 2, 2);
        Join("gba", "shenzhen", 3, 3);

        var found = _verifier.Finish().ShouldHaveSingleItem();
        (found.StreamKey, found.Version).ShouldBe(("region:shenzhen", 3L));
        found.Detail.ShouldContain("cluster 'gba' counts city 'shenzhen' beside 'guangdong'");
    }

    [Fact]
    public void a_parent_recorded_while_city_and_region_are_both_members_is_a_violation_and_members_of_two_clusters_are_not()
    {
        Join("gba", "guangdong", 2, 2);
        Join("other", "shenzhen", 2, 2);
        Unit(("region:shenzhen", 3, new RegionParentRecorded("shenzhen", "guangdong")));
        _verifier.Finish().ShouldBeEmpty();

        var forged = new InvariantVerifier();
        forged.Add("region:shenzhen", 2, T0, new RegionParentRecorded("shenzhen", "guangdong"));
        forged.Add("cluster:gba", 2, T0.AddMinutes(1), new RegionJoinedCluster("gba", "shenzhen", Day));
        forged.Add("region:shenzhen", 3, T0.AddMinutes(1), new RegionAssignedToCluster("shenzhen", "gba", Day));
        forged.Add("cluster:gba", 3, T0.AddMinutes(2), new RegionJoinedCluster("gba", "guangdong", Day));
        forged.Add("region:guangdong", 2, T0.AddMinutes(2), new RegionAssignedToCluster("guangdong", "gba", Day));
        forged.Finish().ShouldHaveSingleItem().StreamKey.ShouldBe("region:guangdong");
    }
}
