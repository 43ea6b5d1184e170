using Hubs.EventSourcing.Indicators;
using Hubs.EventSourcing.Tracking;

namespace Hubs.EventSourcing.Tests.Indicators;

public sealed class CatalogueAndAggregationTests
{
    private static readonly IndicatorCatalogue Catalogue = IndicatorCatalogue.BuiltIn;
    private static readonly Func<string, int, decimal?> NoRates = (_, _) => null;
    private static readonly string[] Yrd = ["shanghai", "jiangsu", "zhejiang", "anhui"];

    [Fact]
    public void the_built_in_catalogue_holds_every_indicator_the_plans_track()
    {
        Catalogue.All.Select(d => d.Key).ShouldBe(
        [
            "gdp", "rd_expenditure_total", "rd_intensity", "basic_research_expenditure", "basic_research_share_of_rd",
            "tech_contract_value", "rd_personnel_fte_total", "rd_funds_from_enterprises", "enterprise_funds_share_of_rd",
            "valid_invention_patents", "high_tech_enterprises", "gii_cluster_rank",
        ], ignoreOrder: true);
        Catalogue.Get("basic_research_share_of_rd").ShouldBe(
            new IndicatorDefinition("basic_research_share_of_rd", "Basic-research share of R&D (%)", IndicatorKind.Ratio, UnitFamily.Percent, 2,
                "basic_research_expenditure", "rd_expenditure_total"));
        Catalogue.Get("gii_cluster_rank").HigherIsBetter.ShouldBeFalse("a rank is better when lower");
    }

    [Fact]
    public void a_user_adds_an_indicator_and_the_built_in_catalogue_is_unchanged()
    {
        var mine = Catalogue
            .With(IndicatorDefinition.Amount("pct_applications", "PCT applications", UnitFamily.Count))
            .With(IndicatorDefinition.Ratio("pct_share_of_patents", "PCT applications per valid patent (%)", "pct_applications", "valid_invention_patents"));

        mine.Find("pct_share_of_patents").ShouldNotBeNull().Kind.ShouldBe(IndicatorKind.Ratio);
        Catalogue.Find("pct_applications").ShouldBeNull("adding returns a new catalogue");
    }

    [Theory]
    [InlineData("Bad-Key", IndicatorKind.Amount, UnitFamily.Count, null, null, "key 'Bad-Key'")]
    [InlineData("rd_intensity", IndicatorKind.Amount, UnitFamily.Count, null, null, "key 'rd_intensity': already in the catalogue")]
    [InlineData("x_share", IndicatorKind.Ratio, UnitFamily.Percent, "nothing", "gdp", "numerator of 'x_share': 'nothing' is not an amount")]
    [InlineData("x_mixed", IndicatorKind.Ratio, UnitFamily.Percent, "valid_invention_patents", "gdp", "numerator 'valid_invention_patents' is Count but denominator 'gdp' is Money")]
    [InlineData("x_rank", IndicatorKind.Rank, UnitFamily.Count, null, null, "unit of 'x_rank': Count does not fit a Rank")]
    public void a_definition_breaking_a_rule_is_refused_naming_field_value_and_rule(
        string key, IndicatorKind kind, UnitFamily unit, string? numerator, string? denominator, string expected)
    {
        var ex = Should.Throw<ArgumentException>(() => Catalogue.With(new IndicatorDefinition(key, "label", kind, unit, 0, numerator, denominator)));

        ex.Message.ShouldContain(expected);
    }

    [Fact]
    public void a_ratio_aggregates_as_the_sum_of_numerators_over_the_sum_of_denominators()
    {
        // YRD 2023 (yearbook, 万元): basic 2163477 + 2080104 + 1227337 + 858463 = 6329381;
        // R&D 20496028 + 42122900 + 26401910 + 12647399 = 101668237; 100 · 6329381 / 101668237 = 6.2255… %
        // (the mean of the four shares, 10.56, 4.94, 4.65, 6.79, would be 6.73).
        var a = IndicatorAggregation.Aggregate(Catalogue.Get("basic_research_share_of_rd"), 2023, Yrd,
        [
            new("shanghai", null, 2163477m, 20496028m, "CNY 10k"), new("jiangsu", null, 2080104m, 42122900m, "CNY 10k"),
            new("zhejiang", null, 1227337m, 26401910m, "CNY 10k"), new("anhui", null, 858463m, 12647399m, "CNY 10k"),
        ], NoRates);

        (a.Method, Math.Round(a.Value!.Value, 4), a.Coverage).ShouldBe((AggregateMethod.RatioOfSums, 6.2255m, 4));
    }

