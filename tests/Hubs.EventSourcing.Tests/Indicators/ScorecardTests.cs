using Hubs.EventSourcing.Indicators;

namespace Hubs.EventSourcing.Tests.Indicators;

public sealed class ScorecardTests
{
    private static readonly Func<string, int, decimal?> NoRates = (_, _) => null;
    private static readonly DateOnly Published = new(2024, 10, 2);

    private static ScopeIndicators Fold(params object[] events) => (ScopeIndicators)IndicatorModule.Module.Fold(events)!;

    private static IndicatorFigureRecorded Figure(string scope, string indicator, int year, decimal value, string? unit = "CNY 10k",
        DateOnly? published = null, string? qualifier = null) =>
        new(ScopeKind.Region, scope, indicator, "", year, value, unit, qualifier, published ?? Published, "NBS", "yearbook", "official");

    private static IndicatorTargetSet Target(string id, string indicator, TargetComparison op, decimal value, int year) =>
        new(ScopeKind.Region, "beijing", id, indicator, TargetKind.LevelBy, op, value, year, null, null, "plan", TargetMark.Official);

    [Fact]
    public void a_revised_target_shows_in_the_diff_before_the_status_change_it_causes()
    {
        // Beijing R&D intensity 2020–2024: 6.44, 6.53, 6.83, 6.73, 6.58 (%). Trend: mean 6.622, slope 0.48 / 10 = 0.048 a
        // year → 2035: 6.622 + 13 · 0.048 = 7.246, so ≥ 7 by 2035 is on-track; ≥ 6 by 2025 is met so far by 6.58.
        var figures = new object[]
        {
            Figure("beijing", "rd_intensity", 2020, 6.44m, "%"), Figure("beijing", "rd_intensity", 2021, 6.53m, "%"),
            Figure("beijing", "rd_intensity", 2022, 6.83m, "%"), Figure("beijing", "rd_intensity", 2023, 6.73m, "%"),
            Figure("beijing", "rd_intensity", 2024, 6.58m, "%"),
        };
        var before = Fold([.. figures, Target("rd-intensity", "rd_intensity", TargetComparison.AtLeast, 7m, 2035)]);
        var after = Fold([.. figures, Target("rd-intensity", "rd_intensity", TargetComparison.AtLeast, 7m, 2035),
            new IndicatorTargetRevised(ScopeKind.Region, "beijing", "rd-intensity", "rd_intensity", TargetKind.LevelBy, TargetComparison.AtLeast, 6m, 2025,
                null, null, "plan", TargetMark.Official, "2023 work plan", "≥ 7 by 2035")]);

        var diff = Scorecards.Diff(Scorecards.ForScope(before, 2025), Scorecards.ForScope(after, 2025));

        diff.ShouldBe(["target rd-intensity changed ≥ 7 by 2035 → ≥ 6 by 2025", "target rd-intensity: on-track → met-so-far"]);
    }

    [Fact]
    public void a_withdrawn_target_shows_in_the_diff_with_its_reason()
    {
        var set = Target("rd-intensity", "rd_intensity", TargetComparison.AtLeast, 7m, 2035);
        var before = Fold(set);
        var after = Fold(set, new IndicatorTargetWithdrawn(ScopeKind.Region, "beijing", "rd-intensity", "superseded", "≥ 7 by 2035"));

        Scorecards.Diff(Scorecards.ForScope(before, 2025), Scorecards.ForScope(after, 2025))
            .ShouldBe(["target rd-intensity withdrawn: ≥ 7 by 2035 (superseded)"]);
        Scorecards.ForScope(after, 2025).Targets.ShouldBeEmpty();
    }

