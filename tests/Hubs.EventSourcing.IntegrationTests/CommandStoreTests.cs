using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Regions;

namespace Hubs.EventSourcing.IntegrationTests;

public sealed class CommandStoreTests(ClassStore<CommandStoreTests> fx) : IClassFixture<ClassStore<CommandStoreTests>>
{
    private HubsCommands Commands => fx.Hubs.Commands;

    [Fact]
    public async Task a_registered_region_with_a_report_loads_back_with_its_figure()
    {
        await Commands.SendAsync(new RegisterRegion("load-a", "Load A", RegionKind.Province), Ctx.New());
        await Commands.SendAsync(new ReportRdIntensity("load-a", 2024, 3.6m, 4600m, "CNY 100m", new DateOnly(2025, 9, 30), "NBS"), Ctx.New());

        var region = await fx.Hubs.Queries.GetRegionAsync("load-a");

        region.ShouldNotBeNull();
        region.Name.ShouldBe("Load A");
        region.Figures[2024].IntensityPct.ShouldBe(3.6m);
        region.Figures[2024].Expenditure.ShouldBe(4600m);
        (await fx.Hubs.Queries.GetVersionAsync(Keys.Region("load-a"))).ShouldBe(2);
    }

    [Fact]
    public async Task audit_metadata_is_stored_with_every_event_and_reads_back()
    {
        var ctx = new CommandContext("analyst:wang", "2024 communique", "NBS 2025-09-30", Guid.NewGuid(), "import-42") { CausationId = "cause-7" };
        await Commands.SendAsync(new RegisterRegion("meta-a", "Meta A", RegionKind.Municipality), ctx);

        await using var session = fx.Hubs.Store.QuerySession();
        var e = (await session.Events.FetchStreamAsync(Keys.Region("meta-a"))).Single();

        e.EventTypeName.ShouldBe("region_registered_v2");
        e.UserName.ShouldBe("analyst:wang");
        e.CorrelationId.ShouldBe("import-42");
        e.CausationId.ShouldBe("cause-7");
        e.Headers!["reason"].ToString().ShouldBe("2024 communique");
        e.Headers["source"].ToString().ShouldBe("NBS 2025-09-30");
        e.Headers["commandId"].ToString().ShouldBe(ctx.CommandId.ToString());
        e.Headers["hash"].ToString()!.Length.ShouldBe(64);
        e.Timestamp.ShouldBe(fx.Clock.GetUtcNow());
    }

    [Fact]
    public async Task a_stale_expected_version_raises_a_concurrency_exception_and_writes_nothing()
    {
        await Commands.SendAsync(new RegisterRegion("ver-a", "Ver A", RegionKind.Province), Ctx.New());
        await Commands.SendAsync(new ReportRdIntensity("ver-a", 2023, 2m, null, null, new DateOnly(2024, 9, 1), "NBS"), Ctx.New());

        var stale = Ctx.New() with { ExpectedVersion = 1 };
        var ex = await Should.ThrowAsync<HubsConcurrencyException>(() =>
            Commands.SendAsync(new ReportRdIntensity("ver-a", 2024, 2.1m, null, null, new DateOnly(2025, 9, 1), "NBS"), stale));

        ex.StreamKey.ShouldBe("region:ver-a");
        ex.ActualVersion.ShouldBe(2);
        (await fx.Hubs.Queries.GetVersionAsync("region:ver-a")).ShouldBe(2);
    }

    [Fact]
    public async Task the_matching_expected_version_is_accepted()
    {
        await Commands.SendAsync(new RegisterRegion("ver-b", "Ver B", RegionKind.Province), Ctx.New());

        var result = await Commands.SendAsync(new ReportRdIntensity("ver-b", 2024, 2.1m, null, null, new DateOnly(2025, 9, 1), "NBS"),
            Ctx.New() with { ExpectedVersion = 1 });

        result.Streams.ShouldBe([new StreamVersion("region:ver-b", 2)]);
    }

    [Fact]
    public async Task a_writer_with_a_stale_cache_re_reads_and_still_appends_at_the_right_version()
    {
        await Commands.SendAsync(new RegisterRegion("stale-a", "Stale A", RegionKind.Province), Ctx.New());
        // A second command service with its own cache plays "another process" writing to the same store.
        var otherCommands = new HubsCommands(fx.Hubs.Store, new HubsOptions());
        await Commands.SendAsync(new ReportRdIntensity("stale-a", 2021, 0.9m, null, null, new DateOnly(2022, 9, 1), "NBS"), Ctx.New());

        await otherCommands.SendAsync(new ReportRdIntensity("stale-a", 2022, 1m, null, null, new DateOnly(2023, 9, 1), "NBS"), Ctx.New());
        var result = await Commands.SendAsync(new ReportRdIntensity("stale-a", 2023, 1.1m, null, null, new DateOnly(2024, 9, 1), "NBS"), Ctx.New());

        result.Streams.ShouldBe([new StreamVersion("region:stale-a", 4)]);
        (await fx.Hubs.Queries.GetRegionAsync("stale-a"))!.Figures.Keys.ShouldBe([2021, 2022, 2023]);
    }

