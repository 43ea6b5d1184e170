using Hubs.EventSourcing.Indicators;
using Hubs.EventSourcing.IntegrationTests.Auditing;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Testing;

namespace Hubs.EventSourcing.IntegrationTests.Indicators;

public sealed class IndicatorStore : IAsyncLifetime
{
    public HubsTestStore Hubs { get; private set; } = null!;

    public async Task InitializeAsync() => Hubs = await HubsTestStore.CreateAsync(nameof(IndicatorStoreTests));

    public async Task DisposeAsync() => await Hubs.DisposeAsync();
}

/// <summary>Indicator figures and targets in a real store: stored, sealed, replayed and read as known at a date by one fold.</summary>
public sealed class IndicatorStoreTests(IndicatorStore fx) : IClassFixture<IndicatorStore>
{
    private const string Fyp = "14th Five-Year Plan (2021-03-12)";

    // China's R&D expenditure, 亿元, with the bulletins' publication dates.
    private static readonly (int Year, decimal Value, DateOnly PublishedOn)[] ChinaRd =
    [
        (2020, 24393.1m, new(2021, 9, 22)), (2021, 27956.3m, new(2022, 8, 31)), (2022, 30782.9m, new(2023, 9, 18)),
        (2023, 33357.1m, new(2024, 10, 2)), (2024, 36326.8m, new(2025, 9, 29)),
    ];

    private static readonly IndicatorTarget Growth = new("fyp14-rd-growth", "rd_expenditure_total", TargetKind.CompoundGrowth,
        TargetComparison.Above, 7m, 2025, 2021, null, Fyp, TargetMark.Official);

    private async Task<string> ChinaAsync(string id)
    {
        await fx.Hubs.Commands.SendAsync(new RegisterRegion(id, "China", RegionKind.Country), Ctx.New());
        foreach (var (year, value, published) in ChinaRd)
            await fx.Hubs.Commands.SendAsync(new RecordIndicatorFigure(ScopeKind.Region, id, "rd_expenditure_total", "研究与试验发展经费", year, value,
                "CNY 100m", null, published, "NBS", $"{year} R&D bulletin", "official"), Ctx.New());
        await fx.Hubs.Commands.SendAsync(new SetIndicatorTarget(ScopeKind.Region, id, Growth), Ctx.New());
        return ScopeIndicators.StreamKey(ScopeKind.Region, id);
    }

    [Fact]
    public async Task the_same_status_comes_from_the_current_state_a_full_replay_and_a_replay_at_the_last_version()
    {
        var key = await ChinaAsync("china-fold");

        var current = await fx.Hubs.Queries.GetStateAsync<ScopeIndicators>(key);
        var replayed = (ScopeIndicators)(await fx.Hubs.Audit.StateAsync(key, fullReplay: true))!.State!;
        var atVersion = await fx.Hubs.Queries.GetStateAsync<ScopeIndicators>(key, StatePoint.AtVersion(6));

        var statuses = new[] { current!, replayed, atVersion! }
            .Select(s => Scorecards.ForScope(s, 2025).Targets.Single())
            .Select(a => (a.Status, a.Basis.RateSoFar, a.Basis.RequiredRate)).ToList();
        statuses.Distinct().Count().ShouldBe(1, "one fold serves the current state, a full replay and a replay to a version");
        statuses[0].ShouldBe((IndicatorTargetStatus.MetSoFar, 10.4689m, -5.82m));
    }

    [Fact]
    public async Task as_known_at_a_date_the_scorecard_uses_only_the_figures_published_by_then()
    {
        var key = await ChinaAsync("china-known");
        var state = (await fx.Hubs.Queries.GetStateAsync<ScopeIndicators>(key))!;

        // Known at 2025-01-01: 2020–2023, (33357.1 / 24393.1)^(1/3) − 1 = 11.0 % a year so far.
        var then = Scorecards.ForScope(state, 2025, knownAt: new DateOnly(2025, 1, 1));

        then.Indicators.Single().LatestCompleteYear.ShouldBe(2023);
        then.Targets.Single().Basis.RateSoFar.ShouldBe(10.9959m);
    }

    [Fact]
    public async Task a_revised_and_a_withdrawn_target_stay_in_the_history_with_their_reasons()
    {
        var key = await ChinaAsync("china-history");
        await fx.Hubs.Commands.SendAsync(new ReviseIndicatorTarget(ScopeKind.Region, "china-history", Growth with { Value = 8m }, "test revision"), Ctx.New());
        await fx.Hubs.Commands.SendAsync(new WithdrawIndicatorTarget(ScopeKind.Region, "china-history", Growth.Id, "test withdrawal"), Ctx.New());

        var history = await fx.Hubs.Audit.HistoryAsync(key).ListAsync();

        history.Select(e => e.EventType).TakeLast(3).ShouldBe(["indicator_target_set", "indicator_target_revised", "indicator_target_withdrawn"]);
        history.ShouldAllBe(e => e.Hash.Length > 0, "indicator events are sealed in the hash chain");
        var state = (await fx.Hubs.Queries.GetStateAsync<ScopeIndicators>(key))!;
        (state.Targets.Count, state.Withdrawn[Growth.Id]).ShouldBe((0, "test withdrawal"));
    }

    [Fact]
    public async Task a_figure_for_an_unregistered_scope_is_rejected_and_nothing_is_written()
    {
        var rejected = await Should.ThrowAsync<CommandRejectedException>(() => fx.Hubs.Commands.SendAsync(new RecordIndicatorFigure(
            ScopeKind.Cluster, "nowhere", "tech_contract_value", "", 2023, 1m, "CNY 100m", null, new DateOnly(2024, 3, 1), "x", "y", "z"), Ctx.New()));

        rejected.Violations.Single().Code.ShouldBe("scope-not-registered");
        (await fx.Hubs.Queries.GetVersionAsync(ScopeIndicators.StreamKey(ScopeKind.Cluster, "nowhere"))).ShouldBe(0);
    }
}
