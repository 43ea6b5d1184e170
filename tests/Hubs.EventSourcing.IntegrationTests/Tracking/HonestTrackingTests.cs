using System.Text.Json;
using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Tracking;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Hubs.EventSourcing.IntegrationTests.Tracking;

/// <summary>
/// The seed story, the demo data and the demo's recorded decision on Macao: no status comes from a partial year and every
/// cluster's basis names its years, in the live read models, after a rebuild and in an as-known-at replay.
/// </summary>
public sealed class HonestTrackingTests(ClassStore<HonestTrackingTests> fx) : IClassFixture<ClassStore<HonestTrackingTests>>
{
    private HubsTracking Tracking => fx.Hubs.Services.GetRequiredService<HubsTracking>();

    [Fact]
    public async Task no_status_comes_from_a_partial_year_live_after_a_rebuild_and_as_known_at_a_date()
    {
        await SeedStory.LoadAsync(fx.Hubs.Commands);
        (await SeedStory.ExcludeMacaoAsync(fx.Hubs.Commands)).Outcome.ShouldBe(CommandOutcome.Appended);
        await fx.Hubs.Commands.SendBatchAsync([
            new SetClusterTarget("beijing-tianjin-hebei", TargetMetric.RdIntensity, null, 4.5m, 2035),
            new SetClusterTarget("yangtze-river-delta", TargetMetric.RdIntensity, null, 4.0m, 2035),
            new SetClusterTarget("greater-bay-area", TargetMetric.RdIntensity, null, 4.5m, 2035),
        ], Ctx.New(reason: "illustrative targets"));
        await Tracking.CatchUpAsync(TimeSpan.FromSeconds(60));

        var live = await Tracking.GetReportAsync();
        TellsTheTruth(live);
        var gba = live.Clusters.Single(c => c.Id == "greater-bay-area");
        gba.CountedMembers.ShouldBe(["guangdong", "hong-kong"]);
        gba.ExcludedFromComposite.Single().ExcludedBy.ShouldBe("analyst:li");
        gba.CompositeCoverage.ShouldStartWith("over 2 of 3 members — macao excluded by analyst:li on 2026-01-14: no comparable statistics");
        // 2022: Guangdong 4411.9 × 10⁸ CNY at 3.42 %, Hong Kong 30,138 × 10⁶ HKD × 0.8589 at 1.07 %: weighted 3.0489.
        gba.RdIntensity.Single(y => y.Year == 2022).ShouldBe(new CompositeYear(2022, 3.0489m, CompositeMethod.Weighted, 2, 2, [], null));
        var t = gba.Targets.Single();
        (t.Basis.Method, t.Basis.LatestCompleteYear).ShouldBe((CompositeMethod.Weighted, 2022));
        t.Basis.YearsUsed.ShouldBe([2019, 2020, 2022]);
        t.Basis.ExcludedYears.Select(x => (x.Year, x.Kind)).ShouldBe([(2021, YearExclusion.Partial), (2024, YearExclusion.Partial)]);
        (t.Projected, t.RequiredAnnualChange, t.Status).ShouldBe((5.3419m, 0.1116m, TargetStatus.OnTrack));
        live.ExchangeRates.Select(r => r.Year).ShouldBe(Enumerable.Range(2015, 10));

        await Tracking.RebuildAsync();
        var rebuilt = await Tracking.GetReportAsync();
        TellsTheTruth(rebuilt);
        JsonSerializer.Serialize(rebuilt).ShouldBe(JsonSerializer.Serialize(live));

        // Known at the end of 2023: the NBS 2022 communiqué (2023-09-18) is known; Hong Kong's figures, recorded on
        // 2026-01-14 without a publication date, and the seed's 2024 figures are not.
        var knownAt = await Tracking.GetReportAsync(null, new DateOnly(2023, 12, 31));
        TellsTheTruth(knownAt);
        var bth = knownAt.Clusters.Single(c => c.Id == "beijing-tianjin-hebei").Targets.Single();
        bth.Basis.YearsUsed.ShouldBe([2019, 2020, 2021, 2022]);
        bth.Basis.ExcludedYears.ShouldBeEmpty();
        knownAt.Clusters.Single(c => c.Id == "greater-bay-area").Targets.Single().Status.ShouldBe(TargetStatus.InsufficientData);
    }

    [Fact]
    public async Task the_exclusion_records_its_actor_in_the_projected_document_as_in_the_replay()
    {
        // Fresh cluster so the test does not depend on the other one.
        await fx.Hubs.Commands.SendBatchAsync([
            new EstablishCluster("ex-c", "Ex", "City", new DateOnly(2020, 1, 1)), new Regions.RegisterRegion("ex-a", "Ex A", RegionKind.Province),
            new Regions.RegisterRegion("ex-b", "Ex B", RegionKind.Province), new JoinCluster("ex-c", "ex-a", new DateOnly(2020, 1, 1)),
            new ExpandClusterScope("ex-c", new DateOnly(2020, 1, 1), "board"), new JoinCluster("ex-c", "ex-b", new DateOnly(2020, 1, 1)),
        ], Ctx.New());
        await fx.Hubs.Commands.SendAsync(new ExcludeMemberFromComposite("ex-c", "ex-b", "no data"), Ctx.New(actor: "analyst:wang"));
        await Tracking.CatchUpAsync(TimeSpan.FromSeconds(60));

        var projected = (await Tracking.GetClusterScorecardAsync("ex-c"))!.ExcludedFromComposite.Single();
        var replayed = (await Tracking.GetReportAsync(fx.Clock.GetUtcNow(), null)).Clusters.Single(c => c.Id == "ex-c").ExcludedFromComposite.Single();

        projected.ShouldBe(new CompositeExclusion("ex-b", "no data", "analyst:wang", projected.ExcludedAt));
        replayed.ShouldBe(projected);
    }

    private static void TellsTheTruth(TrackingReport report)
    {
        foreach (var c in report.Clusters)
        {
            var partial = c.RdIntensity.Where(y => y.Method == CompositeMethod.Partial).Select(y => y.Year).ToHashSet();
            foreach (var t in c.Targets.Where(t => t.Metric == TargetMetric.RdIntensity))
            {
                if (t.Basis.YearsUsed.Count == 0)
                    (t.Status, t.Basis.Reason is not null).ShouldBe((TargetStatus.InsufficientData, true), $"{c.Id}: no year used and no reason given");
                t.Basis.YearsUsed.Intersect(partial).ShouldBeEmpty($"{c.Id}: a partial year fed the status");
                if (t.LatestYear is { } latest) partial.ShouldNotContain(latest, $"{c.Id}: the latest value is from a partial year");
                t.Basis.ExcludedYears.Where(x => x.Kind == YearExclusion.Partial).Select(x => x.Year).Order()
                    .ShouldBe(partial.Order(), $"{c.Id}: every partial year is listed with its reason");
            }
        }
    }
}
