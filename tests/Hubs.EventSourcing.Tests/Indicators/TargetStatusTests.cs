using Hubs.EventSourcing.Indicators;

namespace Hubs.EventSourcing.Tests.Indicators;

public sealed class TargetStatusTests
{
    private static readonly IndicatorCatalogue Catalogue = IndicatorCatalogue.BuiltIn;
    private const string Plan = "14th Five-Year Plan (2021)";

    // China's R&D expenditure, 亿元 (NBS bulletins): 2021 +14.6 %, 2022 +10.1 %, 2023 +8.4 %, 2024 +8.9 %.
    private static readonly SeriesPoint[] ChinaRd =
        [P(2020, 24393.1m), P(2021, 27956.3m), P(2022, 30782.9m), P(2023, 33357.1m), P(2024, 36326.8m)];

    // China's basic-research share of R&D, % (NBS bulletins).
    private static readonly SeriesPoint[] ChinaBasicShare = [P(2020, 6.0m), P(2021, 6.5m), P(2022, 6.57m), P(2023, 6.77m), P(2024, 6.88m)];

    private static SeriesPoint P(int year, decimal value, string method = "region") => new(year, value, method);

    private static IndicatorTarget Level(string indicator, TargetComparison op, decimal value, int year) =>
        new("t", indicator, TargetKind.LevelBy, op, value, year, null, null, Plan, TargetMark.Official);

    private static IndicatorTarget Period(TargetKind kind, string indicator, TargetComparison op, decimal value, int from, int to) =>
        new("t", indicator, kind, op, value, to, from, null, Plan, TargetMark.Official);

    private static TargetAssessment Assess(IndicatorTarget target, IReadOnlyList<SeriesPoint> series, int currentYear) =>
        TargetEvaluation.Assess(Catalogue.Get(target.Indicator), target, series, currentYear);

    [Fact]
    public void a_past_deadline_is_judged_on_its_own_year_not_on_later_ones()
    {
        // Hong Kong: 0.8 % by 2016; 2016 = 0.79 (missed), though 2024 = 1.13 would meet it.
        var series = new[] { P(2014, 0.74m), P(2015, 0.76m), P(2016, 0.79m), P(2020, 0.99m), P(2024, 1.13m) };

        var a = Assess(Level("rd_intensity", TargetComparison.AtLeast, 0.8m, 2016), series, 2026);

        a.Status.ShouldBe(IndicatorTargetStatus.Missed);
        a.Basis.Used.ShouldBe([new FigureUsed(2016, 0.79m, "region")]);
        a.Basis.LeftOut.Single(x => x.Year == 2024).Reason.ShouldContain("after the deadline");
    }

    [Theory]
    [InlineData(TargetComparison.Above, IndicatorTargetStatus.Missed)]
    [InlineData(TargetComparison.AtLeast, IndicatorTargetStatus.Achieved)]
    public void a_strict_above_is_not_met_by_equality(TargetComparison op, IndicatorTargetStatus expected)
    {
        var a = Assess(Level("rd_intensity", op, 0.8m, 2016), [P(2016, 0.8m)], 2026);

        a.Status.ShouldBe(expected);
    }

    [Theory]
    [InlineData(16.2, IndicatorTargetStatus.Achieved)] // within 5 % of 17 (16.15–17.85)
    [InlineData(17.85, IndicatorTargetStatus.Achieved)]
    [InlineData(16.1, IndicatorTargetStatus.Missed)]
    [InlineData(18.0, IndicatorTargetStatus.Missed)]
    public void about_accepts_five_percent_of_the_value_either_side(double figure, IndicatorTargetStatus expected)
    {
        var a = Assess(Level("basic_research_share_of_rd", TargetComparison.About, 17m, 2025), [P(2025, (decimal)figure)], 2026);

        a.Status.ShouldBe(expected);
    }

    [Fact]
    public void a_past_deadline_whose_year_is_unpublished_is_awaiting_data()
    {
        var a = Assess(Level("basic_research_share_of_rd", TargetComparison.Above, 8m, 2025), ChinaBasicShare, 2026);

        a.Status.ShouldBe(IndicatorTargetStatus.AwaitingData);
        a.Basis.Note.ShouldBe("the 2025 figure is not published yet");
        a.Basis.Used.ShouldBeEmpty("nothing before the deadline year decides it");
    }