    [Fact]
    public void a_cluster_scorecard_aggregates_its_members_and_keeps_its_published_aggregate_apart()
    {
        // YRD 2023: 100 · 6329381 / 101668237 = 6.2255 %; the cluster's own published figure (say 6.3) is shown apart.
        var members = new Dictionary<string, ScopeIndicators>
        {
            ["shanghai"] = Fold(Figure("shanghai", "basic_research_expenditure", 2023, 2163477m), Figure("shanghai", "rd_expenditure_total", 2023, 20496028m)),
            ["jiangsu"] = Fold(Figure("jiangsu", "basic_research_expenditure", 2023, 2080104m), Figure("jiangsu", "rd_expenditure_total", 2023, 42122900m)),
            ["zhejiang"] = Fold(Figure("zhejiang", "basic_research_expenditure", 2023, 1227337m), Figure("zhejiang", "rd_expenditure_total", 2023, 26401910m)),
            ["anhui"] = Fold(Figure("anhui", "basic_research_expenditure", 2023, 858463m), Figure("anhui", "rd_expenditure_total", 2023, 12647399m)),
        };
        var own = Fold(new IndicatorFigureRecorded(ScopeKind.Cluster, "yangtze-river-delta", "basic_research_share_of_rd", "", 2023, 6.3m, "%", null,
            Published, "someone", "report", "secondary"));

        var card = Scorecards.ForCluster(own, ["shanghai", "jiangsu", "zhejiang", "anhui"], members, NoRates, 2025);

        var share = card.Indicators.Single(l => l.Indicator == "basic_research_share_of_rd");
        (Math.Round(share.Latest!.Value, 4), share.Method, share.Coverage, share.MemberCount).ShouldBe((6.2255m, "ratio-of-sums", 4, 4));
        card.Indicators.Single(l => l.Indicator == "basic_research_expenditure").Latest.ShouldBe(6329381m * 10_000m, "a sum in yuan");
        card.Published.Single().Latest.ShouldBe(6.3m);
    }

    [Fact]
    public void a_member_missing_a_year_makes_it_partial_and_never_judged()
    {
        var members = new Dictionary<string, ScopeIndicators>
        {
            ["a"] = Fold(Figure("a", "valid_invention_patents", 2023, 10m, null)),
            ["b"] = Fold(Figure("b", "valid_invention_patents", 2022, 5m, null)),
        };
        var own = Fold(new IndicatorTargetSet(ScopeKind.Cluster, "c", "patents", "valid_invention_patents", TargetKind.LevelBy, TargetComparison.AtLeast,
            10m, 2023, null, null, "illustrative", TargetMark.Illustrative));

        var card = Scorecards.ForCluster(own, ["a", "b"], members, NoRates, 2025);

        card.Indicators.Single().LatestCompleteYear.ShouldBeNull("no year has both members");
        card.Targets.Single().Status.ShouldBe(IndicatorTargetStatus.AwaitingData);
    }

    [Fact]
    public void an_amount_without_its_ratio_is_still_on_the_scorecard()
    {
        // Hebei 2024: expenditure published, intensity not.
        var card = Scorecards.ForScope(Fold(Figure("hebei", "rd_expenditure_total", 2024, 9000000m)), 2025);

        card.Indicators.Select(l => l.Indicator).ShouldBe(["rd_expenditure_total"]);
    }

    [Fact]
    public void a_scope_ratio_not_published_is_computed_from_its_own_amounts()
    {
        // 100 · 2163477 / 20496028 = 10.5556 %
        var card = Scorecards.ForScope(Fold(Figure("shanghai", "basic_research_expenditure", 2023, 2163477m),
            Figure("shanghai", "rd_expenditure_total", 2023, 20496028m)), 2025);

        var share = card.Indicators.Single(l => l.Indicator == "basic_research_share_of_rd");
        (Math.Round(share.Latest!.Value, 4), share.Method).ShouldBe((10.5556m, "computed"));
    }

    [Fact]
    public void a_qualified_figure_is_shown_but_never_judged()
    {
        var state = Fold(Figure("shanghai", "high_tech_enterprises", 2023, 24000m, null),
            Figure("shanghai", "high_tech_enterprises", 2024, 26000m, null, qualifier: "over"),
            new IndicatorTargetSet(ScopeKind.Region, "shanghai", "hte", "high_tech_enterprises", TargetKind.LevelBy, TargetComparison.Above, 26000m, 2024,
                null, null, "Shanghai 14th FYP S&T plan", TargetMark.Official));

        var card = Scorecards.ForScope(state, 2026);

        card.Indicators.Single().LatestCompleteYear.ShouldBe(2023);
        card.Targets.Single().Status.ShouldBe(IndicatorTargetStatus.AwaitingData);
        card.Targets.Single().Basis.Note.ShouldBe("the 2024 figure is qualified: over 26000 as published");
    }

    [Fact]
    public void as_known_at_a_date_uses_only_figures_published_by_then()
    {
        var state = Fold(Figure("china", "rd_expenditure_total", 2023, 1m, published: new DateOnly(2024, 10, 2)),
            Figure("china", "rd_expenditure_total", 2024, 2m, published: new DateOnly(2025, 9, 29)));

        Scorecards.ForScope(state, 2025, knownAt: new DateOnly(2025, 1, 1)).Indicators.Single().LatestCompleteYear.ShouldBe(2023);
        Scorecards.ForScope(state, 2025).Indicators.Single().LatestCompleteYear.ShouldBe(2024);
    }
}
