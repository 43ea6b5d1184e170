using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Commanding;
using Hubs.EventSourcing.ExchangeRates;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Storage;

namespace Hubs.EventSourcing.Tests.Commanding;

/// <summary>The one rule that needs "today": no figure published after it (with a day for time zones ahead of UTC).</summary>
public sealed class PublicationDateTests
{
    // 23:30 UTC on 6 December 2026 is already 7 December in Beijing: the latest accepted date is the 7th.
    private static readonly TimeProvider Clock = new FixedClock(new DateTimeOffset(2026, 12, 6, 23, 30, 0, TimeSpan.Zero));
    private static readonly DateOnly Latest = PublicationDates.Latest(Clock);

    private static readonly RegionRegistered Beijing = new("beijing", "Beijing", RegionKind.Municipality);
    private static readonly ClusterEstablished Bth = new("beijing-tianjin-hebei", "Beijing International S&T Innovation Center", "Beijing",
        ClusterScope.SingleCity, new DateOnly(2016, 9, 11));

    private static ReportRdIntensity Report(DateOnly publishedOn) =>
        new("beijing", 2025, 6.58m, null, null, publishedOn, "Beijing statistical communique");

    [Fact]
    public void the_rule_is_off_unless_the_options_turn_it_on()
    {
        PublicationDates.Latest(new HubsOptions { TimeProvider = Clock }).ShouldBe(DateOnly.MaxValue);
        PublicationDates.Latest(new HubsOptions { TimeProvider = Clock, RefuseFuturePublications = true }).ShouldBe(new DateOnly(2026, 12, 7));
    }

    [Fact]
    public void the_latest_accepted_date_is_the_utc_date_plus_one_day() =>
        Latest.ShouldBe(new DateOnly(2026, 12, 7), "a publication dated today in Beijing must pass a UTC clock");

    [Fact]
    public void a_figure_published_today_in_a_time_zone_ahead_of_utc_is_recorded() =>
        Decide([Report(new DateOnly(2026, 12, 7))]).ShouldHaveSingleItem().ShouldBeOfType<RdIntensityReported>();

    [Fact]
    public void a_figure_published_after_tomorrow_is_refused_naming_the_date_and_the_rule()
    {
        var ex = Should.Throw<CommandRejectedException>(() => Decide([Report(new DateOnly(2030, 1, 1))]));
        ex.Code.ShouldBe("published-in-future");
        ex.Field.ShouldBe("publishedOn");
        ex.Value.ShouldBe(new DateOnly(2030, 1, 1));
        ex.Message.ShouldContain("2030-01-01", customMessage: "the message names the refused date");
        ex.Message.ShouldContain("2026-12-07", customMessage: "the message names the latest date accepted");
    }

    [Fact]
    public void a_revision_published_in_the_future_is_refused()
    {
        var revise = new ReviseRdIntensity("beijing", 2025, 6.6m, null, null, new DateOnly(2026, 12, 8), "tomorrow's paper", "revised");
        Should.Throw<CommandRejectedException>(() => Decide([Report(new DateOnly(2026, 9, 30)), revise]))
            .Violations.ShouldHaveSingleItem().CommandIndex.ShouldBe(1, "the batch says which command is at fault");
    }

    [Fact]
    public void a_rank_placement_published_in_the_future_is_refused() =>
        Should.Throw<CommandRejectedException>(() => Decide(
                [new RecordGlobalRank("beijing-tianjin-hebei", "WIPO GII S&T clusters", 2027, 3, "Beijing", new DateOnly(2027, 9, 1), "GII 2027")]))
            .Code.ShouldBe("published-in-future");

    [Fact]
    public void an_exchange_rate_published_in_the_future_is_refused_and_an_undated_one_is_recorded()
    {
        Should.Throw<CommandRejectedException>(() => Decide([new RecordExchangeRate("HKD", 2026, 0.92m, new DateOnly(2027, 1, 5), "HKMA")]))
            .Code.ShouldBe("published-in-future");
        Decide([new RecordExchangeRate("HKD", 2025, 0.92m, null, "HKMA")]).ShouldHaveSingleItem();
    }

    [Fact]
    public void in_an_import_every_future_row_is_reported_and_the_others_still_decided()
    {
        var rows = new IHubsCommand[]
        {
            new ReportRdIntensity("beijing", 2023, 6.73m, null, null, new DateOnly(2024, 9, 30), "NBS"),
            new ReportRdIntensity("beijing", 2024, 6.58m, null, null, new DateOnly(2030, 1, 1), "typo"),
            new ReportRdIntensity("beijing", 2025, 6.60m, null, null, new DateOnly(2031, 1, 1), "typo"),
        };
        var plans = CommandDecisions.ValidateAndPlan(rows);
        var (writes, violations) = CommandDecisions.Decide(plans, 0, single: false, Heads(plans), Guid.NewGuid(), 0, int.MaxValue, Latest);
        violations.Select(v => v.CommandIndex).ShouldBe([1, 2], "both future rows are reported in one pass");
        writes.ShouldHaveSingleItem().Events.ShouldHaveSingleItem().ShouldBeOfType<RdIntensityReported>().Year.ShouldBe(2023);
    }

    [Fact]
    public void a_check_reports_a_broken_shape_and_the_other_rows_rules_in_one_pass()
    {
        var rows = new IHubsCommand[]
        {
            new ReportRdIntensity("beijing", 2023, 150m, null, null, new DateOnly(2024, 9, 30), "typo"),
            new ReportRdIntensity("beijing", 2024, 6.58m, null, null, new DateOnly(2030, 1, 1), "typo"),
            new ReportRdIntensity("atlantis", 2024, 1m, null, null, new DateOnly(2025, 9, 30), "nowhere"),
        };
        var (plans, violations) = CommandDecisions.ValidateAndPlan(rows, 0);
        violations.AddRange(CommandDecisions.DecideValid(plans, Heads(plans.Where(p => p.Planned).ToArray()), int.MaxValue, Latest));
        violations.Select(v => (v.CommandIndex, v.Code)).ShouldBe(
            [(0, "intensity-out-of-range"), (1, "published-in-future"), (2, "region-not-registered")], ignoreOrder: true);
    }

    private static List<object> Decide(IReadOnlyList<IHubsCommand> commands)
    {
        var plans = CommandDecisions.ValidateAndPlan(commands);
        return CommandDecisions.Decide(plans, Heads(plans), CommandContext.New("test", "test", "test"), 0, int.MaxValue, Latest)
            .Writes.SelectMany(w => w.Events).ToList();
    }

    private static Dictionary<string, StreamHead> Heads(CommandPlan[] plans) =>
        plans.SelectMany(p => p.Streams).Distinct().ToDictionary(k => k, k =>
        {
            var given = k == Keys.Region("beijing") ? new object[] { Beijing } : k == Keys.Cluster(Bth.ClusterId) ? [Bth] : [];
            return given.Length == 0 ? StreamHead.Empty(k) : new StreamHead(k, HubsModel.Of(k).Fold(given), given.Length, "h", DateTimeOffset.MinValue);
        });

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
