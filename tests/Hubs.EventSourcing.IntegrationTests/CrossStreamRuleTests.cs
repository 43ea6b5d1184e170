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

    private async Task<(long Events, long Streams, long Commands)> Snapshot() => (
        await fx.Hubs.ScalarAsync<long>("select count(*) from mt_events"),
        await fx.Hubs.ScalarAsync<long>("select count(*) from mt_streams"),
        await fx.Hubs.ScalarAsync<long>("select count(*) from mt_doc_processedcommand"));
}
