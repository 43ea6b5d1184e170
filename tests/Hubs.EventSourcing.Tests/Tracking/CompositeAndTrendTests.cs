using Hubs.EventSourcing.Tracking;

namespace Hubs.EventSourcing.Tests.Tracking;

public sealed class CompositeAndTrendTests
{
    private const string Unit = "CNY 100m";
    private static readonly RateOf NoRates = (_, _) => null;

    private static (decimal, CompositeMethod, int) For(int members, params MemberFigure[] reported)
    {
        var counted = new[] { "a", "b", "c" }.Take(members).ToList();
        var y = CompositeIntensity.For(2022, counted, reported, NoRates)!.View;
        return (y.Value, y.Method, y.Coverage);
    }

    [Fact]
    public void every_member_with_expenditure_in_one_unit_gives_a_gdp_weighted_composite()
    {
        // A: 2.0 % with 100 → GDP 100·100/2 = 5000; B: 4.0 % with 300 → GDP 100·300/4 = 7500.
        // Weighted: 100·(100+300)/(5000+7500) = 40000/12500 = 3.2 (the plain mean would be 3.0).
        var c = For(2, new("a", 2.0m, 100m, Unit), new("b", 4.0m, 300m, Unit));

        c.ShouldBe((3.2m, CompositeMethod.Weighted, 2));
    }

    [Fact]
    public void a_member_without_expenditure_makes_the_composite_a_mean()
    {
        // (2.0 + 4.0) / 2 = 3.0
        var c = For(2, new("a", 2.0m, 100m, Unit), new("b", 4.0m, null, null));

        c.ShouldBe((3.0m, CompositeMethod.Mean, 2));
    }

    [Fact]
    public void an_expenditure_in_a_currency_without_a_rate_makes_the_composite_a_mean()
    {
        var c = For(2, new("a", 2.0m, 100m, Unit), new("b", 4.0m, 300m, "USD bn"));

        c.ShouldBe((3.0m, CompositeMethod.Mean, 2));
    }

    [Theory]
    [InlineData("1000000000000000000000", "CNY 100m")]
    [InlineData("79228162514264337593543950335", "CNY 100m")]
    [InlineData("79228162514264337593543950335", "CNY k")]
    public void a_stored_expenditure_too_large_to_scale_makes_the_composite_a_mean_naming_the_member(string amount, string unit)
    {
        // Stored before the expenditure bound: the report must not fail on it. (2.0 + 1.5) / 2 = 1.75.
        var huge = decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture);
        var y = CompositeIntensity.For(2022, ["a", "b"], [new("a", 2.0m, 100m, Unit), new("b", 1.5m, huge, unit)], NoRates)!.View;

        (y.Value, y.Method).ShouldBe((1.75m, CompositeMethod.Mean));
        y.Note.ShouldNotBeNull().ShouldContain("b: expenditure", customMessage: "the note names the member left unweighted");
    }

    [Fact]
    public void a_stored_expenditure_whose_gdp_overflows_makes_the_composite_a_mean()
    {
        // 10^18 yuan at an intensity of 10^-12 % is a GDP of 10^32: beyond decimal, so the year is a mean.
        var y = CompositeIntensity.For(2022, ["a", "b"], [new("a", 2.0m, 100m, Unit), new("b", 0.000000000001m, 10_000_000_000m, Unit)], NoRates)!.View;

        y.Method.ShouldBe(CompositeMethod.Mean);
    }

    [Fact]
    public void members_whose_expenditures_overflow_only_when_added_make_the_composite_a_mean()
    {
        var y = CompositeIntensity.For(2022, ["a", "b"],
            [new("a", 100m, 50_000_000_000_000_000_000_000m, "CNY 10k"), new("b", 100m, 50_000_000_000_000_000_000_000m, "CNY 10k")], NoRates)!.View;

        (y.Value, y.Method).ShouldBe((100m, CompositeMethod.Mean));
        y.Note.ShouldNotBeNull().ShouldContain("too large to add up");
    }

    [Fact]
    public void a_member_that_did_not_report_makes_the_composite_partial_with_its_coverage()
    {
        // Three members, two reported: (2.0 + 4.5) / 2 = 3.25, covering 2 of 3, even though both have expenditures.
        var c = For(3, new("a", 2.0m, 100m, Unit), new("b", 4.5m, 300m, Unit));

        c.ShouldBe((3.25m, CompositeMethod.Partial, 2));
    }

    [Fact]
    public void the_series_labels_each_year_with_its_own_method()
    {
        var figures = new Dictionary<string, IReadOnlyDictionary<int, RegionYear>>
        {
            ["a"] = Years((2020, 2.0m, 100m), (2021, 2.2m, null), (2022, 2.4m, null)),
            ["b"] = Years((2020, 4.0m, 300m), (2021, 4.0m, null)),
        };

        var series = CompositeIntensity.Series(["a", "b"], id => figures.GetValueOrDefault(id), NoRates);

        series.Select(p => p.View).ShouldBe([
            new CompositeYear(2020, 3.2m, CompositeMethod.Weighted, 2, 2, [], null),
            new CompositeYear(2021, 3.1m, CompositeMethod.Mean, 2, 2, [], "a: no expenditure; b: no expenditure"), // (2.2 + 4.0) / 2
            new CompositeYear(2022, 2.4m, CompositeMethod.Partial, 1, 2, ["b"], null), // only a
        ]);
    }

    [Fact]
    public void the_trend_is_ordinary_least_squares_over_the_points()
    {
        // x̄ = 2021, ȳ = (3.0 + 3.1 + 3.5)/3 = 3.2; Sxy = (−1)(−0.2) + 0 + (1)(0.3) = 0.5; Sxx = 2; slope = 0.25.
        // At 2035: 3.2 + 0.25·14 = 6.7.
        var line = Trend.Fit([(2020, 3.0m), (2021, 3.1m), (2022, 3.5m)])!;

        line.Slope.ShouldBe(0.25m);
        line.At(2035).ShouldBe(6.7m);
        line.Points.ShouldBe(3);
    }

    [Fact]
    public void the_trend_uses_only_the_five_most_recent_years()
    {
        // 2017 (10) is outside the window; 2018..2022 = 1..5 fit exactly slope 1, x̄ = 2020, ȳ = 3 → at 2025: 8.
        var line = Trend.Fit([(2017, 10m), (2018, 1m), (2019, 2m), (2020, 3m), (2021, 4m), (2022, 5m)])!;

        line.Points.ShouldBe(5);
        line.Slope.ShouldBe(1m);
        line.At(2025).ShouldBe(8m);
    }

    [Fact]
    public void fewer_than_three_points_give_no_trend()
    {
        Trend.Fit([(2021, 3.0m), (2022, 3.1m)]).ShouldBeNull();
    }

    internal static IReadOnlyDictionary<int, RegionYear> Years(params (int Year, decimal Value, decimal? Expenditure)[] years) =>
        years.ToDictionary(y => y.Year, y => new RegionYear(y.Year, y.Value, y.Expenditure, y.Expenditure is null ? null : Unit,
            new DateOnly(y.Year + 1, 9, 1), "NBS", 0));
}
