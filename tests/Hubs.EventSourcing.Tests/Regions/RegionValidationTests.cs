using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Testing;

namespace Hubs.EventSourcing.Tests.Regions;

public sealed class RegionValidationTests
{
    private static readonly RegionRegistered Hebei = new("hebei", "Hebei", RegionKind.Province);
    private static readonly DateOnly Published = new(2025, 9, 30);

    [Theory]
    [InlineData(0)]
    [InlineData(-1.5)]
    [InlineData(100.01)]
    public void an_intensity_outside_zero_to_one_hundred_is_rejected(double value)
    {
        var rejection = HubsSpec.Given(Hebei)
            .When(new ReportRdIntensity("hebei", 2024, (decimal)value, null, null, Published, "NBS"))
            .ThenRejected("intensity-out-of-range");
        rejection.Field.ShouldBe("intensityPct");
        rejection.Value.ShouldBe((decimal)value);
    }

    [Fact]
    public void an_intensity_of_exactly_one_hundred_is_accepted() =>
        HubsSpec.Given(Hebei)
            .When(new ReportRdIntensity("hebei", 2024, 100m, null, null, Published, "NBS"))
            .Then(new RdIntensityReported("hebei", 2024, 100m, null, null, Published, "NBS"));

    [Theory]
    [InlineData(1949)]
    [InlineData(2101)]
    public void a_year_outside_the_sane_range_is_rejected(int year) =>
        HubsSpec.Given(Hebei)
            .When(new ReportRdIntensity("hebei", year, 2m, null, null, new DateOnly(2101, 1, 1), "NBS"))
            .ThenRejected("year-out-of-range");

    [Fact]
    public void a_negative_expenditure_is_rejected() =>
        HubsSpec.Given(Hebei)
            .When(new ReportRdIntensity("hebei", 2024, 2m, -0.1m, "CNY 100m", Published, "NBS"))
            .ThenRejected("expenditure-negative");

    [Fact]
    public void a_zero_expenditure_is_accepted() =>
        HubsSpec.Given(Hebei)
            .When(new ReportRdIntensity("hebei", 2024, 2m, 0m, "CNY 100m", Published, "NBS"))
            .Then(new RdIntensityReported("hebei", 2024, 2m, 0m, "CNY 100m", Published, "NBS"));

    [Theory]
    [InlineData("1000000000000000000000", "CNY 100m")]
    [InlineData("79228162514264337593543950335", "CNY k")]
    [InlineData("10000000000.1", "CNY 100m")]
    public void an_expenditure_beyond_ten_to_the_eighteen_currency_units_is_rejected(string amount, string unit)
    {
        var value = decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture);
        var rejection = HubsSpec.Given(Hebei)
            .When(new ReportRdIntensity("hebei", 2024, 1.5m, value, unit, Published, "NBS"))
            .ThenRejected("expenditure-too-large");
        rejection.Field.ShouldBe("expenditure");
        rejection.Message.ShouldContain(amount, customMessage: "the message quotes the amount given");
        rejection.Message.ShouldContain("10^18", customMessage: "the message states the bound");
    }

    [Fact]
    public void an_expenditure_of_exactly_ten_to_the_eighteen_currency_units_is_accepted() =>
        HubsSpec.Given(Hebei)
            .When(new ReportRdIntensity("hebei", 2024, 2m, 10_000_000_000m, "CNY 100m", Published, "NBS"))
            .Then(new RdIntensityReported("hebei", 2024, 2m, 10_000_000_000m, "CNY 100m", Published, "NBS"));

    [Fact]
    public void a_revision_beyond_the_expenditure_bound_is_rejected() =>
        HubsSpec.Given(Hebei, new RdIntensityReported("hebei", 2024, 2m, null, null, Published, "NBS"))
            .When(new ReviseRdIntensity("hebei", 2024, 2m, decimal.MaxValue, "USD bn", Published.AddDays(1), "NBS", "fix"))
            .ThenRejected("expenditure-too-large");

    [Fact]
    public void an_expenditure_without_its_unit_is_rejected() =>
        HubsSpec.Given(Hebei)
            .When(new ReportRdIntensity("hebei", 2024, 2m, 800m, null, Published, "NBS"))
            .ThenRejected("unit-required");

    [Fact]
    public void a_figure_published_before_its_reference_year_is_rejected() =>
        HubsSpec.Given(Hebei)
            .When(new ReportRdIntensity("hebei", 2024, 2m, null, null, new DateOnly(2023, 12, 31), "NBS"))
            .ThenRejected("published-before-year");

    [Fact]
    public void a_report_without_a_source_is_rejected() =>
        HubsSpec.Given(Hebei)
            .When(new ReportRdIntensity("hebei", 2024, 2m, null, null, Published, " "))
            .ThenRejected("required");

    [Theory]
    [InlineData("Hebei")]
    [InlineData("he bei")]
    [InlineData("-hebei")]
    [InlineData("")]
    public void an_id_that_is_not_a_lower_case_slug_is_rejected(string id)
    {
        var rejection = HubsSpec.Given()
            .When(new RegisterRegion(id, "Hebei", RegionKind.Province))
            .ThenRejected("invalid-id");
        rejection.Field.ShouldBe("regionId");
    }

    [Fact]
    public void every_violation_is_reported_at_once_with_field_and_value()
    {
        var rejection = HubsSpec.Given(Hebei)
            .When(new ReportRdIntensity("hebei", 1900, 0m, -5m, null, Published, ""))
            .ThenRejected("year-out-of-range");

        rejection.Violations.Select(v => v.Field).ShouldBe(["year", "intensityPct", "expenditure", "expenditureUnit", "source"], ignoreOrder: true);
        rejection.Message.ShouldContain("Year=1900");
    }

    [Fact]
    public void a_target_above_one_hundred_percent_is_rejected() =>
        HubsSpec.Given(Hebei).When(new SetRegionTarget("hebei", 101m, 2035)).ThenRejected("intensity-out-of-range");

    [Fact]
    public void a_target_deadline_outside_the_range_is_rejected() =>
        HubsSpec.Given(Hebei).When(new SetRegionTarget("hebei", 3m, 1999)).ThenRejected("year-out-of-range");
}
