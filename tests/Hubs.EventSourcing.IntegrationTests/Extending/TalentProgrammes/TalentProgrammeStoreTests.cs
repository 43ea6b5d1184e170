using Hubs.EventSourcing.Testing;
using Hubs.EventSourcing.Tracking;

namespace Hubs.EventSourcing.IntegrationTests.Extending.TalentProgrammes;

/// <summary>A store with the talent-programme module: its schema of its own.</summary>
public sealed class TalentStore : IAsyncLifetime
{
    public HubsTestStore Hubs { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Hubs = await HubsTestStore.CreateAsync(nameof(TalentProgrammeStoreTests), o => o.AddModule(TalentProgrammes.Module));

    public async Task DisposeAsync() => await Hubs.DisposeAsync();
}

/// <summary>The fifth aggregate's read model reaches the cluster scorecard through the live projection and both rebuilds.</summary>
public sealed class TalentProgrammeStoreTests(TalentStore fx) : IClassFixture<TalentStore>
{
    private async Task SeedAsync(string clusterId, string programmeId)
    {
        await fx.Hubs.Commands.SendAsync(new Clusters.EstablishCluster(clusterId, "Talent " + clusterId, "Shenzhen", new DateOnly(2019, 2, 18)), Ctx.New());
        await fx.Hubs.Commands.SendAsync(new LaunchTalentProgramme(programmeId, clusterId, "Young Scientists", new DateOnly(2024, 3, 1)), Ctx.New());
        await fx.Hubs.Commands.SendAsync(new AdmitFellows(programmeId, 12, new DateOnly(2024, 9, 1)), Ctx.New());
        await fx.Hubs.Commands.SendAsync(new AdmitFellows(programmeId, 8, new DateOnly(2025, 9, 1)), Ctx.New());
    }

    private async Task<ScorecardFigure> FigureAsync(string clusterId) =>
        (await fx.Hubs.Tracking.GetClusterScorecardAsync(clusterId)).ShouldNotBeNull().Figures.ShouldNotBeNull("the programme adds a figure").ShouldHaveSingleItem();

    [Fact]
    public async Task the_programmes_read_model_shows_on_its_clusters_scorecard_through_the_live_projection()
    {
        await SeedAsync("talent-live", "ys-live");

        await fx.Hubs.Tracking.CatchUpAsync(TimeSpan.FromSeconds(30));

        (await FigureAsync("talent-live")).ShouldBe(new ScorecardFigure("talent-live", "talent", "Young Scientists fellows", 20));
    }

    [Theory]
    [InlineData(RebuildMethod.OnePass)]
    [InlineData(RebuildMethod.MartenDaemon)]
    public async Task a_rebuild_brings_the_programmes_figure_back_to_the_scorecard(RebuildMethod method)
    {
        var cluster = "talent-" + method.ToString().ToLowerInvariant();
        await SeedAsync(cluster, "ys-" + method.ToString().ToLowerInvariant());
        await fx.Hubs.Tracking.CatchUpAsync(TimeSpan.FromSeconds(30));
        await fx.Hubs.ExecuteAsync($"delete from {fx.Hubs.Schema}.mt_doc_talentprogrammetrack");
        (await fx.Hubs.Tracking.GetClusterScorecardAsync(cluster)).ShouldNotBeNull().Figures.ShouldBeNull("the read model's rows are gone");

        await fx.Hubs.Tracking.RebuildAsync(method);

        (await FigureAsync(cluster)).Value.ShouldBe(20);
    }

    [Fact]
    public async Task the_as_of_replay_folds_the_programme_too()
    {
        await SeedAsync("talent-asof", "ys-asof");

        var report = await fx.Hubs.Tracking.GetReportAsync(asOf: DateTimeOffset.UtcNow.AddDays(1), knownAt: null);

        report.Clusters.Single(c => c.Id == "talent-asof").Figures.ShouldNotBeNull().ShouldHaveSingleItem().Value.ShouldBe(20);
    }

    [Fact]
    public async Task two_stores_in_one_process_hold_different_module_sets()
    {
        await using var plain = await HubsTestStore.CreateAsync(nameof(TalentProgrammeStoreTests) + "Plain");
        await plain.Commands.SendAsync(new Clusters.EstablishCluster("plain-c", "Plain", "Shenzhen", new DateOnly(2019, 2, 18)), Ctx.New());

        TrackingReplay.Projections(fx.Hubs.Store).ShouldContain("tracking-talent-programmes");
        TrackingReplay.Projections(plain.Store).ShouldNotContain("tracking-talent-programmes", "the other store never added the module");
        // Marten's rebuild runs projection by projection: one this store does not have would fail it.
        await plain.Tracking.RebuildAsync(RebuildMethod.MartenDaemon);
        (await plain.Tracking.GetClusterScorecardAsync("plain-c")).ShouldNotBeNull().Figures.ShouldBeNull();
    }
}
