using System.Globalization;

namespace Hubs.SampleHost.Infrastructure;

/// <summary>
/// Parsing of what people type: lenient enum names (<c>special-administrative-region</c>, <c>SpecialAdministrativeRegion</c>),
/// ISO 8601 instants (UTC unless an offset is given) and ISO dates.
/// </summary>
internal static class Parse
{
    public static bool TryEnum<T>(string? text, out T value) where T : struct, Enum
    {
        value = default;
        return text is not null && Enum.TryParse(text.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal),
            ignoreCase: true, out value) && Enum.IsDefined(value) && !int.TryParse(text, out _);
    }

    /// <summary>A region kind by its kebab-case name (<c>special-administrative-region</c>) or the short form <c>sar</c>.</summary>
    public static bool TryRegionKind(string? text, out Hubs.EventSourcing.RegionKind kind)
    {
        if (string.Equals(text?.Trim(), "sar", StringComparison.OrdinalIgnoreCase))
        {
            kind = Hubs.EventSourcing.RegionKind.SpecialAdministrativeRegion;
            return true;
        }
        return TryEnum(text?.Trim(), out kind);
    }

    /// <summary>The region kinds as accepted, for error messages.</summary>
    public static string RegionKinds => Choices<Hubs.EventSourcing.RegionKind>() + " (or sar)";

    public static string Choices<T>() where T : struct, Enum => string.Join(", ", Enum.GetValues<T>().Select(v => Views.StateViews.Kebab(v)));

    /// <summary>A display name from a slug: <c>hong-kong</c> → <c>Hong Kong</c>.</summary>
    public static string TitleFromSlug(string slug) =>
        string.Join(' ', slug.Split('-', StringSplitOptions.RemoveEmptyEntries).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));

    public static bool TryInstant(string? text, out DateTimeOffset value)
    {
        var ok = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
        value = value.ToUniversalTime();
        return ok;
    }

    public static DateTimeOffset Instant(string text) =>
        TryInstant(text, out var v) ? v : throw new UsageException($"'{text}' is not an ISO 8601 instant such as 2026-01-14T08:00:00Z.");

    /// <summary>
    /// A plain decimal as people type it (<c>3.5</c>, <c>-0.25</c>, <c>+1</c>, <c>.5</c>; a dot, no exponent, no separators),
    /// read only when <see cref="decimal"/> holds it exactly. <see cref="decimal.TryParse(string?, NumberStyles, IFormatProvider?, out decimal)"/>
    /// rounds beyond 28–29 significant digits, and a rule would then judge the rounded value: <c>100.0000000000000000000000000001</c>
    /// would pass a maximum of 100 as 100. Such a value is refused (<paramref name="inexact"/>: what it would have become).
    /// </summary>
    /// <returns>True with the value; false when the text is not a number (<paramref name="inexact"/> null) or not exact.</returns>
    public static bool TryExactDecimal(string? text, out decimal value, out string? inexact)
    {
        inexact = null;
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
            return false;
        var stored = value.ToString(CultureInfo.InvariantCulture);
        if (Digits(text!) == Digits(stored)) return true;
        inexact = stored;
        return false;
    }

    /// <summary>The digits that carry a plain decimal's value: sign, integer part without leading zeros, fraction without trailing ones.</summary>
    private static string Digits(string text)
    {
        var negative = text.StartsWith('-');
        var unsigned = text.TrimStart('+', '-');
        var point = unsigned.IndexOf('.', StringComparison.Ordinal);
        var whole = (point < 0 ? unsigned : unsigned[..point]).TrimStart('0');
        var fraction = point < 0 ? "" : unsigned[(point + 1)..].TrimEnd('0');
        if (whole.Length == 0 && fraction.Length == 0) return "0";
        return (negative ? "-" : "") + whole + "." + fraction;
    }

    public static bool TryIsoDate(string? text, out DateOnly value) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out value);

    public static DateOnly IsoDate(string text) =>
        TryIsoDate(text, out var v) ? v : throw new UsageException($"'{text}' is not an ISO date such as 2025-09-30.");
}

/// <summary>
/// Reads a decimal option (<c>--value</c>) by <see cref="Parse.TryExactDecimal"/>, so an option is held to the same rule as a
/// CSV column: a value <see cref="decimal"/> would round is refused, not silently changed.
/// </summary>
internal sealed class ExactDecimalConverter : System.ComponentModel.TypeConverter
{
    public override bool CanConvertFrom(System.ComponentModel.ITypeDescriptorContext? context, Type sourceType) =>
        sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    public override object? ConvertFrom(System.ComponentModel.ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text
            ? Parse.TryExactDecimal(text, out var d, out var inexact) ? d
                : throw new UsageException(inexact is null
                    ? $"'{text}' is not a number: use a dot for decimals, no thousands separators, e.g. 3.5."
                    : $"'{text}' has more significant digits than can be stored exactly (at most 28); it would be stored rounded, as {inexact}.")
            : base.ConvertFrom(context, culture, value);
}
