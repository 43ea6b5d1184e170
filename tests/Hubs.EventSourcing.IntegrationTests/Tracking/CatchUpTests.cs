using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Tracking;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Hubs.EventSourcing.IntegrationTests.Tracking;

public sealed class CatchUpTests(ClassStore<CatchUpTests> fx) : IClassFixture<ClassStore<CatchUpTests>>
{
    private HubsTracking Tracking => fx.Hubs.Services.GetRequiredService<HubsTracking>();

    [Fact]
    public async Task read_models_are_async_so_a_command_alone_does_not_update_them_until_caught_up()
    {
        await fx.Hubs.Commands.SendAsync(new RegisterRegion("async-a", "Async A", RegionKind.Province), Ctx.New());

        (await Tracking.GetRegionTrackerAsync("async-a")).ShouldBeNull("no daemon has run yet");

        await Tracking.CatchUpAsync(TimeSpan.FromSeconds(30));
        (await Tracking.GetRegionTrackerAsync("async-a")).ShouldNotBeNull();
    }

    [Fact]
    public async Task a_host_running_the_daemon_can_wait_for_the_read_models_to_catch_up()
    {
        using var daemon = await fx.Hubs.Store.BuildProjectionDaemonAsync();
        await daemon.StartAllAsync();
        try
        {
            await fx.Hubs.Commands.SendAsync(new RegisterRegion("wait-a", "Wait A", RegionKind.Province), Ctx.New());
            await fx.Hubs.Commands.SendAsync(new ReportRdIntensity("wait-a", 2024, 2.5m, null, null, new DateOnly(2025, 9, 1), "NBS"), Ctx.New());

            await Tracking.WaitForProjectionsAsync(TimeSpan.FromSeconds(30));

            (await Tracking.GetRegionTrackerAsync("wait-a"))!.RdIntensity.Single().Value.ShouldBe(2.5m);
        }
        finally
        {
            await daemon.StopAllAsync();
        }
    }
}
