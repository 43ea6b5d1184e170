using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Regions;

namespace Hubs.EventSourcing.IntegrationTests.Auditing;

public sealed class TimeTravelTests(ClassStore<TimeTravelTests> fx) : IClassFixture<ClassStore<TimeTravelTests>>
{
    [Fact]
    public async Task state_at_an_instant_uses_the_recorded_at_the_library_assigned_not_the_database_clock()
    {
        // The fake clock stands in 2026-01-14 while the database's now() is whatever today is: only library-assigned
        // recorded-at values make these instants meaningful.
        var reportedAt = fx.Clock.GetUtcNow();
        await fx.Hubs.Commands.SendAsync(new RegisterRegion("tt-zj", "Zhejiang", RegionKind.Province), Ctx.New());
        await fx.Hubs.Commands.SendAsync(new ReportRdIntensity("tt-zj", 2021, 2.94m, null, null, new DateOnly(2022, 9, 1), "NBS"), Ctx.New());
        fx.Clock.Advance(TimeSpan.FromDays(30));
        var revisedAt = fx.Clock.GetUtcNow();
        await fx.Hubs.Commands.SendAsync(new ReviseRdIntensity("tt-zj", 2021, 3.02m, null, null, new DateOnly(2022, 12, 1), "NBS", "census"), Ctx.New());

        var before = await fx.Hubs.Audit().StateAsync("region:tt-zj", StatePoint.AtInstant(revisedAt.AddTicks(-10)));
        var after = await fx.Hubs.Audit().StateAsync("region:tt-zj", StatePoint.AtInstant(revisedAt));
        var history = await fx.Hubs.Audit().HistoryAsync("region:tt-zj").ListAsync();

        history.Select(e => e.RecordedAt).ShouldBe([reportedAt, reportedAt, revisedAt]);
        before.ShouldNotBeNull();
        ((Region)before.State).Figures[2021].IntensityPct.ShouldBe(2.94m, "a microsecond before the revision was recorded, the first figure stood");
        before.Version.ShouldBe(2);
        ((Region)after!.State).Figures[2021].IntensityPct.ShouldBe(3.02m, "the instant bound is inclusive");
        after.Hash.ShouldBe(history[2].Hash, "the state names the event (and hash) it stands on");
        (await fx.Hubs.Queries.GetRegionAsync("tt-zj", StatePoint.AtInstant(revisedAt.AddTicks(-10))))!.Figures[2021].IntensityPct
            .ShouldBe(2.94m, "HubsQueries time travel agrees");
    }

    [Fact]
    public async Task state_at_a_version_folds_exactly_that_many_events()
    {
        var key = await fx.Hubs.SeedRegionAsync("tt-js");

        var atTwo = await fx.Hubs.Audit().StateAsync(key, StatePoint.AtVersion(2));
        var now = await fx.Hubs.Audit().StateAsync(key);

        ((Region)atTwo!.State).Figures.Keys.ShouldBe([2019]);
        atTwo.Version.ShouldBe(2);
        ((Region)now!.State).Figures.Keys.ShouldBe([2019, 2020]);
        (await fx.Hubs.Queries.GetRegionAsync("tt-js", StatePoint.AtVersion(2)))!.Figures.Keys.ShouldBe([2019], "HubsQueries time travel agrees");
    }

    [Fact]
    public async Task before_its_first_event_an_aggregate_has_no_state()
    {
        var early = fx.Clock.GetUtcNow();
        fx.Clock.Advance(TimeSpan.FromMinutes(5));
        await fx.Hubs.Commands.SendAsync(new EstablishCluster("tt-gba", "Greater Bay Area", "Shenzhen", new DateOnly(2019, 2, 18)), Ctx.New());

        (await fx.Hubs.Audit().StateAsync("cluster:tt-gba", StatePoint.AtInstant(early))).ShouldBeNull();
        (await fx.Hubs.Queries.GetClusterAsync("tt-gba", StatePoint.AtInstant(early))).ShouldBeNull();
        ((Cluster)(await fx.Hubs.Audit().StateAsync("cluster:tt-gba"))!.State).AnchorCity.ShouldBe("Shenzhen");
    }

    [Fact]
    public async Task membership_written_to_two_streams_in_one_unit_travels_together()
    {
        await fx.Hubs.Commands.SendAsync(new EstablishCluster("tt-yrd", "Yangtze River Delta", "Shanghai", new DateOnly(2019, 12, 1)), Ctx.New());
        await fx.Hubs.Commands.SendAsync(new RegisterRegion("tt-ah", "Anhui", RegionKind.Province), Ctx.New());
        var beforeJoin = fx.Clock.GetUtcNow();
        fx.Clock.Advance(TimeSpan.FromSeconds(1));
        await fx.Hubs.Commands.SendAsync(new JoinCluster("tt-yrd", "tt-ah", new DateOnly(2020, 1, 1)), Ctx.New());
        var joinedAt = fx.Clock.GetUtcNow();

        ((Region)(await fx.Hubs.Audit().StateAsync("region:tt-ah", StatePoint.AtInstant(beforeJoin)))!.State).ClusterId.ShouldBeNull();
        ((Region)(await fx.Hubs.Audit().StateAsync("region:tt-ah", StatePoint.AtInstant(joinedAt)))!.State).ClusterId.ShouldBe("tt-yrd");
        var cluster = await fx.Hubs.Audit().HistoryAsync("cluster:tt-yrd").ListAsync();
        var region = await fx.Hubs.Audit().HistoryAsync("region:tt-ah").ListAsync();
        cluster[^1].RecordedAt.ShouldBe(region[^1].RecordedAt, "both sides of the membership carry one recorded-at");
    }
}
