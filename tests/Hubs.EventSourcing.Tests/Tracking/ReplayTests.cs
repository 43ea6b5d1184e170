using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Enterprises;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Tracking;
using JasperFx.Events;

namespace Hubs.EventSourcing.Tests.Tracking;

/// <summary>The read models folded in memory from events, through the same Fold the Marten projections use.</summary>
public sealed class ReplayTests
{
    private const string Unit = "CNY 100m";
    private readonly List<IEvent> _events = [];
    private DateTimeOffset _clock = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private void Given(string streamKey, params object[] data)
    {
        foreach (var d in data)
        {
            _clock = _clock.AddMinutes(1);
            var e = new Event<object>(d) { StreamKey = streamKey, Timestamp = _clock, Sequence = _events.Count + 1 };
            _events.Add(e);
        }
    }

    private TrackingViews Views() => new(TrackingReplay.Build(_events));

    private void Region(string id, RegionKind kind = RegionKind.Province, params (int Year, decimal Pct, decimal? Exp)[] reports)
    {
        Given(Keys.Region(id), new RegionRegistered(id, id.ToUpperInvariant(), kind));
        foreach (var r in reports)
            Given(Keys.Region(id), new RdIntensityReported(id, r.Year, r.Pct, r.Exp, r.Exp is null ? null : Unit, new DateOnly(r.Year + 1, 9, 1), "NBS"));
    }

    private void Join(string cluster, string region)
    {
        Given(Keys.Cluster(cluster), new RegionJoinedCluster(cluster, region, new DateOnly(2026, 1, 1)));
        Given(Keys.Region(region), new RegionAssignedToCluster(region, cluster, new DateOnly(2026, 1, 1)));
    }

    private void Cluster(string id) =>
        Given(Keys.Cluster(id), new ClusterEstablished(id, id.ToUpperInvariant(), "City", ClusterScope.Regional, new DateOnly(2020, 1, 1)));

    [Fact]
    public void a_revision_replaces_the_year_and_changes_the_trend_and_status()
    {
        Region("rev", RegionKind.Province, (2020, 3.0m, null), (2021, 3.1m, null), (2022, 3.5m, null));
        Given(Keys.Region("rev"), new RegionTargetSet("rev", TargetMetric.RdIntensity, 4.0m, 2035));

        var before = Views().Tracker("rev")!.Targets.Single();
        // 3.0, 3.1, 3.5: slope 0.25, projected 3.2 + 0.25·14 = 6.7 ≥ 4.0.
        before.Status.ShouldBe(TargetStatus.OnTrack);
        before.Projected.ShouldBe(6.7m);

        Given(Keys.Region("rev"), new RdIntensityRevised("rev", 2022, 3.1m, null, null, new DateOnly(2024, 9, 1), "NBS", "census", 3.5m));

        var tracker = Views().Tracker("rev")!;
        var after = tracker.Targets.Single();
        // 3.0, 3.1, 3.1: ȳ = 3.0667, Sxy = (−1)(−0.0667) + (1)(0.0333) = 0.1, slope 0.05; at 2035: 9.2/3 + 0.05·14 = 3.7667.
        // Misses 4.0 by 0.2333 ≤ 0.4 (10 %): at risk.
        after.Status.ShouldBe(TargetStatus.AtRisk);
        after.TrendSlope.ShouldBe(0.05m);
        after.Projected.ShouldBe(3.7667m);
        tracker.RdIntensity.Single(y => y.Year == 2022).ShouldBe(new RegionYear(2022, 3.1m, null, null, new DateOnly(2024, 9, 1), "NBS", 1));
    }

    [Fact]
    public void the_current_figure_is_the_one_published_last_and_on_a_tie_the_one_recorded_last()
    {
        RdPublication Pub(int year, decimal pct, int publishedMonth, string source) =>
            new(year, pct, null, null, new DateOnly(2024, publishedMonth, 1), source, _clock);
        var y2022 = new RdYearTrack(Pub(2022, 3.0m, 1, "first"), 1);
        y2022 = RevisionRules.Apply(y2022, Pub(2022, 3.3m, 9, "latest publication"));
        y2022 = RevisionRules.Apply(y2022, Pub(2022, 3.1m, 5, "recorded late, published earlier"));
        var y2023 = new RdYearTrack(Pub(2023, 2.0m, 9, "tie a"), 1);
        y2023 = RevisionRules.Apply(y2023, Pub(2023, 2.5m, 9, "tie b, recorded last"));

        var current = RevisionRules.Current([y2022, y2023]);

        (current[2022].Value, current[2022].Revisions).ShouldBe((3.3m, 2));
        (current[2023].Value, current[2023].Source).ShouldBe((2.5m, "tie b, recorded last"));
    }