    [Fact]
    public void a_deadline_year_that_is_partial_is_awaiting_data_saying_so()
    {
        var a = Assess(Level("basic_research_share_of_rd", TargetComparison.Above, 8m, 2025),
            [.. ChinaBasicShare, new SeriesPoint(2025, 9m, SeriesPoint.Partial, "3 of 4 members reported; missing anhui")], 2026);

        a.Status.ShouldBe(IndicatorTargetStatus.AwaitingData);
        a.Basis.Note.ShouldBe("the 2025 figure is partial: 3 of 4 members reported; missing anhui");
    }

    [Fact]
    public void a_level_met_so_far_needs_no_change_whichever_side_of_the_value_it_lies()
    {
        // Shanghai, R&D intensity about 4.5 by 2025 (±5 %: 4.275–4.725), 2024 = 4.35: met so far. The change to 4.5
        // exactly (+0.15) was printed as "needs +0.150/yr"; under "≥ 6" a 6.58 printed "needs -0.580/yr", read as a fall.
        var about = Assess(Level("rd_intensity", TargetComparison.About, 4.5m, 2025), [P(2022, 4.2m), P(2023, 4.34m), P(2024, 4.35m)], 2025);
        var atLeast = Assess(Level("rd_intensity", TargetComparison.AtLeast, 6m, 2025), [P(2023, 6.73m), P(2024, 6.58m)], 2025);

        (about.Status, about.Basis.RequiredRate).ShouldBe((IndicatorTargetStatus.MetSoFar, (decimal?)null));
        (atLeast.Status, atLeast.Basis.RequiredRate).ShouldBe((IndicatorTargetStatus.MetSoFar, (decimal?)null));
    }

    [Fact]
    public void chinas_basic_research_share_is_off_track_for_more_than_8_percent_by_2025()
    {
        // Trend 2020–2024: mean year 2022, mean 6.544, slope 2.03 / 10 = 0.203 → 2025: 6.544 + 3 · 0.203 = 7.153;
        // misses 8 by 0.847, more than 10 % of 8 → off-track. Needed: (8 − 6.88) / 1 = 1.12 points in 2025.
        var a = Assess(Level("basic_research_share_of_rd", TargetComparison.Above, 8m, 2025), ChinaBasicShare, 2025);

        a.Status.ShouldBe(IndicatorTargetStatus.OffTrack);
        (a.Basis.Method, a.Basis.Projected, a.Basis.RequiredRate).ShouldBe(("trend", 7.153m, 1.12m));
        a.Basis.Used.Select(u => u.Year).ShouldBe([2020, 2021, 2022, 2023, 2024]);
    }

    [Fact]
    public void a_latest_figure_already_meeting_a_future_deadline_is_met_so_far()
    {
        var a = Assess(Level("rd_intensity", TargetComparison.AtLeast, 1m, 2030), [P(2023, 0.99m), P(2024, 1.13m)], 2026);

        a.Status.ShouldBe(IndicatorTargetStatus.MetSoFar);
    }

    [Fact]
    public void a_rank_projection_is_bounded_at_first_place()
    {
        // Ranks 6, 4, 2 (2022–2024): slope −2 → 2035 line at 2 − 22 = −20, bounded to 1, which meets "rank ≤ 1".
        var target = new IndicatorTarget("t", "gii_cluster_rank", TargetKind.RankAtOrBetter, TargetComparison.AtMost, 1m, 2035,
            null, null, "illustrative: no plan names a rank", TargetMark.Illustrative);

        var a = Assess(target, [P(2022, 6m), P(2023, 4m), P(2024, 2m)], 2026);

        (a.Status, a.Basis.Projected).ShouldBe((IndicatorTargetStatus.OnTrack, 1m));
        a.Basis.Note.ShouldBe("the trend line gives -20; bounded to 1, the best rank");
    }

    [Fact]
    public void a_share_projection_is_bounded_at_100_percent()
    {
        var a = Assess(Level("basic_research_share_of_rd", TargetComparison.AtLeast, 99.5m, 2040), [P(2022, 60m), P(2023, 80m), P(2024, 99m)], 2026);

        a.Basis.Projected.ShouldBe(100m);
    }

