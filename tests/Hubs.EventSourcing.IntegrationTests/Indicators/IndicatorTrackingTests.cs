using System.Text.Json;
using Hubs.EventSourcing.Indicators;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Testing;
using Hubs.EventSourcing.Tracking;

namespace Hubs.EventSourcing.IntegrationTests.Indicators;

public sealed class IndicatorTrackingStore : IAsyncLifetime
{
    public HubsTestStore Hubs { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Hubs = await HubsTestStore.CreateAsync(nameof(IndicatorTrackingTests));
        await IndicatorTrackingTests.SeedAsync(Hubs);
    }

    public async Task DisposeAsync() => await Hubs.DisposeAsync();
}

/// <summary>
/// The indicator module's read model (<c>tracking-indicators</c>): the live projection, both rebuilds and the as-known-at replay
/// run the same fold, so they give the same target statuses and bases on real figures.
/// </summary>
public sealed class IndicatorTrackingTests(IndicatorTrackingStore fx) : IClassFixture<IndicatorTrackingStore>
{
    private const string Fyp = "14th Five-Year Plan (2021-03-12)";
    private const int CurrentYear = 2025;

    internal static async Task SeedAsync(HubsTestStore hubs)
    {
        await hubs.Commands.SendAsync(new RegisterRegion("china", "China", RegionKind.Country), Ctx.New());
        await hubs.Commands.SendAsync(new RegisterRegion("hong-kong", "Hong Kong", RegionKind.SpecialAdministrativeRegion), Ctx.New());
        // China's R&D expenditure (亿元) and basic-research share (%), with the NBS bulletins' publication dates.
        (int Year, decimal Rd, decimal Share, DateOnly PublishedOn)[] china =
        [
            (2020, 24393.1m, 6.01m, new(2021, 9, 22)), (2021, 27956.3m, 6.50m, new(2022, 8, 31)), (2022, 30782.9m, 6.57m, new(2023, 9, 18)),
            (2023, 33357.1m, 6.65m, new(2024, 10, 2)), (2024, 36326.8m, 6.88m, new(2025, 9, 29)),
        ];
        foreach (var (year, rd, share, published) in china)
        {
            await Figure(hubs, "china", IndicatorCatalogue.RdExpenditure, year, rd, "CNY 100m", published);
            await Figure(hubs, "china", IndicatorCatalogue.BasicResearchShare, year, share, "%", published);
        }
        await Target(hubs, "china", new("fyp14-rd-growth", IndicatorCatalogue.RdExpenditure, TargetKind.CompoundGrowth, TargetComparison.Above, 7m, 2025,
            2021, null, Fyp, TargetMark.Official));
        await Target(hubs, "china", new("fyp14-basic-share", IndicatorCatalogue.BasicResearchShare, TargetKind.LevelBy, TargetComparison.Above, 8m, 2025,
            null, null, Fyp, TargetMark.Official));
        // Hong Kong: 0.79 % in 2016 against "0.8 % by 2016"; 1.13 % in 2024 must not rescue a past deadline.
        await Figure(hubs, "hong-kong", IndicatorCatalogue.RdIntensity, 2016, 0.79m, "%", new(2017, 12, 14));
        await Figure(hubs, "hong-kong", IndicatorCatalogue.RdIntensity, 2024, 1.13m, "%", new(2025, 12, 1));
        await Target(hubs, "hong-kong", new("policy-2016", IndicatorCatalogue.RdIntensity, TargetKind.LevelBy, TargetComparison.AtLeast, 0.8m, 2016,
            null, null, "Policy Address 2015", TargetMark.Official));
    }

    private static Task Figure(HubsTestStore hubs, string region, string indicator, int year, decimal value, string unit, DateOnly published) =>
        hubs.Commands.SendAsync(new RecordIndicatorFigure(ScopeKind.Region, region, indicator, "", year, value, unit, null, published, "official source",
            $"{year} bulletin", "official"), Ctx.New());

    private static Task Target(HubsTestStore hubs, string region, IndicatorTarget target) =>
        hubs.Commands.SendAsync(new SetIndicatorTarget(ScopeKind.Region, region, target), Ctx.New());

    private static Dictionary<string, TargetAssessment> Targets(IndicatorReport report) =>
        report.Nation.Concat(report.Regions).SelectMany(s => s.Targets).ToDictionary(t => t.Target.Id);

    // Records with lists compare by reference: the JSON text compares every status, figure used and basis value.
    private static string Shape(IndicatorReport report) =>
        JsonSerializer.Serialize(Targets(report).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value));

    private async Task<IndicatorReport> LiveAsync()
    {
        await fx.Hubs.Tracking.CatchUpAsync(TimeSpan.FromSeconds(60));
        return await fx.Hubs.Tracking.IndicatorReportAsync(CurrentYear);
    }

    [Fact]
    public async Task the_live_projection_judges_the_official_targets_on_the_real_figures()
    {
        var targets = Targets(await LiveAsync());

        targets["fyp14-rd-growth"].Status.ShouldBe(IndicatorTargetStatus.MetSoFar, "10.5 % a year since 2020 is above 7 %");
        targets["fyp14-rd-growth"].Basis.RateSoFar.ShouldBe(10.4689m);
        targets["fyp14-basic-share"].Status.ShouldBe(IndicatorTargetStatus.OffTrack, "6.88 % in 2024 does not project above 8 % in 2025");
        targets["policy-2016"].Status.ShouldBe(IndicatorTargetStatus.Missed, "2016's 0.79 % judges a 2016 deadline, not 2024's 1.13 %");
        targets["policy-2016"].Basis.Used.ShouldHaveSingleItem().Year.ShouldBe(2016);
    }

    [Theory]
    [InlineData(RebuildMethod.OnePass)]
    [InlineData(RebuildMethod.MartenDaemon)]
    public async Task a_rebuild_gives_the_same_statuses_and_bases_as_the_live_projection(RebuildMethod method)
    {
        var live = Shape(await LiveAsync());
        await fx.Hubs.ExecuteAsync($"delete from {fx.Hubs.Schema}.mt_doc_indicatortrack");
        (await fx.Hubs.Tracking.IndicatorReportAsync(CurrentYear)).Nation.ShouldBeEmpty("the read model's documents are gone");

        await fx.Hubs.Tracking.RebuildAsync(method);

        Shape(await fx.Hubs.Tracking.IndicatorReportAsync(CurrentYear)).ShouldBe(live);
    }

    [Fact]
    public async Task an_as_known_at_replay_after_the_last_publication_gives_the_live_statuses_and_bases()
    {
        var live = Shape(await LiveAsync());

        var replayed = await fx.Hubs.Tracking.IndicatorReportAsync(CurrentYear, knownAt: new DateOnly(2026, 1, 1));

        Shape(replayed).ShouldBe(live);
    }

    [Fact]
    public async Task an_earlier_as_known_at_replay_leaves_out_the_figures_published_after_it()
    {
        // Known at 2025-01-01: China's 2024 bulletin (2025-09-29) is not out; 2020–2023 give (33357.1 / 24393.1)^(1/3) − 1.
        var then = Targets(await fx.Hubs.Tracking.IndicatorReportAsync(CurrentYear, knownAt: new DateOnly(2025, 1, 1)));

        then["fyp14-rd-growth"].Basis.RateSoFar.ShouldBe(10.9959m);
        then["fyp14-rd-growth"].Basis.Used.Max(u => u.Year).ShouldBe(2023);
    }
}
