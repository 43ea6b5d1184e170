using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Tracking;
using Microsoft.Extensions.DependencyInjection;

namespace Hubs.EventSourcing.IntegrationTests.Tracking;

public sealed class SeedTrackingTests(ClassStore<SeedTrackingTests> fx) : IClassFixture<ClassStore<SeedTrackingTests>>, IAsyncLifetime
{
    private HubsTracking Tracking => fx.Hubs.Services.GetRequiredService<HubsTracking>();

    public async Task InitializeAsync()
    {
        if (await fx.Hubs.Queries.GetVersionAsync("region:beijing") > 0) return;
        await SeedStory.LoadAsync(fx.Hubs.Commands);
        // Illustrative targets, chosen to exercise several statuses.
        await fx.Hubs.Commands.SendBatchAsync([
            new SetClusterTarget("beijing-tianjin-hebei", TargetMetric.RdIntensity, null, 12.5m, 2035),
            new SetClusterTarget("yangtze-river-delta", TargetMetric.RdIntensity, null, 4.0m, 2035),
            new SetClusterTarget("greater-bay-area", TargetMetric.RdIntensity, null, 6.0m, 2035),
            new SetClusterTarget("greater-bay-area", TargetMetric.GlobalRank, SeedStory.Wipo, 1m, 2035),
        ], Ctx.New(reason: "illustrative targets"));
        await Tracking.CatchUpAsync(TimeSpan.FromSeconds(60));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task the_three_cluster_scorecards_come_out_with_composites_and_statuses()
    {
        var report = await Tracking.GetReportAsync();

        report.Clusters.Select(c => (c.Id, c.Scope, c.Members.Count)).ShouldBe([
            ("beijing-tianjin-hebei", ClusterScope.Regional, 3), ("greater-bay-area", ClusterScope.Regional, 3), ("yangtze-river-delta", ClusterScope.Regional, 4)]);

        var bth = report.Clusters[0];
        bth.ScopeChangedOn.ShouldBe(new DateOnly(2025, 12, 11));
        // 2019: GDP = 100·2233.6/6.31 + 100·463.0/3.28 + 100·566.7/1.61 = 35397.78 + 14115.85 + 35198.76 = 84712.39;
        // 100·(2233.6 + 463.0 + 566.7)/84712.39 = 326330/84712.39 = 3.8522.
        bth.RdIntensity[0].ShouldBe(new CompositeYear(2019, 3.8522m, CompositeMethod.Weighted, 3, 3, [], null));
        // 2024: only Beijing reported (6.58), no expenditure: partial, 1 of 3, shown but never used.
        bth.RdIntensity[^1].ShouldBe(new CompositeYear(2024, 6.58m, CompositeMethod.Partial, 1, 3, ["hebei", "tianjin"], null));
        // Weighted 2019–2022 only (3.8522, 3.9848, 4.1028, 4.2452): slope 0.1297, projected 5.9268, misses 12.5 → off track.
        var bthTarget = bth.Targets.Single();
        (bthTarget.LatestYear, bthTarget.Latest, bthTarget.Projected, bthTarget.TrendSlope, bthTarget.Status)
            .ShouldBe((2022, 4.2452m, 5.9268m, 0.1297m, TargetStatus.OffTrack));

        // YRD: 2024 (Shanghai alone, 4.35) would say "achieved"; the last complete year 2022 is 3.2334 weighted, and the
        // weighted trend (slope 0.1230) projects 4.8159 ≥ 4.0 → on track.
        var yrd = report.Clusters[2].Targets.Single();
        (yrd.LatestYear, yrd.Latest, yrd.Projected, yrd.Status).ShouldBe((2022, 3.2334m, 4.8159m, TargetStatus.OnTrack));

        // GBA: Macao reports nothing and nobody decided to leave it out: no complete year, insufficient data, and why.
        // 2019 is Guangdong and Hong Kong: (2.88 + 0.92)/2 = 1.9, partial 2 of 3.
        var gba = report.Clusters[1];
        gba.RdIntensity[0].ShouldBe(new CompositeYear(2019, 1.9m, CompositeMethod.Partial, 2, 3, ["macao"], null));
        gba.RdIntensity.ShouldAllBe(y => y.Method == CompositeMethod.Partial);
        gba.Targets.Select(t => (t.Metric, t.Status)).ShouldBe([
            (TargetMetric.GlobalRank, TargetStatus.Achieved), (TargetMetric.RdIntensity, TargetStatus.InsufficientData)]);
        gba.Targets[1].Basis.Reason.ShouldBe(
            "no complete year: macao reported no year; report its figures or exclude it from the composite on the record");
        gba.Ranks.ShouldBe([new RankPlacement(SeedStory.Wipo, 2025, 1, "Shenzhen–Hong Kong–Guangzhou", new DateOnly(2025, 9, 16))
        {
            Place = "1", Basis = "recorded rank (global_rank_recorded): #1 as Shenzhen–Hong Kong–Guangzhou",
        }], "no edition recorded: the rank recorded on the cluster counts");
    }

    [Fact]
    public async Task the_2024_leaderboard_puts_beijing_shanghai_guangdong_on_top()
    {
        var board = await Tracking.GetLeaderboardAsync(2024);

        board.Entries.Take(3).Select(e => (e.Rank, e.RegionId, e.Value)).ShouldBe([(1, "beijing", 6.58m), (2, "shanghai", 4.35m), (3, "guangdong", 3.6m)]);
        (await Tracking.GetLeaderboardAsync()).Year.ShouldBe(2024);
    }

    [Fact]
    public async Task joygovai_is_present_in_two_clusters_with_a_planned_branch_in_the_third()
    {
        var footprint = await Tracking.GetEnterpriseFootprintAsync();

        var joy = footprint.Enterprises.Single(e => e.Id == "joygovai");
        joy.Clusters.ShouldBe([
            new ClusterPresence("beijing-tianjin-hebei", 1, 0), new ClusterPresence("greater-bay-area", 0, 1),
            new ClusterPresence("yangtze-river-delta", 1, 0)]);
        joy.PresentInClusters.ShouldBe(2);
        footprint.ClusterEffect.ShouldBe(["joygovai"]);
        footprint.Clusters.Select(c => c.Enterprises).ShouldBe([1, 0, 1]);
    }

    [Fact]
    public async Task a_region_tracker_shows_the_current_series_with_publication_dates()
    {
        var beijing = await Tracking.GetRegionTrackerAsync("beijing");

        beijing.ShouldNotBeNull();
        beijing.ClusterId.ShouldBe("beijing-tianjin-hebei");
        beijing.RdIntensity.Select(y => y.Year).ShouldBe([2019, 2020, 2021, 2022, 2024]);
        beijing.RdIntensity[^1].ShouldBe(new RegionYear(2024, 6.58m, null, null, new DateOnly(2026, 1, 14), "Xinhua 2026-01-14", 0));
        (await Tracking.GetRegionTrackerAsync("nowhere")).ShouldBeNull();
    }
}