    [Fact]
    public void too_few_complete_years_for_a_trend_is_insufficient_data_saying_how_many()
    {
        var a = Assess(Level("rd_intensity", TargetComparison.AtLeast, 2m, 2030), [P(2023, 0.99m), P(2024, 1.13m)], 2026);

        a.Status.ShouldBe(IndicatorTargetStatus.InsufficientData);
        a.Basis.Note.ShouldBe("2 region complete year(s); a trend needs 3");
    }

    [Fact]
    public void chinas_r_and_d_growth_is_met_so_far_against_more_than_7_percent_a_year()
    {
        // (36326.8 / 24393.1)^(1/4) − 1 = 10.47 % a year so far. To reach 24393.1 · 1.07⁵ = 34212.6 in 2025 the remaining
        // year may fall: (34212.6 / 36326.8) − 1 = −5.82 %.
        var a = Assess(Period(TargetKind.CompoundGrowth, "rd_expenditure_total", TargetComparison.Above, 7m, 2021, 2025), ChinaRd, 2025);

        a.Status.ShouldBe(IndicatorTargetStatus.MetSoFar);
        (a.Basis.RateSoFar, a.Basis.RequiredRate).ShouldBe((10.4689m, -5.82m));
        a.Basis.Note.ShouldBe("growth a year: 2021 14.6074 %, 2022 10.1108 %, 2023 8.3624 %, 2024 8.9028 %");
    }

    [Fact]
    public void compound_growth_over_a_finished_period_is_judged_on_its_end_year()
    {
        // 2020 → 2024 at 10.47 % a year: above 7, achieved; above 11, missed.
        var achieved = Assess(Period(TargetKind.CompoundGrowth, "rd_expenditure_total", TargetComparison.Above, 7m, 2021, 2024), ChinaRd, 2026);
        var missed = Assess(Period(TargetKind.CompoundGrowth, "rd_expenditure_total", TargetComparison.Above, 11m, 2021, 2024), ChinaRd, 2026);

        (achieved.Status, missed.Status).ShouldBe((IndicatorTargetStatus.Achieved, IndicatorTargetStatus.Missed));
    }

    [Fact]
    public void compound_growth_below_the_target_so_far_is_off_track_with_the_rate_the_rest_needs()
    {
        // "≥ 12 % a year 2021–2026" on the national series: 10.47 % so far misses 12 by 1.53, more than 10 % of 12 → off-track.
        // 24393.1 · 1.12⁶ = 48147.65; from 36326.8 in 2024 the two remaining years need (48147.65 / 36326.8)^(1/2) − 1 = 15.1262 %.
        var a = Assess(Period(TargetKind.CompoundGrowth, "rd_expenditure_total", TargetComparison.AtLeast, 12m, 2021, 2026), ChinaRd, 2025);

        (a.Status, a.Basis.RequiredRate).ShouldBe((IndicatorTargetStatus.OffTrack, 15.1262m));
    }

    [Fact]
    public void growth_every_year_fails_on_the_first_year_below()
    {
        // "every year ≥ 9 %": 2021 14.6, 2022 10.1, 2023 8.4 fails.
        var a = Assess(Period(TargetKind.GrowthEveryYear, "rd_expenditure_total", TargetComparison.AtLeast, 9m, 2021, 2025), ChinaRd, 2025);

        a.Status.ShouldBe(IndicatorTargetStatus.Missed);
        a.Basis.Note.ShouldBe("2023: growth 8.3624 % does not meet ≥ 9 % growth every year 2021–2025");
    }

    [Fact]
    public void growth_every_year_met_in_every_year_so_far_is_met_so_far()
    {
        var a = Assess(Period(TargetKind.GrowthEveryYear, "rd_expenditure_total", TargetComparison.AtLeast, 8m, 2021, 2025), ChinaRd, 2025);

        a.Status.ShouldBe(IndicatorTargetStatus.MetSoFar);
    }

    [Fact]
    public void a_level_every_year_of_a_period_needs_every_year_strictly_above()
    {
        // Shanghai "> 4 % over 2018–2022": 4.16, 4.00 (equal: not above), … → missed in 2019.
        var series = new[] { P(2018, 4.16m), P(2019, 4.00m), P(2020, 4.17m), P(2021, 4.21m), P(2022, 4.44m) };

        var a = Assess(Period(TargetKind.LevelEveryYear, "rd_intensity", TargetComparison.Above, 4m, 2018, 2022), series, 2026);

        a.Status.ShouldBe(IndicatorTargetStatus.Missed);
        a.Basis.Note.ShouldStartWith("2019: 4 does not meet");
    }

