using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Regions;

namespace Hubs.EventSourcing.IntegrationTests;

/// <summary>What a host needs to resolve names and to check a whole input before writing it.</summary>
public sealed class ListingAndDryRunTests(ClassStore<ListingAndDryRunTests> fx) : IClassFixture<ClassStore<ListingAndDryRunTests>>
{
    private static ReportRdIntensity Report(string region, int year, decimal value) =>
        new(region, year, value, null, null, new DateOnly(year + 1, 9, 1), "NBS");

    [Fact]
    public async Task listing_regions_and_clusters_folds_every_stream_of_that_kind_in_id_order()
    {
        await fx.Hubs.Commands.SendBatchAsync(
            [new RegisterRegion("list-b", "List B", RegionKind.Province), new RegisterRegion("list-a", "List A", RegionKind.Municipality),
             Report("list-b", 2023, 2.5m), new EstablishCluster("list-hub", "List Hub", "List City", new DateOnly(2020, 1, 1)),
             new JoinCluster("list-hub", "list-a", new DateOnly(2020, 1, 1))], Ctx.New());

        var regions = (await fx.Hubs.Queries.ListRegionsAsync()).Where(r => r.Id.StartsWith("list-", StringComparison.Ordinal)).ToList();
        var clusters = await fx.Hubs.Queries.ListClustersAsync();

        regions.Select(r => r.Id).ShouldBe(["list-a", "list-b"]);
        regions[0].ClusterId.ShouldBe("list-hub", "a listed region should be folded to its current state");
        regions[1].Figures[2023].IntensityPct.ShouldBe(2.5m);
        clusters.ShouldContain(c => c.Id == "list-hub" && c.Members.Contains("list-a"));
    }

    [Fact]
    public async Task checking_a_batch_reports_every_broken_rule_by_index_and_writes_nothing()
    {
        await fx.Hubs.Commands.SendAsync(new RegisterRegion("check-a", "Check A", RegionKind.Province), Ctx.New());
        await fx.Hubs.Commands.SendAsync(Report("check-a", 2020, 1m), Ctx.New());
        var events = await fx.Hubs.ScalarAsync<long>("select count(*) from mt_events");

        var ex = await Should.ThrowAsync<CommandRejectedException>(() => fx.Hubs.Commands.CheckBatchAsync(
            [Report("check-a", 2021, 1m), Report("no-such-region", 2021, 1m), Report("check-a", 2020, 2m)]));

        ex.Violations.Select(v => (v.CommandIndex, v.Code)).ShouldBe([(1, "region-not-registered"), (2, "year-already-reported")]);
        (await fx.Hubs.ScalarAsync<long>("select count(*) from mt_events")).ShouldBe(events);
    }

    [Fact]
    public async Task checking_a_valid_batch_writes_nothing()
    {
        await fx.Hubs.Commands.CheckBatchAsync([new RegisterRegion("check-b", "Check B", RegionKind.Province), Report("check-b", 2021, 1m)]);

        (await fx.Hubs.Queries.GetRegionAsync("check-b")).ShouldBeNull("a dry run must not register the region");
    }
}
