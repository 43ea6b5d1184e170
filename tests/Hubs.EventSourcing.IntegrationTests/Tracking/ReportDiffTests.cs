using Hubs.EventSourcing.ExchangeRates;
using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Tracking;
using Microsoft.Extensions.DependencyInjection;

namespace Hubs.EventSourcing.IntegrationTests.Tracking;

public sealed class ReportDiffTests(ClassStore<ReportDiffTests> fx) : IClassFixture<ClassStore<ReportDiffTests>>
{
    private HubsTracking Tracking => fx.Hubs.Services.GetRequiredService<HubsTracking>();

    [Fact]
    public async Task a_diff_between_two_instants_lists_the_joined_member_the_new_figure_and_the_events_behind_them()
    {
        await fx.Hubs.Commands.SendAsync(new EstablishCluster("diff-c", "Diff C", "Diff City", new DateOnly(2020, 1, 1)), Ctx.New());
        await fx.Hubs.Commands.SendAsync(new RegisterRegion("diff-a", "Diff A", RegionKind.Province), Ctx.New());
        var before = fx.Clock.GetUtcNow();
        fx.Clock.Advance(TimeSpan.FromMinutes(1));
        await fx.Hubs.Commands.SendAsync(new JoinCluster("diff-c", "diff-a", new DateOnly(2021, 1, 1)), Ctx.New("analyst:zhao", "joined"));
        await fx.Hubs.Commands.SendAsync(
            new ReportRdIntensity("diff-a", 2022, 2.4m, null, null, new DateOnly(2023, 9, 1), "NBS"), Ctx.New("analyst:zhao", "2022 figure"));

        var diff = await Tracking.DiffAsync(new ReportPoint(AsOf: before), new ReportPoint(AsOf: fx.Clock.GetUtcNow()));

        var joined = diff.Changes.Single(c => c.Kind == ChangeKind.MemberJoined && c.Subject == "cluster:diff-c");
        joined.After.ShouldBe("diff-a");
        joined.Causes.Select(e => (e.EventType, e.Actor, e.Reason)).ShouldBe([("region_joined_cluster", "analyst:zhao", "joined")]);
        var figure = diff.Changes.Single(c => c.Kind == ChangeKind.FigureChanged && c.Subject == "region:diff-a");
        (figure.Item, figure.Before, figure.After).ShouldBe(("2022", null, "2.4"));
        figure.Causes.Single().EventType.ShouldBe("rd_intensity_reported");
        var composite = diff.Changes.Single(c => c.Kind == ChangeKind.CompositeChanged && c.Subject == "cluster:diff-c");
        (composite.Item, composite.After).ShouldBe(("2022", "2.4 (mean)"));
    }

    [Fact]
    public async Task a_diff_between_two_publication_dates_shows_a_revision_with_its_event()
    {
        await fx.Hubs.Commands.SendAsync(new RegisterRegion("diff-r", "Diff R", RegionKind.Province), Ctx.New());
        await fx.Hubs.Commands.SendAsync(new ReportRdIntensity("diff-r", 2022, 2.0m, null, null, new DateOnly(2023, 9, 1), "NBS"), Ctx.New());
        await fx.Hubs.Commands.SendAsync(new ReviseRdIntensity("diff-r", 2022, 2.5m, null, null, new DateOnly(2024, 3, 1), "NBS", "census"), Ctx.New());

        var diff = await Tracking.DiffAsync(new ReportPoint(KnownAt: new DateOnly(2023, 12, 31)), new ReportPoint(KnownAt: new DateOnly(2024, 6, 30)));

        var change = diff.Changes.Where(c => c.Subject == "region:diff-r").ShouldHaveSingleItem();
        (change.Kind, change.Item, change.Before, change.After).ShouldBe((ChangeKind.FigureChanged, "2022", "2.0", "2.5"));
        change.Causes.Select(e => (e.EventType, e.Version)).ShouldBe([("rd_intensity_revised", 3L)]);
    }

