using System.Text.Json;
using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Tracking;
using Microsoft.Extensions.DependencyInjection;

namespace Hubs.EventSourcing.IntegrationTests.Tracking;

public sealed class AsOfReportTests(ClassStore<AsOfReportTests> fx) : IClassFixture<ClassStore<AsOfReportTests>>
{
    private HubsTracking Tracking => fx.Hubs.Services.GetRequiredService<HubsTracking>();

    [Fact]
    public async Task a_revised_figure_shows_the_first_value_known_or_recorded_before_the_revision_and_the_revised_one_after()
    {
        await fx.Hubs.Commands.SendAsync(new RegisterRegion("rev-a", "Rev A", RegionKind.Province), Ctx.New());
        await fx.Hubs.Commands.SendAsync(new ReportRdIntensity("rev-a", 2022, 2.0m, null, null, new DateOnly(2023, 9, 1), "NBS"), Ctx.New());
        var beforeRevision = fx.Clock.GetUtcNow();
        fx.Clock.Advance(TimeSpan.FromDays(1));
        await fx.Hubs.Commands.SendAsync(
            new ReviseRdIntensity("rev-a", 2022, 2.5m, null, null, new DateOnly(2024, 3, 1), "NBS", "census"), Ctx.New());

        (await Figure2022(null, new DateOnly(2023, 12, 31))).ShouldBe(2.0m);
        (await Figure2022(null, new DateOnly(2024, 6, 30))).ShouldBe(2.5m);
        (await Figure2022(beforeRevision, null)).ShouldBe(2.0m);
        (await Figure2022(fx.Clock.GetUtcNow(), null)).ShouldBe(2.5m);
    }

    [Fact]
    public async Task the_report_as_of_now_equals_the_live_report_after_catching_up()
    {
        await fx.Hubs.Commands.SendAsync(new EstablishCluster("now-c", "Now Cluster", "Now City", new DateOnly(2020, 1, 1)), Ctx.New());
        await fx.Hubs.Commands.SendAsync(new RegisterRegion("now-a", "Now A", RegionKind.Province), Ctx.New());
        await fx.Hubs.Commands.SendAsync(new JoinCluster("now-c", "now-a", new DateOnly(2020, 1, 1)), Ctx.New());
        await fx.Hubs.Commands.SendAsync(new ReportRdIntensity("now-a", 2022, 3.1m, null, null, new DateOnly(2023, 9, 1), "NBS"), Ctx.New());
        fx.Clock.Advance(TimeSpan.FromHours(1));
        await fx.Hubs.Commands.SendAsync(
            new ReviseRdIntensity("now-a", 2022, 3.3m, null, null, new DateOnly(2024, 3, 1), "NBS", "census"), Ctx.New());
        await Tracking.CatchUpAsync(TimeSpan.FromSeconds(60));

        var live = await Tracking.GetReportAsync();
        var asOfNow = await Tracking.GetReportAsync(fx.Clock.GetUtcNow(), null);

        Json(asOfNow.Regions.Single(r => r.Id == "now-a")).ShouldBe(Json(live.Regions.Single(r => r.Id == "now-a")));
        Json(asOfNow.Clusters.Single(c => c.Id == "now-c")).ShouldBe(Json(live.Clusters.Single(c => c.Id == "now-c")));
        asOfNow.Clusters.Single(c => c.Id == "now-c").Members.ShouldBe(["now-a"]);
    }

    private async Task<decimal> Figure2022(DateTimeOffset? asOf, DateOnly? knownAt) =>
        (await Tracking.GetReportAsync(asOf, knownAt)).Regions.Single(r => r.Id == "rev-a").RdIntensity.Single(y => y.Year == 2022).Value;

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);
}
