namespace Hubs.EventSourcing.Rankings;

/// <summary>
/// How ranked names compare: case-insensitive, with a hyphen and an en dash alike (WIPO prints <c>Tokyo–Yokohama</c>; users
/// type <c>Tokyo-Yokohama</c>), surrounding spaces ignored.
/// </summary>
public static class RankedNames
{
    /// <summary>The comparer for ranked names and aliases.</summary>
    public static StringComparer Comparer { get; } = new NameComparer();

    /// <summary>The form two names are compared in.</summary>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().Replace('–', '-').Replace('—', '-').ToUpperInvariant();
    }

    /// <summary>The stream id of an edition: <c>GII</c>, 2025 → <c>gii-2025</c>.</summary>
    public static string EditionId(string ranking, int edition)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        return Keys.Slugify(ranking) + "-" + edition.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private sealed class NameComparer : StringComparer
    {
        public override int Compare(string? x, string? y) =>
            string.CompareOrdinal(x is null ? null : Normalize(x), y is null ? null : Normalize(y));
        public override bool Equals(string? x, string? y) => Compare(x, y) == 0;
        public override int GetHashCode(string obj) => Normalize(obj).GetHashCode(StringComparison.Ordinal);
    }
}
