using Hubs.SampleHost.Views;

namespace Hubs.SampleHost.Tests;

/// <summary>One format per kind of value: each indicator by its catalogue rule, the same in text and HTML.</summary>
public sealed class ValueFormatTests
{
    [Theory]
    [InlineData("rd_expenditure_total", "467075528200", "4,670.8 CNY 100m")]
    [InlineData("rd_intensity", "3.0489", "3.05%")]
    [InlineData("rd_intensity", "2", "2.00%")]
    [InlineData("basic_research_share_of_rd", "6.88", "6.88%")]
    [InlineData("valid_invention_patents", "1234567", "1,234,567")]
    [InlineData("gii_cluster_rank", "2", "2")]
    [InlineData("a_users_own", "1.234567", "1.2346")]
    public void an_indicator_value_is_written_by_its_catalogue_rule(string indicator, string value, string expected) =>
        Formats.Indicator(indicator, decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(expected);

    [Theory]
    [InlineData("rd_intensity", "0.15", "+0.150/yr")]
    [InlineData("rd_intensity", "-0.58", "-0.580/yr")]
    [InlineData("rd_expenditure_total", "12050000000", "+120.5 CNY 100m/yr")]
    public void a_change_a_year_is_signed_in_the_indicators_unit(string indicator, string value, string expected) =>
        Formats.IndicatorPerYear(indicator, decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(expected);
}
