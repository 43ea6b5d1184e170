using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Enterprises;
using Hubs.EventSourcing.Regions;

namespace Hubs.EventSourcing.IntegrationTests;

/// <summary>Rules that read a second stream, decided against the store: the region an enterprise names, membership dates.</summary>
public sealed class CrossStreamRuleTests(ClassStore<CrossStreamRuleTests> fx) : IClassFixture<ClassStore<CrossStreamRuleTests>>
{
    private HubsCommands Commands => fx.Hubs.Commands;

    [Fact]
    public async Task a_branch_in_a_region_that_is_not_registered_is_rejected_and_nothing_is_written()
    {
        await Commands.SendAsync(new RegisterRegion("xs-guangdong", "Guangdong", RegionKind.Province), Ctx.New());
        await Commands.SendAsync(new RegisterEnterprise("xs-dji", "DJI", "Shenzhen", "xs-guangdong"), Ctx.New());
        var before = await Snapshot();

        var typo = await Should.ThrowAsync<CommandRejectedException>(() =>
            Commands.SendAsync(new OpenBranch("xs-dji", "xs-guandong", "Guangzhou", new DateOnly(2026, 11, 1)), Ctx.New()));

        typo.Code.ShouldBe("region-not-registered");
        typo.Field.ShouldBe("regionId");
        (await Snapshot()).ShouldBe(before, "a rejected command writes nothing");
        (await Commands.SendAsync(new OpenBranch("xs-dji", "xs-guangdong", "Guangzhou", new DateOnly(2026, 11, 1)), Ctx.New()))
            .Streams.ShouldBe([new StreamVersion("enterprise:xs-dji", 2)], "the region's stream is read, never written");
    }

    [Fact]
    public async Task a_batch_registering_the_region_before_the_branch_is_accepted()
    {
        var result = await Commands.SendBatchAsync(
            [new RegisterRegion("xs-sichuan", "Sichuan", RegionKind.Province), new RegisterEnterprise("xs-joy", "JoyGovAI", "Chengdu", "xs-sichuan")],
            Ctx.New());

        result.Outcome.ShouldBe(CommandOutcome.Appended);
    }

    [Fact]
    public async Task a_rejoin_dated_before_the_last_leave_is_rejected_and_nothing_is_written()
    {
        await Commands.SendBatchAsync(
        [
            new RegisterRegion("xs-chongqing", "Chongqing", RegionKind.Municipality), new EstablishCluster("xs-cc", "Chengdu–Chongqing", "Chengdu", new DateOnly(2020, 1, 3)),
            new ExpandClusterScope("xs-cc", new DateOnly(2025, 12, 11), "CEWC"), new JoinCluster("xs-cc", "xs-chongqing", new DateOnly(2025, 12, 11)),
            new LeaveCluster("xs-cc", "xs-chongqing", new DateOnly(2026, 1, 1)),
        ], Ctx.New());
        var before = await Snapshot();

        var backdated = await Should.ThrowAsync<CommandRejectedException>(() =>
            Commands.SendAsync(new JoinCluster("xs-cc", "xs-chongqing", new DateOnly(2019, 1, 1)), Ctx.New()));

        backdated.Code.ShouldBe("date-before-previous");
        backdated.Field.ShouldBe("joinedOn");
        (await Snapshot()).ShouldBe(before, "a rejected join writes to neither stream");
    }

    [Fact]
    public async Task a_city_joining_the_cluster_its_province_is_in_is_rejected_naming_both_and_nothing_is_written()
    {
        var outline = new DateOnly(2019, 2, 18);
        await Commands.SendBatchAsync(
        [
            new RegisterRegion("xs-guangdong-p", "Guangdong", RegionKind.Province), new RegisterRegion("xs-shenzhen", "Shenzhen", RegionKind.City),
            new RecordRegionParent("xs-shenzhen", "xs-guangdong-p"), new EstablishCluster("xs-gba", "Greater Bay Area", "Shenzhen", outline),
            new JoinCluster("xs-gba", "xs-guangdong-p", outline),
        ], Ctx.New());
        var before = await Snapshot();

        var twice = await Should.ThrowAsync<CommandRejectedException>(() =>
            Commands.SendAsync(new JoinCluster("xs-gba", "xs-shenzhen", outline), Ctx.New()));

        twice.Code.ShouldBe("parent-and-child-in-cluster");
        twice.Message.ShouldContain("Shenzhen", customMessage: "the rejection names the city");
        twice.Message.ShouldContain("xs-guangdong-p", customMessage: "the rejection names the province already counted");
        (await Snapshot()).ShouldBe(before, "a rejected join writes to neither stream");
        var province = await fx.Hubs.Queries.GetRegionAsync("xs-guangdong-p");
        province!.Children.ShouldBe(["xs-shenzhen"], "the parent's stream records its city, read back from PostgreSQL");
        (await fx.Hubs.Queries.GetRegionAsync("xs-shenzhen"))!.ParentId.ShouldBe("xs-guangdong-p");
    }

    private async Task<(long Events, long Streams, long Commands)> Snapshot() => (
        await fx.Hubs.ScalarAsync<long>("select count(*) from mt_events"),
        await fx.Hubs.ScalarAsync<long>("select count(*) from mt_streams"),
        await fx.Hubs.ScalarAsync<long>("select count(*) from mt_doc_processedcommand"));
}
