using Hubs.EventSourcing.Indicators;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Testing;

namespace Hubs.EventSourcing.Tests.Indicators;

public sealed class IndicatorRulesTests
{
    private const string Fyp = "14th Five-Year Plan (2021)";
    private static readonly RegionRegistered China = new("china", "China", RegionKind.Country);
    private static readonly RegionRegistered Beijing = new("beijing", "Beijing", RegionKind.Municipality);
    private static readonly DateOnly Sep2025 = new(2025, 9, 29);

    private static RecordIndicatorFigure Basic2024(decimal value, string? qualifier = null) =>
        new(ScopeKind.Region, "china", "basic_research_expenditure", "基础研究经费", 2024, value, "CNY 100m", qualifier, Sep2025,
            "NBS", "2024 R&D bulletin", "official");

    private static IndicatorFigureRecorded Basic2024Recorded =>
        new(ScopeKind.Region, "china", "basic_research_expenditure", "基础研究经费", 2024, 2500.9m, "CNY 100m", null, Sep2025,
            "NBS", "2024 R&D bulletin", "official");

    private static readonly IndicatorTarget Seven2035 =
        new("rd-intensity", "rd_intensity", TargetKind.LevelBy, TargetComparison.AtLeast, 7m, 2035, null, null, "illustrative: no plan for 2035", TargetMark.Illustrative);

    private static readonly IndicatorTarget Six2025 =
        new("rd-intensity", "rd_intensity", TargetKind.LevelBy, TargetComparison.About, 6m, 2025, null, null, "MOST et al. work plan (2023)", TargetMark.Official);

    private static IndicatorTargetSet SetOf(IndicatorTarget t, string scope = "beijing") =>
        new(ScopeKind.Region, scope, t.Id, t.Indicator, t.Kind, t.Comparison, t.Value, t.Year, t.FromYear, t.BaseYear, t.Document, t.Mark);

    [Fact]
    public void a_figure_for_the_national_comparator_is_recorded() =>
        HubsSpec.Given(China).When(Basic2024(2500.9m)).Then(Basic2024Recorded);

    [Fact]
    public void a_qualified_figure_is_recorded_with_its_qualifier() =>
        HubsSpec.Given(China).When(Basic2024(2500m, "about")).Then(Basic2024Recorded with { Value = 2500m, Qualifier = "about" });

    [Fact]
    public void a_figure_for_an_unknown_scope_is_rejected() =>
        HubsSpec.Given().When(Basic2024(2500.9m)).ThenRejected("scope-not-registered");

    [Fact]
    public void the_same_figure_again_changes_nothing() =>
        HubsSpec.Given(China, Basic2024Recorded).When(Basic2024(2500.9m)).ThenNothing();

    [Fact]
    public void another_value_for_a_recorded_figure_must_be_a_revision() =>
        HubsSpec.Given(China, Basic2024Recorded).When(Basic2024(2497m)).ThenRejected("figure-already-recorded");

    [Fact]
    public void a_revision_published_later_is_recorded_with_what_it_replaces() =>
        HubsSpec.Given(China, Basic2024Recorded)
            .When(new ReviseIndicatorFigure(ScopeKind.Region, "china", "basic_research_expenditure", "基础研究经费", 2024, 2510m, "CNY 100m", null,
                new DateOnly(2026, 9, 1), "NBS", "2025 yearbook", "official", "yearbook revision"))
            .Then(new IndicatorFigureRevised(ScopeKind.Region, "china", "basic_research_expenditure", "基础研究经费", 2024, 2510m, "CNY 100m", null,
                new DateOnly(2026, 9, 1), "NBS", "2025 yearbook", "official", "yearbook revision", 2500.9m));

    [Fact]
    public void a_revision_published_no_later_than_the_figure_is_rejected() =>
        HubsSpec.Given(China, Basic2024Recorded)
            .When(new ReviseIndicatorFigure(ScopeKind.Region, "china", "basic_research_expenditure", "基础研究经费", 2024, 2510m, "CNY 100m", null,
                Sep2025, "NBS", "x", "official", "why"))
            .ThenRejected("revision-not-later");

    [Theory]
    [InlineData("rd_expenditure", "CNY 100m", null, "unknown-indicator")]
    [InlineData("basic_research_expenditure", "亿", null, "invalid-unit")]
    [InlineData("basic_research_share_of_rd", "%", null, "value-out-of-range")] // 2500.9 % is not a share
    [InlineData("basic_research_expenditure", "CNY 100m", "超过", "invalid-qualifier")]
    public void a_figure_of_the_wrong_shape_is_rejected_naming_the_rule(string indicator, string unit, string? qualifier, string code) =>
        HubsSpec.Given(China).When(Basic2024(2500.9m, qualifier) with { Indicator = indicator, Unit = unit }).ThenRejected(code);

    [Fact]
    public void any_number_of_targets_may_be_set_on_a_scope()
    {
        var share = new IndicatorTarget("basic-share", "basic_research_share_of_rd", TargetKind.LevelBy, TargetComparison.About, 17m, 2025,
            null, null, "MOST et al. work plan (2023)", TargetMark.Official);

        HubsSpec.Given(Beijing, SetOf(Seven2035)).When(new SetIndicatorTarget(ScopeKind.Region, "beijing", share)).Then(SetOf(share));
    }

    [Fact]
    public void setting_a_target_under_a_taken_id_is_rejected_not_a_silent_replacement() =>
        HubsSpec.Given(Beijing, SetOf(Seven2035)).When(new SetIndicatorTarget(ScopeKind.Region, "beijing", Six2025)).ThenRejected("target-already-set");

    [Fact]
    public void a_target_breaking_its_own_rules_is_rejected() =>
        HubsSpec.Given(Beijing).When(new SetIndicatorTarget(ScopeKind.Region, "beijing", Seven2035 with { Document = "" })).ThenRejected("invalid-target");

    [Fact]
    public void a_revised_target_records_what_it_replaces() =>
        HubsSpec.Given(Beijing, SetOf(Seven2035))
            .When(new ReviseIndicatorTarget(ScopeKind.Region, "beijing", Six2025, "the 2023 work plan sets 6 % for 2025"))
            .Then(new IndicatorTargetRevised(ScopeKind.Region, "beijing", "rd-intensity", "rd_intensity", TargetKind.LevelBy, TargetComparison.About, 6m,
                2025, null, null, "MOST et al. work plan (2023)", TargetMark.Official, "the 2023 work plan sets 6 % for 2025", "≥ 7 by 2035"));

    [Fact]
    public void a_revision_without_a_reason_is_rejected() =>
        HubsSpec.Given(Beijing, SetOf(Seven2035)).When(new ReviseIndicatorTarget(ScopeKind.Region, "beijing", Six2025, " ")).ThenRejected("required");

    [Fact]
    public void a_withdrawn_target_leaves_the_scope_and_cannot_be_revised()
    {
        var withdrawn = new IndicatorTargetWithdrawn(ScopeKind.Region, "beijing", "rd-intensity", "superseded by the 2025 plan", "≥ 7 by 2035");

        HubsSpec.Given(Beijing, SetOf(Seven2035))
            .When(new WithdrawIndicatorTarget(ScopeKind.Region, "beijing", "rd-intensity", "superseded by the 2025 plan")).Then(withdrawn);
        HubsSpec.Given(Beijing, SetOf(Seven2035), withdrawn)
            .When(new ReviseIndicatorTarget(ScopeKind.Region, "beijing", Six2025, "why")).ThenRejected("target-not-set")
            .Message.ShouldContain("was withdrawn (superseded by the 2025 plan)");
    }
}