    [Fact]
    public async Task a_diff_across_an_exclusion_names_the_decision_and_the_composite_years_it_changed()
    {
        await fx.Hubs.Commands.SendBatchAsync([
            new EstablishCluster("diff-x", "Diff X", "X City", new DateOnly(2020, 1, 1)), new RegisterRegion("diff-xa", "Diff XA", RegionKind.Province),
            new RegisterRegion("diff-xm", "Diff XM", RegionKind.Province), new JoinCluster("diff-x", "diff-xa", new DateOnly(2020, 1, 1)),
            new ExpandClusterScope("diff-x", new DateOnly(2020, 1, 1), "board"), new JoinCluster("diff-x", "diff-xm", new DateOnly(2020, 1, 1)),
            new ReportRdIntensity("diff-xa", 2022, 2.4m, 100m, "CNY 100m", new DateOnly(2023, 9, 1), "NBS"),
        ], Ctx.New());
        var before = fx.Clock.GetUtcNow();
        fx.Clock.Advance(TimeSpan.FromMinutes(1));
        await fx.Hubs.Commands.SendAsync(new ExcludeMemberFromComposite("diff-x", "diff-xm", "no series"), Ctx.New("analyst:li", "decision"));
        var afterExclusion = fx.Clock.GetUtcNow();
        fx.Clock.Advance(TimeSpan.FromMinutes(1));
        await fx.Hubs.Commands.SendAsync(new ReinstateMemberInComposite("diff-x", "diff-xm", "series found"), Ctx.New("analyst:li", "reversal"));

        var excluded = await Tracking.DiffAsync(new ReportPoint(AsOf: before), new ReportPoint(AsOf: afterExclusion));
        var reinstated = await Tracking.DiffAsync(new ReportPoint(AsOf: afterExclusion), new ReportPoint(AsOf: fx.Clock.GetUtcNow()));

        var decision = excluded.Changes.Single(c => c.Kind == ChangeKind.MemberExcludedFromComposite);
        (decision.Subject, decision.Item, decision.After).ShouldBe(("cluster:diff-x", "diff-xm", "no series"));
        decision.Causes.Select(e => (e.EventType, e.Actor)).ShouldBe([("member_excluded_from_composite", "analyst:li")]);
        // 2022: partial 1 of 2 (2.4) before, weighted over the one counted member after.
        var composite = excluded.Changes.Single(c => c.Kind == ChangeKind.CompositeChanged && c.Subject == "cluster:diff-x");
        (composite.Item, composite.Before, composite.After).ShouldBe(("2022", "2.4 (partial)", "2.4 (weighted)"));
        composite.Causes.Single().EventType.ShouldBe("member_excluded_from_composite");
        reinstated.Changes.Single(c => c.Kind == ChangeKind.MemberReinstatedInComposite).Before.ShouldBe("no series");
    }
    [Fact]
    public async Task a_diff_names_as_causes_only_events_that_can_move_the_item_not_a_rate_of_a_currency_no_member_uses_nor_a_rank()
    {
        await fx.Hubs.Commands.SendBatchAsync([
            new EstablishCluster("diff-cn", "Diff CN", "CN City", new DateOnly(2020, 1, 1)), new RegisterRegion("diff-cn-a", "Diff CN A", RegionKind.Province),
            new JoinCluster("diff-cn", "diff-cn-a", new DateOnly(2020, 1, 1)),
            new ReportRdIntensity("diff-cn-a", 2022, 2.4m, 100m, "CNY 100m", new DateOnly(2023, 9, 1), "NBS"),
            new EstablishCluster("diff-hk", "Diff HK", "HK City", new DateOnly(2020, 1, 1)), new RegisterRegion("diff-hk-a", "Diff HK A", RegionKind.Province),
            new JoinCluster("diff-hk", "diff-hk-a", new DateOnly(2020, 1, 1)),
            new ReportRdIntensity("diff-hk-a", 2022, 1.1m, 30000m, "HKD m", new DateOnly(2023, 12, 1), "C&SD"),
        ], Ctx.New());
        var before = fx.Clock.GetUtcNow();
        fx.Clock.Advance(TimeSpan.FromMinutes(1));
        await fx.Hubs.Commands.SendBatchAsync([
            new RecordExchangeRate("HKD", 2022, 0.8589m, new DateOnly(2023, 1, 31), "indicative"),
            new RecordGlobalRank("diff-cn", "WIPO GII S&T clusters", 2025, 7, "CN City", new DateOnly(2025, 9, 16), "WIPO"),
            new SetClusterTarget("diff-cn", TargetMetric.RdIntensity, null, 5m, 2035),
            new ReportRdIntensity("diff-cn-a", 2023, 2.6m, 110m, "CNY 100m", new DateOnly(2024, 9, 1), "NBS"),
        ], Ctx.New());

        var diff = await Tracking.DiffAsync(new ReportPoint(AsOf: before), new ReportPoint(AsOf: fx.Clock.GetUtcNow()));

        var status = diff.Changes.Single(c => c.Kind == ChangeKind.StatusChanged && c.Subject == "cluster:diff-cn" && c.Item == "rd-intensity target");
        status.Causes.Select(e => e.EventType).ShouldBe(["cluster_target_set_v2", "rd_intensity_reported"], ignoreOrder: true,
            "an R&D target moves with the target and the members' figures, not with a rank or an HKD rate no member uses");
        var composite = diff.Changes.Single(c => c.Kind == ChangeKind.CompositeChanged && c.Subject == "cluster:diff-cn" && c.Item == "2023");
        composite.Causes.Select(e => e.EventType).ShouldBe(["rd_intensity_reported"]);
        var hk = diff.Changes.Where(c => c.Subject == "cluster:diff-hk").ToList();
        hk.ShouldNotBeEmpty("the rate turns the HKD member's 2022 spending into yuan: the composite's method changes");
        hk.ShouldAllBe(c => c.Causes.All(e => e.EventType == "exchange_rate_recorded"), "the HKD rate is the only thing that changed for the HKD member's cluster");
    }
}
