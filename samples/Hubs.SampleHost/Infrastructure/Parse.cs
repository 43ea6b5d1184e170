namespace Hubs.SampleHost.Infrastructure;

/// <summary>Lenient parsing of enum names typed by people: <c>special-administrative-region</c>, <c>SpecialAdministrativeRegion</c>.</summary>
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
}
