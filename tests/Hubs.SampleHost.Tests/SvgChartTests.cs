using System.Text.RegularExpressions;
using Hubs.SampleHost.Views.Html;

namespace Hubs.SampleHost.Tests;

/// <summary>The page's chart generator, without a store: axes, empty series, the legend's place.</summary>
public sealed class SvgChartTests
{
    private static string Format(decimal v) => v.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);

    private static List<string> YearLabels(string svg) =>
        Regex.Matches(svg, "<text class=\"tick year\"[^>]*>([^<]*)</text>").Select(m => m.Groups[1].Value).ToList();

    [Theory]
    [InlineData(2019, 2023, 2035)]
    [InlineData(2023, 2024, 2024)]
    [InlineData(2019, 2019, 2019)]
    public void year_labels_are_whole_years_and_none_repeats(int first, int last, int deadline)
    {
        var points = Enumerable.Range(first, last - first + 1).Select(y => new ChartPoint(y, 2.5m + (y - first) / 10m)).ToList();
        var svg = SvgChart.Yearly("x", "X", " %", [new ChartSeries("reported", "weighted", points)],
            [new ChartLine("target", "target", first, 3, deadline, 3, true)], Format);
        var labels = YearLabels(svg);
        labels.ShouldNotBeEmpty();
        labels.ShouldBeUnique();
        labels.ShouldAllBe(l => Regex.IsMatch(l, "^[0-9]{4}$"));
        labels.Count.ShouldBeLessThanOrEqualTo(9);
    }

    [Fact]
    public void six_digit_axis_labels_fit_left_of_the_plot_with_thousands_separators()
    {
        // Beijing–Tianjin–Hebei's R&D expenditure 2019–2022 in CNY 100m, as the demo charts it.
        var points = new[] { (2019, 3263.3m), (2020, 3446.0m), (2021, 3949.1m), (2022, 4260.9m) }
            .Select(p => new ChartPoint(p.Item1, p.Item2 * 100)).ToList();
        var svg = SvgChart.Yearly("e", "Expenditure", " CNY", [new ChartSeries("sum", "weighted", points)], [], Format);

        var ticks = Regex.Matches(svg, "<text class=\"tick\" x=\"([0-9.]+)\"[^>]*text-anchor=\"end\">([^<]*)</text>")
            .Select(m => (X: double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Label: m.Groups[2].Value)).ToList();
        ticks.ShouldNotBeEmpty();
        ticks.ShouldAllBe(t => t.Label.Contains(','), "six-digit labels carry a thousands separator");
        // Right-aligned at X: with the 14 px tick font a digit is about 7.7 px, so the label starts at or after 0.
        ticks.ShouldAllBe(t => t.X - 7.7 * t.Label.Length >= 0, string.Join(", ", ticks));
    }

    [Fact]
    public void an_empty_series_is_said_in_words_not_drawn_on_an_invented_axis()
    {
        var html = SvgChart.Yearly("c", "Chengdu–Chongqing: composite", " %", [new ChartSeries("weighted", "weighted", [])], [], Format);
        html.ShouldNotContain("<svg");
        html.ShouldContain("no figures recorded yet");
    }

    [Fact]
    public void the_legend_is_outside_the_plot_and_every_point_carries_its_value()
    {
        var svg = SvgChart.Yearly("b", "Beijing", " %", [new ChartSeries("reported", "weighted", [new(2021, 6.53m), new(2022, 6.83m, "revised 1×")])], [], Format);
        svg.IndexOf("</svg>", StringComparison.Ordinal).ShouldBeLessThan(svg.IndexOf("class=\"legend\"", StringComparison.Ordinal), "the legend follows the drawing");
        System.Net.WebUtility.HtmlDecode(svg).ShouldContain("reported 2022: 6.83 % (revised 1×)");
        svg.ShouldContain("class=\"weighted ring\"");
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(6.31, 6.83)]
    [InlineData(1.1, 7.5)]
    public void the_value_axis_covers_the_data_with_round_steps_and_never_goes_negative_for_positive_data(double min, double max)
    {
        var (lo, hi, step) = SvgChart.NiceRange((decimal)min, (decimal)max);
        lo.ShouldBeLessThanOrEqualTo((decimal)min);
        hi.ShouldBeGreaterThanOrEqualTo((decimal)max);
        lo.ShouldBeGreaterThanOrEqualTo(0);
        ((hi - lo) / step).ShouldBeLessThanOrEqualTo(10);
    }
}
