using System.Globalization;
using Hubs.EventSourcing;

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
}
