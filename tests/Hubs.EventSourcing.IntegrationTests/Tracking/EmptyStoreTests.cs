using Hubs.EventSourcing.Tracking;
using Microsoft.Extensions.DependencyInjection;

namespace Hubs.EventSourcing.IntegrationTests.Tracking;

public sealed class EmptyStoreTests(ClassStore<EmptyStoreTests> fx) : IClassFixture<ClassStore<EmptyStoreTests>>
{
    [Fact]
    public async Task catching_up_and_querying_an_empty_store_gives_empty_read_models()
    {
        var tracking = fx.Hubs.Services.GetRequiredService<HubsTracking>();

        await tracking.CatchUpAsync(TimeSpan.FromSeconds(10));
        var report = await tracking.GetReportAsync();

        report.Clusters.ShouldBeEmpty();
        report.Regions.ShouldBeEmpty();
        (await tracking.GetLeaderboardAsync()).Entries.ShouldBeEmpty();
    }
}