    [Fact]
    public void r_and_d_intensity_from_intensity_and_expenditure_agrees_with_the_existing_composite()
    {
        // The composite test's case: A 2.0 % with 100 → GDP 5000; B 4.0 % with 300 → GDP 7500; 100 · 400 / 12500 = 3.2.
        var a = IndicatorAggregation.Aggregate(Catalogue.Get("rd_intensity"), 2022, ["a", "b"],
            [new("a", 2.0m, 100m, null, "CNY 100m"), new("b", 4.0m, 300m, null, "CNY 100m")], NoRates);
        var existing = CompositeIntensity.For(2022, ["a", "b"],
            [new MemberFigure("a", 2.0m, 100m, "CNY 100m"), new MemberFigure("b", 4.0m, 300m, "CNY 100m")], (_, _) => null)!.View;

        (a.Value, a.Method).ShouldBe((3.2m, AggregateMethod.RatioOfSums));
        a.Value.ShouldBe(existing.Value);
    }

    [Fact]
    public void a_ratio_in_a_currency_without_a_rate_falls_back_to_the_mean_of_published_ratios_and_says_why()
    {
        // (2.0 + 4.0) / 2 = 3.0; HKD has no rate for 2022.
        var a = IndicatorAggregation.Aggregate(Catalogue.Get("rd_intensity"), 2022, ["a", "b"],
            [new("a", 2.0m, 100m, null, "CNY 100m"), new("b", 4.0m, 300m, null, "HKD m")], NoRates);

        (a.Value, a.Method).ShouldBe((3.0m, AggregateMethod.Mean));
        a.Note.ShouldBe("b: no HKD→CNY rate for 2022");
    }

    [Fact]
    public void money_amounts_are_summed_in_yuan_by_the_recorded_rates()
    {
        // 100 亿元 = 10¹⁰ CNY; 2000 HKD m at 0.9 = 1.8·10⁹ CNY; sum 1.18·10¹⁰ CNY.
        var a = IndicatorAggregation.Aggregate(Catalogue.Get("rd_expenditure_total"), 2022, ["gd", "hk"],
            [new("gd", 100m, Unit: "CNY 100m"), new("hk", 2000m, Unit: "HKD m")], (c, y) => c == "HKD" && y == 2022 ? 0.9m : null);

        (a.Value, a.Method).ShouldBe((11_800_000_000m, AggregateMethod.Sum));
    }

    [Fact]
    public void money_without_a_rate_gives_no_sum_rather_than_a_wrong_one()
    {
        var a = IndicatorAggregation.Aggregate(Catalogue.Get("rd_expenditure_total"), 2022, ["gd", "hk"],
            [new("gd", 100m, Unit: "CNY 100m"), new("hk", 2000m, Unit: "HKD m")], NoRates);

        (a.Value, a.Method, a.Note).ShouldBe((null, AggregateMethod.None, "hk: no HKD→CNY rate for 2022"));
    }

    [Fact]
    public void persons_and_counts_are_summed_as_they_are()
    {
        // 1000 + 2500 + 40 = 3540 FTE.
        var a = IndicatorAggregation.Aggregate(Catalogue.Get("rd_personnel_fte_total"), 2023, ["a", "b", "c"],
            [new("a", 1000m), new("b", 2500m), new("c", 40m)], NoRates);

        (a.Value, a.Method).ShouldBe((3540m, AggregateMethod.Sum));
    }

    [Fact]
    public void a_year_not_every_counted_member_reported_is_partial_naming_the_missing()
    {
        var a = IndicatorAggregation.Aggregate(Catalogue.Get("valid_invention_patents"), 2023, ["a", "b", "c"],
            [new("a", 10m), new("c", 5m)], NoRates);

        (a.Value, a.Method, a.Coverage, a.MemberCount).ShouldBe((15m, AggregateMethod.Partial, 2, 3));
        a.Missing.ShouldBe(["b"]);
    }

    [Fact]
    public void a_rank_is_never_aggregated()
    {
        var a = IndicatorAggregation.Aggregate(Catalogue.Get("gii_cluster_rank"), 2025, ["a", "b"], [new("a", 2m), new("b", 8m)], NoRates);

        (a.Value, a.Method).ShouldBe((null, AggregateMethod.None));
    }
}
