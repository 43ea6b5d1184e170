using Hubs.EventSourcing.Tracking;

namespace Hubs.EventSourcing.Tests.Tracking;

public sealed class TargetStatusTests
{
    private static readonly Target Rd4By2035 = new(TargetMetric.RdIntensity, null, 4.0m, 2035);

    private static TargetTracking Evaluate(Target t, params (int, decimal)[] series) => TargetEvaluator.Series(t, "region", series);

    [Fact]
    public void a_latest_value_at_or_above_the_target_is_achieved()
    {
        Evaluate(Rd4By2035, (2023, 3.9m), (2024, 4.0m)).Status.ShouldBe(TargetStatus.Achieved);
    }

    [Fact]
    public void a_projection_reaching_the_target_is_on_track_with_projection_and_required_change()
    {
        // Trend 0.25/yr → 6.7 at 2035 (see the trend test). Required: (4.0 − 3.5) / (2035 − 2022) = 0.5/13 = 0.03846… → 0.0385.
        var t = Evaluate(Rd4By2035, (2020, 3.0m), (2021, 3.1m), (2022, 3.5m));

        t.Status.ShouldBe(TargetStatus.OnTrack);
        t.Projected.ShouldBe(6.7m);
        t.TrendSlope.ShouldBe(0.25m);
        t.RequiredAnnualChange.ShouldBe(0.0385m);
        (t.LatestYear, t.Latest).ShouldBe((2022, 3.5m));
    }

    [Fact]
    public void a_projection_missing_by_exactly_ten_percent_of_the_target_is_at_risk()
    {
        // Flat at 3.6: projected 3.6, misses 4.0 by 0.4 = 10 % of 4.0.
        Evaluate(Rd4By2035, (2022, 3.6m), (2023, 3.6m), (2024, 3.6m)).Status.ShouldBe(TargetStatus.AtRisk);
    }

    [Fact]
    public void a_projection_missing_by_more_than_ten_percent_is_off_track()
    {
        // Flat at 3.5: misses by 0.5 > 0.4.
        Evaluate(Rd4By2035, (2022, 3.5m), (2023, 3.5m), (2024, 3.5m)).Status.ShouldBe(TargetStatus.OffTrack);
    }

    [Fact]
    public void two_points_are_insufficient_data_but_still_give_the_required_change()
    {
        // (4.0 − 3.1) / (2035 − 2021) = 0.9/14 = 0.0642857… → 0.0643
        var t = Evaluate(Rd4By2035, (2020, 3.0m), (2021, 3.1m));

        t.Status.ShouldBe(TargetStatus.InsufficientData);
        t.Projected.ShouldBeNull();
        t.TrendPoints.ShouldBe(0);
        t.RequiredAnnualChange.ShouldBe(0.0643m);
    }

    [Fact]
    public void no_value_at_all_is_insufficient_data()
    {
        var t = Evaluate(Rd4By2035);

        t.Status.ShouldBe(TargetStatus.InsufficientData);
        t.LatestYear.ShouldBeNull();
    }

    [Fact]
    public void once_the_deadline_year_has_a_value_the_target_is_achieved_or_missed()
    {
        var by2024 = new Target(TargetMetric.RdIntensity, null, 4.0m, 2024);

        Evaluate(by2024, (2022, 3.0m), (2023, 3.5m), (2024, 3.9m)).Status.ShouldBe(TargetStatus.Missed);
        Evaluate(by2024, (2022, 3.0m), (2023, 3.5m), (2024, 4.1m)).Status.ShouldBe(TargetStatus.Achieved);
        Evaluate(by2024, (2022, 3.0m), (2023, 3.5m), (2024, 3.9m)).RequiredAnnualChange.ShouldBeNull();
    }

    [Fact]
    public void a_rank_target_mirrors_the_comparisons_lower_is_better()
    {
        var top1By2030 = new Target(TargetMetric.GlobalRank, "WIPO GII", 1m, 2030);
        var top10By2030 = new Target(TargetMetric.GlobalRank, "WIPO GII", 10m, 2030);

        // Ranks 3, 2, 2: x̄ = 2023, ȳ = 7/3; Sxy = (−1)(2/3) + 0 + (1)(−1/3) = −1; slope −0.5; at 2030: 7/3 − 3.5 = −1.1667 ≤ 1.
        var t = Evaluate(top1By2030, (2022, 3m), (2023, 2m), (2024, 2m));
        t.Status.ShouldBe(TargetStatus.OnTrack);
        t.Projected.ShouldBe(-1.1667m);
        t.TrendSlope.ShouldBe(-0.5m);
        // (1 − 2) / (2030 − 2024) = −0.1667: ranks must fall.
        t.RequiredAnnualChange.ShouldBe(-0.1667m);

        Evaluate(top1By2030, (2025, 1m)).Status.ShouldBe(TargetStatus.Achieved);
        Evaluate(top10By2030, (2022, 11m), (2023, 11m), (2024, 11m)).Status.ShouldBe(TargetStatus.AtRisk);   // misses by 1 = 10 % of 10
        Evaluate(top10By2030, (2022, 12m), (2023, 12m), (2024, 12m)).Status.ShouldBe(TargetStatus.OffTrack); // misses by 2
        Evaluate(top10By2030, (2028, 12m), (2029, 11m), (2030, 11m)).Status.ShouldBe(TargetStatus.Missed);
    }
}
