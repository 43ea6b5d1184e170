using Hubs.EventSourcing.Tracking;

namespace Hubs.EventSourcing.Tests.Tracking;

/// <summary>Composites over city members: the city's own figure where it exists, and a named gap where it does not.</summary>
public sealed class CityCompositeTests
{
    private const string Unit = "CNY 100m";
    private static readonly RateOf NoRates = (_, _) => null;
    private static readonly Func<string, string?> GuangdongCities = id => id is "shenzhen" or "guangzhou" ? "guangdong" : null;

    [Fact]
    public void a_city_member_without_a_figure_is_named_as_a_city_whose_parent_figure_is_not_used()
    {
        // Shenzhen 2023: 6.46 % with 2,236.61 CNY 100m (Shenzhen Statistics Bureau); Guangzhou not recorded.
        var y = CompositeIntensity.For(2023, ["guangzhou", "shenzhen"], [new("shenzhen", 6.46m, 2236.61m, Unit)], NoRates, GuangdongCities)!.View;

        y.Method.ShouldBe(CompositeMethod.Partial);
        y.Missing.ShouldBe(["guangzhou"]);
        y.Note.ShouldBe("guangzhou: no city figure for 2023 (a city in guangdong; guangdong's figure is not used for it)");
    }

    [Fact]
    public void a_missing_member_that_is_not_a_city_leaves_the_partial_year_without_a_note()
    {
        var y = CompositeIntensity.For(2023, ["hong-kong", "shenzhen"], [new("shenzhen", 6.46m, 2236.61m, Unit)], NoRates, GuangdongCities)!.View;

        y.Missing.ShouldBe(["hong-kong"]);
        y.Note.ShouldBeNull("only a city's gap needs saying that its parent's figure is not used");
    }

    [Fact]
    public void city_members_with_figures_are_weighted_by_their_own_figures()
    {
        // Shenzhen: GDP 100·2236.61/6.46 = 34622.4458…; X: 2.0 % with 100 → GDP 5000.
        // Weighted 100·(2236.61+100)/(34622.4458…+5000) = 5.8972…, not Guangdong's figure.
        var y = CompositeIntensity.For(2023, ["shenzhen", "x"], [new("shenzhen", 6.46m, 2236.61m, Unit), new("x", 2.0m, 100m, Unit)],
            NoRates, GuangdongCities)!.View;

        y.Method.ShouldBe(CompositeMethod.Weighted);
        Math.Round(y.Value, 4).ShouldBe(5.8972m);
    }
}