    [Fact]
    public void a_level_every_year_of_a_finished_period_all_met_is_achieved_and_with_a_gap_awaits_data()
    {
        var all = new[] { P(2018, 4.16m), P(2019, 4.01m), P(2020, 4.17m) };
        var target = Period(TargetKind.LevelEveryYear, "rd_intensity", TargetComparison.Above, 4m, 2018, 2020);

        Assess(target, all, 2026).Status.ShouldBe(IndicatorTargetStatus.Achieved);
        Assess(target, all[..2], 2026).Status.ShouldBe(IndicatorTargetStatus.AwaitingData);
    }

    [Fact]
    public void relative_to_a_base_year_compares_the_deadline_year_with_the_base_figure()
    {
        // "higher than 2020" (> 0 % on 2020): 2020 6.0, 2024 6.88 → achieved; threshold 6.0.
        var target = new IndicatorTarget("t", "basic_research_share_of_rd", TargetKind.RelativeToBase, TargetComparison.Above, 0m, 2024,
            null, 2020, Plan, TargetMark.Official);

        var a = Assess(target, ChinaBasicShare, 2026);

        (a.Status, a.Basis.Threshold).ShouldBe((IndicatorTargetStatus.Achieved, 6.0m));
        a.Basis.Used.Select(u => u.Year).ShouldBe([2020, 2024]);
    }

    [Fact]
    public void partial_years_are_never_judged_and_are_listed_with_the_reason()
    {
        var series = new[] { P(2021, 6.5m), P(2022, 6.57m), P(2023, 6.77m), new SeriesPoint(2024, 20m, SeriesPoint.Partial, "missing anhui") };

        var a = Assess(Level("basic_research_share_of_rd", TargetComparison.AtLeast, 10m, 2030), series, 2025);

        a.Basis.Used.Select(u => u.Year).ShouldBe([2021, 2022, 2023]);
        a.Basis.LeftOut.ShouldContain(new FigureLeftOut(2024, "partial: missing anhui"));
    }

    [Fact]
    public void a_trend_never_mixes_methods()
    {
        // Three ratio-of-sums years and two mean years: the line uses the three, and names the two left out.
        var series = new[]
        {
            P(2020, 2m, "mean"), P(2021, 2.1m, "ratio-of-sums"), P(2022, 2.2m, "ratio-of-sums"), P(2023, 2.4m, "mean"), P(2024, 2.3m, "ratio-of-sums"),
        };

        var a = Assess(Level("rd_intensity", TargetComparison.AtLeast, 3m, 2030), series, 2025);

        a.Basis.SeriesMethod.ShouldBe("ratio-of-sums");
        a.Basis.Used.Select(u => u.Year).ShouldBe([2021, 2022, 2024]);
        a.Basis.LeftOut.Select(x => x.Year).ShouldBe([2020, 2023]);
    }

    [Theory]
    [InlineData(TargetKind.LevelBy, "> 8 by 2025")]
    [InlineData(TargetKind.CompoundGrowth, "> 8 % a year 2021–2025")]
    public void a_target_describes_itself_as_history_and_diff_show_it(TargetKind kind, string expected)
    {
        var t = kind == TargetKind.LevelBy
            ? Level("rd_intensity", TargetComparison.Above, 8m, 2025)
            : Period(kind, "rd_expenditure_total", TargetComparison.Above, 8m, 2021, 2025);

        t.Describe().ShouldBe(expected);
    }

    [Fact]
    public void a_target_breaking_a_rule_lists_each_naming_field_and_value()
    {
        var t = new IndicatorTarget("Bad Id", "gii_cluster_rank", TargetKind.LevelBy, TargetComparison.AtLeast, 2m, 2035, 2030, null, "", TargetMark.Official);

        t.Problems(Catalogue).ShouldBe(
        [
            "id 'Bad Id': must be a lower-case slug of at most 64 characters",
            "document: must name the source document (or why there is none)",
            "from-year 2030: only period targets have one",
            "kind LevelBy: a rank indicator takes only RankAtOrBetter targets",
        ]);
    }
}
