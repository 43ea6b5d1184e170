using Hubs.EventSourcing.ExchangeRates;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Testing;

namespace Hubs.EventSourcing.Tests.Tracking;

public sealed class MoneyUnitTests
{
    [Theory]
    [InlineData("CNY 100m", "CNY", 100_000_000)]
    [InlineData("HKD m", "HKD", 1_000_000)]
    [InlineData("MOP 10k", "MOP", 10_000)]
    [InlineData("USD bn", "USD", 1_000_000_000)]
    [InlineData("CNY 9999k", "CNY", 9_999_000)]
    [InlineData("HKD mn", "HKD", 1_000_000)]
    [InlineData("HK$ million", "HKD", 1_000_000)]
    [InlineData("CNY 100 million", "CNY", 100_000_000)]
    [InlineData("RMB bn", "CNY", 1_000_000_000)]
    [InlineData("MOP$ 10 thousand", "MOP", 10_000)]
    [InlineData("万元", "CNY", 10_000)]
    [InlineData("亿元", "CNY", 100_000_000)]
    [InlineData("万亿元", "CNY", 1_000_000_000_000)]
    public void a_unit_is_a_currency_and_a_scale(string text, string currency, long scale)
    {
        MoneyUnit.TryParse(text, out var unit).ShouldBeTrue();
        unit.ShouldBe(new MoneyUnit(currency, scale));
    }

    [Theory]
    [InlineData("CNY 100 millions")]
    [InlineData("HK$million")]
    [InlineData("HKD 100 mn")]
    [InlineData("元")]
    [InlineData("cny 100m")]
    [InlineData("CNY100m")]
    [InlineData("CNY  m")]
    [InlineData("CNY 0100m")]
    [InlineData("CNY 10000m")]
    [InlineData("CNY 100")]
    [InlineData("XYZ m")]
    [InlineData(" CNY 100m")]
    [InlineData("CNY 100m ")]
    [InlineData("")]
    public void anything_else_is_not_a_unit(string text) => MoneyUnit.TryParse(text, out _).ShouldBeFalse();

    [Fact]
    public void reporting_an_expenditure_in_an_unknown_unit_is_rejected_with_the_grammar_in_the_message()
    {
        var rejection = HubsSpec.Given(new RegionRegistered("macao", "Macao", RegionKind.SpecialAdministrativeRegion))
            .When(new ReportRdIntensity("macao", 2022, 0.3m, 100m, "MOP millions", new DateOnly(2023, 12, 1), "DSEC"))
            .ThenRejected("unknown-unit");

        (rejection.Field, rejection.Value).ShouldBe(("expenditureUnit", (object)"MOP millions"));
        rejection.Violations.Single().Explanation.ShouldContain("'CNY 100m', 'HKD m'");
    }

    [Theory]
    [InlineData("亿元", "CNY 100m")]
    [InlineData("万元", "CNY 10k")]
    [InlineData("万亿元", "CNY 1000bn")]
    [InlineData("HK$ million", "HKD m")]
    [InlineData("RMB bn", "CNY bn")]
    public void a_unit_has_one_short_spelling(string text, string spelling) => MoneyUnit.Parse(text).ToString().ShouldBe(spelling);

    [Theory]
    [InlineData(2233.6, "CNY 100m", 223.36, "CNY bn")]
    [InlineData(2233.6, "亿元", 22336000, "万元")]
    [InlineData(30138, "HKD m", 30138.0, "HK$ million")]
    [InlineData(30138, "HKD mn", 30.138, "HKD bn")]
    public void the_same_quantity_in_two_units_is_the_same_amount(double a, string unit, double b, string other) =>
        MoneyUnit.SameAmount((decimal)a, unit, (decimal)b, other).ShouldBeTrue($"{a} {unit} is {b} {other}");

    [Theory]
    [InlineData(2233.6, "CNY 100m", 223.37, "CNY bn")]
    [InlineData(100, "HKD m", 100, "MOP m")]
    [InlineData(100, "items", 100, "CNY m")]
    public void a_different_quantity_or_currency_is_not_the_same_amount(double a, string unit, double b, string other) =>
        MoneyUnit.SameAmount((decimal)a, unit, (decimal)b, other).ShouldBeFalse();

    [Fact]
    public void the_same_figure_in_another_unit_the_same_day_is_already_recorded_not_a_revision()
    {
        var reported = new RdIntensityReported("guangdong", 2024, 3.6m, 2233.6m, "CNY 100m", new DateOnly(2025, 9, 29), "NBS 2024");
        var given = HubsSpec.Given(new RegionRegistered("guangdong", "Guangdong", RegionKind.Province), reported);
        given.When(new ReportRdIntensity("guangdong", 2024, 3.6m, 223.36m, "CNY bn", new DateOnly(2025, 9, 29), "NBS 2024")).ThenNothing();
        given.When(new ReviseRdIntensity("guangdong", 2024, 3.6m, 22_336_000m, "万元", new DateOnly(2025, 9, 29), "NBS 2024", "copy")).ThenNothing();
        given.When(new ReviseRdIntensity("guangdong", 2024, 3.6m, 2233.7m, "亿元", new DateOnly(2025, 9, 29), "NBS 2024", "typo"))
            .ThenRejected("revision-not-later");
    }

    [Fact]
    public void a_rate_is_recorded_once_and_a_different_figure_for_the_year_corrects_it()
    {
        var recorded = new ExchangeRateRecorded("HKD", 2022, 0.8589m, null, "indicative");
        HubsSpec.Given().When(new RecordExchangeRate("HKD", 2022, 0.8589m, null, "indicative")).Then(recorded);
        HubsSpec.Given(recorded).When(new RecordExchangeRate("HKD", 2022, 0.8589m, null, "indicative")).ThenNothing();
        HubsSpec.Given(recorded).When(new RecordExchangeRate("HKD", 2022, 0.86m, new DateOnly(2023, 1, 5), "official"))
            .Then(new ExchangeRateRecorded("HKD", 2022, 0.86m, new DateOnly(2023, 1, 5), "official"));
    }

    [Theory]
    [InlineData("CNY")]
    [InlineData("XYZ")]
    public void a_rate_for_the_yuan_itself_or_an_unknown_currency_is_rejected(string currency) =>
        HubsSpec.Given().When(new RecordExchangeRate(currency, 2022, 1m, null, "x")).ThenRejected("unknown-currency");
}
