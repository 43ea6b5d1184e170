namespace Hubs.EventSourcing.Publications;

/// <summary>
/// How far a publication of a figure can be trusted, best first: on equal publication dates the as-known-at rule
/// (docs/tracking.md) prefers the earlier member. The names are the status words the data files use.
/// </summary>
public enum PublicationQuality
{
    /// <summary>The office's own publication (a statistical communiqué, bulletin or release): <c>official</c>.</summary>
    Official,
    /// <summary>A copy of an official table (a yearbook table read from a download): <c>official-table-copy</c>.</summary>
    OfficialTableCopy,
    /// <summary>An official figure marked preliminary by its office: <c>preliminary</c>.</summary>
    Preliminary,
    /// <summary>An official figure as quoted elsewhere (a news agency, a forum repost): <c>secondary</c>.</summary>
    Secondary,
    /// <summary>A count or estimate made by someone other than the office: <c>third-party</c>.</summary>
    ThirdParty,
    /// <summary>Computed from published values, not itself published: <c>derived</c>.</summary>
    Derived,
    /// <summary>A value its recorder is unsure of (the files' <c>UNSURE</c>): <c>uncertain</c>.</summary>
    Uncertain,
}

/// <summary>Reads and writes <see cref="PublicationQuality"/> in the status words of the data files.</summary>
public static class PublicationQualities
{
    private static readonly (string Word, PublicationQuality Quality)[] Words =
    [
        ("official-table-copy", PublicationQuality.OfficialTableCopy), ("official", PublicationQuality.Official),
        ("preliminary", PublicationQuality.Preliminary), ("secondary", PublicationQuality.Secondary),
        ("third-party", PublicationQuality.ThirdParty), ("derived", PublicationQuality.Derived),
        ("uncertain", PublicationQuality.Uncertain), ("unsure", PublicationQuality.Uncertain),
    ];

    /// <summary>The status word of a quality, e.g. <c>official-table-copy</c>.</summary>
    public static string Word(PublicationQuality quality) => Words.First(w => w.Quality == quality).Word;

    /// <summary>
    /// Reads a status as the files write it: the first known status word wins, case ignored, so
    /// <c>official-table-copy (CNKI download …)</c> is a table copy, <c>secondary copy of official bulletin</c> and
    /// <c>low-quality secondary</c> are secondary, <c>third-party count, NOT an official statistic</c> is third-party and
    /// <c>UNSURE</c> is uncertain. False when no word is known (e.g. <c>qualitative goal</c>).
    /// </summary>
    /// <param name="status">The status text.</param>
    /// <param name="quality">The quality read, when true.</param>
    public static bool TryParse(string? status, out PublicationQuality quality)
    {
        quality = default;
        if (string.IsNullOrWhiteSpace(status)) return false;
        foreach (var token in status.ToLowerInvariant().Split(Separators, StringSplitOptions.RemoveEmptyEntries))
            foreach (var (word, q) in Words)
                if (token == word) { quality = q; return true; }
        return false;
    }

    private static readonly char[] Separators = [' ', ',', ';', '(', ')', ':', '/', '.', '\t'];
}