    [Fact]
    public void a_region_joining_mid_series_counts_in_the_composite_for_every_year()
    {
        Cluster("mid");
        Region("mid-a", RegionKind.Province, (2020, 2.0m, 100m), (2021, 2.2m, 110m));
        Region("mid-b", RegionKind.Province, (2020, 4.0m, 300m), (2021, 4.4m, 330m));
        Join("mid", "mid-a");

        Views().Scorecard("mid")!.RdIntensity.ShouldBe([
            new CompositeYear(2020, 2.0m, CompositeMethod.Weighted, 1, 1, [], null),
            new CompositeYear(2021, 2.2m, CompositeMethod.Weighted, 1, 1, [], null),
        ]);

        Join("mid", "mid-b");

        var card = Views().Scorecard("mid")!;
        card.Members.ShouldBe(["mid-a", "mid-b"]);
        // 2020: GDP 5000 + 7500, 100·400/12500 = 3.2. 2021: GDP 100·110/2.2 = 5000 + 100·330/4.4 = 7500, 100·440/12500 = 3.52.
        card.RdIntensity.ShouldBe([
            new CompositeYear(2020, 3.2m, CompositeMethod.Weighted, 2, 2, [], null),
            new CompositeYear(2021, 3.52m, CompositeMethod.Weighted, 2, 2, [], null),
        ]);
        card.MembershipHistory.Select(m => m.RegionId).ShouldBe(["mid-a", "mid-b"]);
    }

    [Fact]
    public void composite_values_are_shown_rounded_to_four_decimals()
    {
        Cluster("rnd");
        foreach (var (id, pct) in new[] { ("rnd-a", 1m), ("rnd-b", 2m), ("rnd-c", 2m) })
        {
            Region(id, RegionKind.Province, (2020, pct, null));
            Join("rnd", id);
        }

        // Mean of three members: (1 + 2 + 2) / 3 = 1.6666… → 1.6667.
        Views().Scorecard("rnd")!.RdIntensity.Single().Value.ShouldBe(1.6667m);
    }

    [Fact]
    public void a_cluster_rank_target_is_tracked_on_the_ranking_editions()
    {
        Cluster("rk");
        Given(Keys.Cluster("rk"),
            new GlobalRankRecorded("rk", "WIPO GII", 2023, 3, "X", new DateOnly(2023, 9, 1), "WIPO"),
            new GlobalRankRecorded("rk", "WIPO GII", 2024, 2, "X", new DateOnly(2024, 9, 1), "WIPO"),
            new GlobalRankRecorded("rk", "WIPO GII", 2025, 1, "X", new DateOnly(2025, 9, 1), "WIPO"),
            new ClusterTargetSet("rk", TargetMetric.GlobalRank, "WIPO GII", 1m, 2030));

        var card = Views().Scorecard("rk")!;

        card.Ranks.Select(r => (r.Ranking, r.Edition, r.Rank, r.RankedName, r.PublishedOn, r.Origin))
            .ShouldBe([("WIPO GII", 2025, 1, "X", new DateOnly(2025, 9, 1), RankOrigin.Recorded)], "no edition recorded: the recorded ranks count");
        var t = card.Targets.Single();
        (t.LatestYear, t.Latest, t.Status).ShouldBe((2025, 1m, TargetStatus.Achieved));
        // 3, 2, 1 over 2023..2025: slope −1; at 2030: 2 − 1·6 = −4.
        t.TrendSlope.ShouldBe(-1m);
        t.Projected.ShouldBe(-4m);
    }

    [Fact]
    public void the_leaderboard_ranks_regions_and_lists_a_national_comparator_unranked()
    {
        Region("lb-a", RegionKind.Municipality, (2024, 6.58m, null));
        Region("lb-b", RegionKind.Province, (2024, 3.6m, null));
        Region("lb-c", RegionKind.Province, (2024, 3.6m, null));
        Region("lb-d", RegionKind.Municipality, (2024, 4.35m, null));
        Region("china", RegionKind.Country, (2024, 2.68m, null));
        Region("lb-old", RegionKind.Province, (2023, 9.9m, null));

        var board = Views().Leaderboard(null);

        board.Year.ShouldBe(2024);
        board.Entries.Select(e => (e.Rank, e.RegionId)).ShouldBe([(1, "lb-a"), (2, "lb-d"), (3, "lb-b"), (3, "lb-c")]);
        board.Comparators.Single().ShouldBe(new LeaderboardEntry(null, "china", "CHINA", 2.68m, new DateOnly(2025, 9, 1)));
    }