    [Fact]
    public async Task re_sending_an_applied_command_is_a_no_op()
    {
        var ctx = Ctx.New();
        await Commands.SendAsync(new RegisterRegion("idem-a", "Idem A", RegionKind.Province), ctx);
        var report = new ReportRdIntensity("idem-a", 2024, 2m, null, null, new DateOnly(2025, 9, 1), "NBS");
        var reportCtx = Ctx.New();
        await Commands.SendAsync(report, reportCtx);

        var again = await Commands.SendAsync(report, reportCtx);
        var registerAgain = await Commands.SendAsync(new RegisterRegion("idem-a", "Idem A", RegionKind.Province), ctx);

        again.Outcome.ShouldBe(CommandOutcome.AlreadyApplied);
        registerAgain.Outcome.ShouldBe(CommandOutcome.AlreadyApplied);
        (await fx.Hubs.Queries.GetVersionAsync("region:idem-a")).ShouldBe(2);
    }

    [Fact]
    public async Task an_always_valid_command_re_sent_with_its_id_is_not_duplicated()
    {
        await Commands.SendAsync(new EstablishCluster("idem-c", "Idem C", "Chengdu", new DateOnly(2020, 1, 1)), Ctx.New());
        var ctx = Ctx.New();
        var target = new SetClusterTarget("idem-c", TargetMetric.RdIntensity, null, 4m, 2035);
        await Commands.SendAsync(target, ctx);
        await Commands.SendAsync(new SetClusterTarget("idem-c", TargetMetric.RdIntensity, null, 5m, 2035), Ctx.New());

        var result = await Commands.SendAsync(target, ctx);

        result.Outcome.ShouldBe(CommandOutcome.AlreadyApplied);
        (await fx.Hubs.Queries.GetClusterAsync("idem-c"))!.Targets.Values.Single().Value.ShouldBe(5m);
    }

    [Fact]
    public async Task a_rejected_command_leaves_the_event_store_unchanged()
    {
        await Commands.SendAsync(new RegisterRegion("rej-a", "Rej A", RegionKind.Province), Ctx.New());
        var before = await Snapshot();

        var invalid = await Should.ThrowAsync<CommandRejectedException>(() =>
            Commands.SendAsync(new ReportRdIntensity("rej-a", 2024, 120m, -1m, null, new DateOnly(2025, 9, 1), "NBS"), Ctx.New()));
        var broken = await Should.ThrowAsync<CommandRejectedException>(() =>
            Commands.SendAsync(new JoinCluster("no-such-cluster", "rej-a", new DateOnly(2025, 12, 1)), Ctx.New()));

        invalid.Violations.Select(v => v.Code).ShouldBe(["intensity-out-of-range", "expenditure-negative", "unit-required"], ignoreOrder: true);
        broken.Code.ShouldBe("cluster-not-established");
        (await Snapshot()).ShouldBe(before);
    }

    [Fact]
    public async Task joining_writes_both_streams_in_one_transaction()
    {
        await Commands.SendAsync(new RegisterRegion("both-r", "Both R", RegionKind.Province), Ctx.New());
        await Commands.SendAsync(new EstablishCluster("both-c", "Both C", "Both", new DateOnly(2020, 1, 1)), Ctx.New());

        var result = await Commands.SendAsync(new JoinCluster("both-c", "both-r", new DateOnly(2025, 12, 1)), Ctx.New());

        result.Streams.ShouldBe([new StreamVersion("cluster:both-c", 2), new StreamVersion("region:both-r", 2)]);
        (await fx.Hubs.Queries.GetRegionAsync("both-r"))!.ClusterId.ShouldBe("both-c");
        (await fx.Hubs.Queries.GetClusterAsync("both-c"))!.Members.ShouldBe(["both-r"]);
    }

    [Fact]
    public async Task twenty_concurrent_attempts_to_place_one_region_in_different_clusters_let_exactly_one_succeed()
    {
        await Commands.SendAsync(new RegisterRegion("race-r", "Race R", RegionKind.Province), Ctx.New());
        for (var i = 0; i < 20; i++)
        {
            await Commands.SendAsync(new EstablishCluster($"race-c{i}", $"Race C{i}", "City", new DateOnly(2020, 1, 1)), Ctx.New());
            await Commands.SendAsync(new ExpandClusterScope($"race-c{i}", new DateOnly(2025, 12, 1), "CEWC"), Ctx.New());
        }

        using var start = new ManualResetEventSlim();
        var attempts = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            start.Wait();
            try
            {
                await Commands.SendAsync(new JoinCluster($"race-c{i}", "race-r", new DateOnly(2025, 12, 2)), Ctx.New());
                return "joined";
            }
            catch (CommandRejectedException ex) { return ex.Code; }
        })).ToList();
        start.Set();
        var outcomes = await Task.WhenAll(attempts);

        outcomes.Count(o => o == "joined").ShouldBe(1);
        outcomes.Where(o => o != "joined").ShouldAllBe(o => o == "region-in-another-cluster");
        var region = await fx.Hubs.Queries.GetRegionAsync("race-r");
        var members = new List<string>();
        for (var i = 0; i < 20; i++)
            members.AddRange((await fx.Hubs.Queries.GetClusterAsync($"race-c{i}"))!.Members);
        members.ShouldBe(["race-r"]);
        (await fx.Hubs.Queries.GetVersionAsync("region:race-r")).ShouldBe(2);
        region!.ClusterId.ShouldNotBeNull();
    }

    private async Task<(long Events, long Streams, long Commands)> Snapshot() => (
        await fx.Hubs.ScalarAsync<long>("select count(*) from mt_events"),
        await fx.Hubs.ScalarAsync<long>("select count(*) from mt_streams"),
        await fx.Hubs.ScalarAsync<long>("select count(*) from mt_doc_processedcommand"));
}
