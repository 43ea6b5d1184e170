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
    public void a_unit_is_a_currency_and_a_scale(string text, string currency, long scale)
    {
        MoneyUnit.TryParse(text, out var unit).ShouldBeTrue();
        unit.ShouldBe(new MoneyUnit(currency, scale));
    }

    [Theory]
    [InlineData("CNY 100 million")]
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
            .When(new ReportRdIntensity("macao", 2022, 0.3m, 100m, "MOP million", new DateOnly(2023, 12, 1), "DSEC"))
            .ThenRejected("unknown-unit");

        (rejection.Field, rejection.Value).ShouldBe(("expenditureUnit", (object)"MOP million"));
        rejection.Violations.Single().Explanation.ShouldContain("'CNY 100m', 'HKD m'");
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
