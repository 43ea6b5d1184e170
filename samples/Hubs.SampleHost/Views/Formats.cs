using System.Globalization;
using Hubs.EventSourcing;
using Hubs.EventSourcing.Indicators;

namespace Hubs.SampleHost.Views;

/// <summary>
/// One way to write each kind of value, shared by the text output and the HTML page (JSON carries the exact numbers):
/// instants as ISO 8601 UTC with a <c>Z</c>, R&amp;D intensity (a region's figure, a composite, a target, a
/// projection) with 2 decimals, a change a year with 3, a rank as an integer.
/// </summary>
internal static class Formats
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>
    /// ISO 8601 in UTC with a <c>Z</c>, whatever the offset the instant carries, to the microsecond the store keeps and
    /// without trailing zeros: <c>2026-12-06T00:14:00Z</c>, <c>2026-12-05T23:55:20.596171Z</c>.
    /// </summary>
    public static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", Invariant);

    public static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", Invariant);

    /// <summary>An indicator's value by its rule: <c>6.83</c> for R&amp;D intensity, <c>3</c> for a rank.</summary>
    public static string Value(TargetMetric metric, decimal value) =>
        metric == TargetMetric.RdIntensity ? Intensity(value) : value.ToString("0", Invariant);

    /// <summary>R&amp;D intensity, % of GDP: always 2 decimals (<c>2.00</c>, <c>4.27</c>).</summary>
    public static string Intensity(decimal value) => value.ToString("0.00", Invariant);

    /// <summary>A change a year, signed, one decimal more than the value: <c>+0.112</c>, <c>-0.144</c>.</summary>
    public static string PerYear(TargetMetric metric, decimal value) =>
        value.ToString(metric == TargetMetric.RdIntensity ? "+0.000;-0.000;0.000" : "+0.0;-0.0;0.0", Invariant);

    /// <summary>
    /// A catalogue indicator's value by its own rule, the same in text and HTML: money in CNY 100m (亿元, the unit the
    /// offices publish in) with the catalogue's decimals (<c>4,670.8 CNY 100m</c>), a percentage with the catalogue's
    /// decimals (<c>3.05%</c>, <c>6.88%</c>), persons, counts and ranks whole (<c>1,234,567</c>). An indicator outside the
    /// catalogue keeps its value as recorded, rounded to 4 decimals.
    /// </summary>
    public static string Indicator(string indicator, decimal value) => IndicatorNumber(indicator, value) + IndicatorUnit(indicator);

    /// <summary><see cref="Indicator"/> without its unit (a chart axis, whose title names the unit).</summary>
    public static string IndicatorNumber(string indicator, decimal value) => IndicatorCatalogue.BuiltIn.Find(indicator) switch
    {
        { Unit: UnitFamily.Money } d => Math.Round(value / CnyHundredMillion, d.Decimals).ToString("#,0." + new string('0', d.Decimals), Invariant),
        { Unit: UnitFamily.Percent } d => Math.Round(value, d.Decimals).ToString("0." + new string('0', d.Decimals), Invariant),
        { } => Math.Round(value, 0).ToString("#,0", Invariant),
        null => Math.Round(value, 4).ToString("#,0.####", Invariant),
    };

    /// <summary>The unit <see cref="Indicator"/> writes after the number: <c> CNY 100m</c>, <c>%</c>, or nothing.</summary>
    public static string IndicatorUnit(string indicator) => IndicatorCatalogue.BuiltIn.Find(indicator)?.Unit switch
    {
        UnitFamily.Money => " CNY 100m",
        UnitFamily.Percent => "%",
        _ => "",
    };

    /// <summary>
    /// A change a year in an indicator's own unit, signed, a percentage with one decimal more than its value (as R&amp;D
    /// intensity's <c>+0.112/yr</c>): <c>+0.150/yr</c>, <c>+120.5 CNY 100m/yr</c>, <c>-1,200/yr</c>.
    /// </summary>
    public static string IndicatorPerYear(string indicator, decimal value)
    {
        var sign = value > 0 ? "+" : "";
        return IndicatorCatalogue.BuiltIn.Find(indicator) is { Unit: UnitFamily.Percent } d
            ? sign + Math.Round(value, d.Decimals + 1).ToString("0." + new string('0', d.Decimals + 1), Invariant) + "/yr"
            : sign + Indicator(indicator, value) + "/yr";
    }

    /// <summary>A growth rate in percent a year, 2 decimals: <c>10.99% a year</c>.</summary>
    public static string RatePerYear(decimal percent) => percent.ToString("0.00", Invariant) + "% a year";

    private const decimal CnyHundredMillion = 100_000_000m;
}