    [Fact]
    public void an_enterprise_with_open_branches_in_two_clusters_and_a_planned_one_in_a_third_shows_the_cluster_effect()
    {
        foreach (var (cluster, region) in new[] { ("bth", "beijing"), ("yrd", "shanghai"), ("gba", "guangdong") })
        {
            Cluster(cluster);
            Region(region);
            Join(cluster, region);
        }
        Region("sichuan");
        Given(Keys.Enterprise("joygovai"),
            new EnterpriseRegistered("joygovai", "JoyGovAI", "Chengdu", "sichuan"),
            new BranchOpened("joygovai", "beijing", "Beijing", new DateOnly(2024, 3, 1)),
            new BranchOpened("joygovai", "shanghai", "Shanghai", new DateOnly(2024, 6, 1)),
            new BranchPlanned("joygovai", "guangdong", "Shenzhen", new DateOnly(2026, 1, 14)));
        Given(Keys.Enterprise("solo"),
            new EnterpriseRegistered("solo", "Solo", "Chengdu", "sichuan"),
            new BranchOpened("solo", "beijing", "Beijing", new DateOnly(2024, 3, 1)),
            new BranchOpened("solo", "shanghai", "Shanghai", new DateOnly(2024, 3, 1)),
            new BranchClosed("solo", "shanghai", "Shanghai", new DateOnly(2025, 3, 1)));

        var footprint = Views().Footprint();

        var joy = footprint.Enterprises.Single(e => e.Id == "joygovai");
        joy.Clusters.ShouldBe([new ClusterPresence("bth", 1, 0), new ClusterPresence("gba", 0, 1), new ClusterPresence("yrd", 1, 0)]);
        joy.PresentInClusters.ShouldBe(2);
        footprint.ClusterEffect.ShouldBe(["joygovai"]);
        footprint.Clusters.ShouldBe([new ClusterEnterpriseCount("bth", 2), new ClusterEnterpriseCount("gba", 0), new ClusterEnterpriseCount("yrd", 1)]);
        Views().Scorecard("bth")!.Enterprises.ShouldBe(["joygovai", "solo"]);
    }

    [Fact]
    public void years_reported_out_of_order_come_out_in_year_order()
    {
        Region("ooo", RegionKind.Province, (2022, 3.0m, null), (2019, 2.0m, null), (2024, 4.0m, null), (2020, 2.5m, null));

        Views().Tracker("ooo")!.RdIntensity.Select(y => (y.Year, y.Value)).ShouldBe([(2019, 2.0m), (2020, 2.5m), (2022, 3.0m), (2024, 4.0m)]);
    }

    [Fact]
    public void a_region_leaving_drops_out_of_the_composite_and_keeps_its_period_in_the_history()
    {
        Cluster("lv");
        Region("lv-a", RegionKind.Province, (2020, 2.0m, null));
        Region("lv-b", RegionKind.Province, (2020, 4.0m, null));
        Join("lv", "lv-a");
        Join("lv", "lv-b");
        Given(Keys.Cluster("lv"), new RegionLeftCluster("lv", "lv-b", new DateOnly(2026, 6, 1)));
        Given(Keys.Region("lv-b"), new RegionReleasedFromCluster("lv-b", "lv", new DateOnly(2026, 6, 1)));

        var card = Views().Scorecard("lv")!;

        card.Members.ShouldBe(["lv-a"]);
        card.RdIntensity.ShouldBe([new CompositeYear(2020, 2.0m, CompositeMethod.Mean, 1, 1, [], "lv-a: no expenditure")]);
        card.MembershipHistory[1].ShouldBe(new MembershipPeriod("lv-b", new DateOnly(2026, 1, 1), new DateOnly(2026, 6, 1)));
        Views().Tracker("lv-b")!.ClusterId.ShouldBeNull();
    }

    [Fact]
    public void known_at_a_date_before_a_revision_shows_the_first_figure_and_after_it_the_revised_one()
    {
        Region("kn", RegionKind.Province, (2022, 3.5m, null)); // published 2023-09-01
        Given(Keys.Region("kn"), new RdIntensityRevised("kn", 2022, 3.1m, null, null, new DateOnly(2024, 9, 1), "NBS", "census", 3.5m));

        TrackingViews KnownAt(DateOnly d) => new(TrackingReplay.Build(TrackingReplay.PublishedOnOrBefore(_events, d)));

        KnownAt(new DateOnly(2023, 1, 1)).Tracker("kn")!.RdIntensity.ShouldBeEmpty();
        KnownAt(new DateOnly(2024, 8, 31)).Tracker("kn")!.RdIntensity.Single().ShouldBe(
            new RegionYear(2022, 3.5m, null, null, new DateOnly(2023, 9, 1), "NBS", 0));
        KnownAt(new DateOnly(2024, 9, 1)).Tracker("kn")!.RdIntensity.Single().ShouldBe(
            new RegionYear(2022, 3.1m, null, null, new DateOnly(2024, 9, 1), "NBS", 1));
    }

    [Fact]
    public void as_of_an_instant_only_events_recorded_by_then_count()
    {
        Region("asof", RegionKind.Province, (2021, 2.0m, null));
        var cut = _clock;
        Given(Keys.Region("asof"), new RdIntensityReported("asof", 2022, 2.2m, null, null, new DateOnly(2023, 9, 1), "NBS"));

        new TrackingViews(TrackingReplay.Build(TrackingReplay.RecordedAtOrBefore(_events, cut))).Tracker("asof")!
            .RdIntensity.Select(y => y.Year).ShouldBe([2021]);
    }

    [Fact]
    public void events_of_other_streams_are_ignored_by_the_replay()
    {
        Given("mt_tombstone", new object());
        Region("only");

        var data = TrackingReplay.Build(_events);

        data.Regions.Single().RegionId.ShouldBe("only");
        data.Clusters.ShouldBeEmpty();
    }
}
