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

    public static bool TryIsoDate(string? text, out DateOnly value) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out value);

    public static DateOnly IsoDate(string text) =>
        TryIsoDate(text, out var v) ? v : throw new UsageException($"'{text}' is not an ISO date such as 2025-09-30.");
}
