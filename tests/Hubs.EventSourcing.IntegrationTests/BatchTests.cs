using Hubs.EventSourcing.Commanding;
using Hubs.EventSourcing.Storage;
using Hubs.EventSourcing.Regions;

namespace Hubs.EventSourcing.IntegrationTests;

public sealed class BatchTests(ClassStore<BatchTests> fx) : IClassFixture<ClassStore<BatchTests>>
{
    private static ReportRdIntensity Report(string region, int year, decimal value) =>
        new(region, year, value, null, null, new DateOnly(year + 1, 9, 1), "NBS");

    [Fact]
    public async Task a_planned_import_still_checks_and_writes_after_another_registered_its_regions_as_planned()
    {
        // Two importers of one file plan against the store before either writes: both plan to register the region.
        IHubsCommand[] planned = [new RegisterRegion("race-imp", "Race Imp", RegionKind.Province), Report("race-imp", 2022, 1m)];
        await fx.Hubs.Commands.SendAsync(new RegisterRegion("race-imp", "Race Imp", RegionKind.Province), Ctx.New());

        await fx.Hubs.Commands.CheckBatchAsync(planned);
        var result = await fx.Hubs.Commands.SendBatchAsync(planned, Ctx.New());

        result.Streams.ShouldBe([new StreamVersion("region:race-imp", 2)], "the registration as it stands adds nothing; the report is written");
    }

    [Fact]
    public async Task a_planned_import_is_rejected_when_another_registered_its_region_otherwise()
    {
        await fx.Hubs.Commands.SendAsync(new RegisterRegion("race-other", "Race Other", RegionKind.Municipality), Ctx.New());

        var ex = await Should.ThrowAsync<CommandRejectedException>(() => fx.Hubs.Commands.CheckBatchAsync(
            [new RegisterRegion("race-other", "Race Other", RegionKind.Province), Report("race-other", 2022, 1m)]));

        ex.Code.ShouldBe("region-already-registered");
    }

    [Fact]
    public async Task a_batch_decides_each_command_on_the_state_left_by_the_ones_before()
    {
        var result = await fx.Hubs.Commands.SendBatchAsync(
            [new RegisterRegion("batch-a", "Batch A", RegionKind.Province), Report("batch-a", 2022, 1m), Report("batch-a", 2023, 1.1m)], Ctx.New());

        result.Streams.ShouldBe([new StreamVersion("region:batch-a", 3)]);
        (await fx.Hubs.Queries.GetRegionAsync("batch-a"))!.Figures.Count.ShouldBe(2);
    }

    [Fact]
    public async Task one_bad_command_rejects_the_whole_batch_with_every_violation_located_and_writes_nothing()
    {
        await fx.Hubs.Commands.SendAsync(new RegisterRegion("batch-b", "Batch B", RegionKind.Province), Ctx.New());
        var events = await fx.Hubs.ScalarAsync<long>("select count(*) from mt_events");

        var ex = await Should.ThrowAsync<CommandRejectedException>(() => fx.Hubs.Commands.SendBatchAsync(
            [Report("batch-b", 2020, 1m), Report("batch-b", 2021, 0m), Report("no-such-region", 2021, 1m), Report("batch-b", 2022, 1m)], Ctx.New()));

        ex.Violations.Select(v => (v.CommandIndex, v.Code)).ShouldBe([(1, "intensity-out-of-range")]);
        (await fx.Hubs.ScalarAsync<long>("select count(*) from mt_events")).ShouldBe(events);

        var ruleEx = await Should.ThrowAsync<CommandRejectedException>(() => fx.Hubs.Commands.SendBatchAsync(
            [Report("batch-b", 2020, 1m), Report("no-such-region", 2021, 1m), Report("batch-b", 2020, 2m)], Ctx.New()));

        ruleEx.Violations.Select(v => (v.CommandIndex, v.Code)).ShouldBe([(1, "region-not-registered"), (2, "year-already-reported")]);
        (await fx.Hubs.ScalarAsync<long>("select count(*) from mt_events")).ShouldBe(events);
    }

    [Fact]
    public async Task an_import_decided_stream_by_stream_in_parallel_still_reports_every_rule_violation_in_batch_order()
    {
        // 1,200 single-stream commands: decided per stream on every core (HubsCommands.ParallelDecideThreshold).
        var batch = new List<IHubsCommand>();
        for (var r = 0; r < 12; r++) batch.Add(new RegisterRegion($"batch-p{r}", $"Parallel {r}", RegionKind.Province));
        for (var y = 1950; y < 2049; y++)
            for (var r = 0; r < 12; r++) batch.Add(Report($"batch-p{r}", y, 1m));
        batch[700] = Report("batch-p3", 1950, 2m);             // a second report of a year already in the batch
        batch[20] = Report("batch-unregistered", 2000, 1m);    // a region nobody registered
        batch[1100] = Report("batch-p10", 1950, 3m);
        var events = await fx.Hubs.ScalarAsync<long>("select count(*) from mt_events");

        var ex = await Should.ThrowAsync<CommandRejectedException>(() => fx.Hubs.Commands.SendBatchAsync(batch, Ctx.New()));

        batch.Count.ShouldBeGreaterThanOrEqualTo(fx.Hubs.Commands.ParallelDecideThreshold);
        ex.Violations.Select(v => (v.CommandIndex, v.Code)).ShouldBe(
            [(20, "region-not-registered"), (700, "year-already-reported"), (1100, "year-already-reported")]);
        (await fx.Hubs.ScalarAsync<long>("select count(*) from mt_events")).ShouldBe(events);
    }

    [Fact]
    public async Task re_sending_a_batch_with_the_same_id_is_a_no_op()
    {
        var ctx = Ctx.New();
        IHubsCommand[] batch = [new RegisterRegion("batch-c", "Batch C", RegionKind.Province), Report("batch-c", 2022, 1m)];
        await fx.Hubs.Commands.SendBatchAsync(batch, ctx);

        var again = await fx.Hubs.Commands.SendBatchAsync(batch, ctx);

        again.Outcome.ShouldBe(CommandOutcome.AlreadyApplied);
        (await fx.Hubs.Queries.GetVersionAsync("region:batch-c")).ShouldBe(2);
    }

    [Fact]
    public async Task each_event_of_a_batch_records_its_own_derived_command_id()
    {
        var ctx = Ctx.New();
        await fx.Hubs.Commands.SendBatchAsync([new RegisterRegion("batch-d", "Batch D", RegionKind.Province), Report("batch-d", 2022, 1m)], ctx);

        await using var session = fx.Hubs.Store.QuerySession();
        var ids = (await session.Events.FetchStreamAsync("region:batch-d")).Select(e => e.Headers!["commandId"].ToString()).ToList();

        ids.ShouldBe([CommandDecisions.DeriveId(ctx.CommandId, 0).ToString(), CommandDecisions.DeriveId(ctx.CommandId, 1).ToString()]);
    }
}
