using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Tracking;
using Microsoft.Extensions.DependencyInjection;

namespace Hubs.EventSourcing.IntegrationTests.Tracking;

/// <summary>
/// As known at a date, a member whose figures are stored but were published later is not told to report them: the basis
/// says they exist and count from their publication date. A member with no figure at all still gets the advice.
/// </summary>
public sealed class KnownAtAdviceTests(ClassStore<KnownAtAdviceTests> fx) : IClassFixture<ClassStore<KnownAtAdviceTests>>
{
    private HubsTracking Tracking => fx.Hubs.Services.GetRequiredService<HubsTracking>();

    [Fact]
    public async Task a_member_with_figures_published_after_the_date_is_named_as_such_and_a_member_with_none_is_told_to_report()
    {
        await fx.Hubs.Commands.SendBatchAsync([
            new EstablishCluster("adv", "Adv", "Adv City", new DateOnly(2020, 1, 1)), new ExpandClusterScope("adv", new DateOnly(2020, 1, 1), "board"),
            new RegisterRegion("adv-a", "Adv A", RegionKind.Province), new RegisterRegion("adv-late", "Adv Late", RegionKind.Province),
            new RegisterRegion("adv-none", "Adv None", RegionKind.Province),
            new JoinCluster("adv", "adv-a", new DateOnly(2020, 1, 1)), new JoinCluster("adv", "adv-late", new DateOnly(2020, 1, 1)),
            new ReportRdIntensity("adv-a", 2022, 2.4m, null, null, new DateOnly(2023, 9, 1), "NBS"),
            new ReportRdIntensity("adv-late", 2022, 1.1m, null, null, new DateOnly(2025, 6, 1), "C&SD"),
            new SetClusterTarget("adv", TargetMetric.RdIntensity, null, 3m, 2035),
        ], Ctx.New());

        var known = await Tracking.GetReportAsync(null, new DateOnly(2024, 12, 31));

        var reason = known.Clusters.Single(c => c.Id == "adv").Targets.Single().Basis.Reason;
        reason.ShouldNotBeNull().ShouldContain("adv-late has figures stored but none published by 2024-12-31");
        reason.ShouldNotContain("report its figures", customMessage: "its figures are stored: the advice does not apply");

        await fx.Hubs.Commands.SendAsync(new JoinCluster("adv", "adv-none", new DateOnly(2020, 1, 1)), Ctx.New());
        var withNone = await Tracking.GetReportAsync(null, new DateOnly(2024, 12, 31));

        var both = withNone.Clusters.Single(c => c.Id == "adv").Targets.Single().Basis.Reason.ShouldNotBeNull();
        both.ShouldContain("adv-none reported no year; report its figures");
        both.ShouldContain("adv-late has figures stored");
    }
}
