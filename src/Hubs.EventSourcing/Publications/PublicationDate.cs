using System.Globalization;

namespace Hubs.EventSourcing.Publications;

/// <summary>How precisely a publication date is known.</summary>
public enum DatePrecision
{
    /// <summary>The day is known: <c>2025-09-29</c>.</summary>
    Day,
    /// <summary>Only the month: <c>2026-01</c>.</summary>
    Month,
    /// <summary>Only the year, e.g. a yearbook's edition year: <c>2024</c>.</summary>
    Year,
    /// <summary>Not known, perhaps with an upper bound (<see cref="PublicationDate.KnownBy"/>).</summary>
    Unknown,
}

/// <summary>
/// When a figure was published, as precisely as its source says: a day, a month, a year, or unknown with an optional
/// upper bound. Written <c>2025-09-29</c>, <c>2026-01</c>, <c>2024</c>, <c>unknown</c> or <c>unknown, known by 2025-01-01</c>;
/// <see cref="Parse"/> also reads the files' annotated forms (<c>2024 (yearbook edition year; day not stated in source)</c>).
/// </summary>
public sealed record PublicationDate
{
    private PublicationDate(DatePrecision precision, DateOnly? first, DateOnly? knownBy) =>
        (Precision, First, KnownBy) = (precision, first, knownBy);

    /// <summary>How precisely the date is known.</summary>
    public DatePrecision Precision { get; }
    /// <summary>The first day the publication may have appeared on (null when unknown).</summary>
    public DateOnly? First { get; }
    /// <summary>The last day by which it had certainly appeared: the day, the month's or year's last day, or the bound given for an unknown date.</summary>
    public DateOnly? KnownBy { get; }

    /// <summary>A publication on a known day.</summary>
    /// <param name="day">The day.</param>
    public static PublicationDate OnDay(DateOnly day) => new(DatePrecision.Day, day, day);
    /// <summary>A publication in a known month.</summary>
    /// <param name="year">The year.</param>
    /// <param name="month">The month, 1–12.</param>
    public static PublicationDate InMonth(int year, int month) =>
        new(DatePrecision.Month, new DateOnly(year, month, 1), new DateOnly(year, month, DateTime.DaysInMonth(year, month)));
    /// <summary>A publication in a known year.</summary>
    /// <param name="year">The year.</param>
    public static PublicationDate InYear(int year) => new(DatePrecision.Year, new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
    /// <summary>A publication of unknown date, known to have appeared by <paramref name="knownBy"/> when given.</summary>
    /// <param name="knownBy">Upper bound, if any.</param>
    public static PublicationDate Unknown(DateOnly? knownBy = null) => new(DatePrecision.Unknown, null, knownBy);

    /// <summary>Reads a date in the forms the type writes, ignoring an annotation in parentheses or after a semicolon.</summary>
    /// <param name="text">The text, e.g. <c>2025-10-02 (ranking released 2025-09-01)</c>.</param>
    /// <exception cref="FormatException">The text is none of those forms.</exception>
    public static PublicationDate Parse(string text) =>
        TryParse(text, out var date) ? date
            : throw new FormatException($"'{text}' is not a publication date: write 2025-09-29, 2025-09, 2024, unknown, or unknown, known by 2025-01-01.");

    /// <summary>Reads a date as <see cref="Parse"/> does; false instead of throwing.</summary>
    /// <param name="text">The text.</param>
    /// <param name="date">The date read, when true.</param>
    public static bool TryParse(string? text, out PublicationDate date)
    {
        date = Unknown();
        if (string.IsNullOrWhiteSpace(text)) return false;
        var t = text.Trim();
        if (t.StartsWith("unknown", StringComparison.OrdinalIgnoreCase) || t.StartsWith("n/a", StringComparison.OrdinalIgnoreCase))
        {
            var at = t.IndexOf("known by", 3, StringComparison.OrdinalIgnoreCase);
            if (at < 0) return true;
            if (!DateOnly.TryParseExact(t[(at + 8)..].Trim().TrimEnd(')'), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var by))
                return false;
            date = Unknown(by);
            return true;
        }
        var head = t.Split([' ', '(', ';'], 2)[0];
        var inv = CultureInfo.InvariantCulture;
        if (DateOnly.TryParseExact(head, "yyyy-MM-dd", inv, DateTimeStyles.None, out var day)) { date = OnDay(day); return true; }
        if (DateTime.TryParseExact(head, "yyyy-MM", inv, DateTimeStyles.None, out var month)) { date = InMonth(month.Year, month.Month); return true; }
        if (head.Length == 4 && int.TryParse(head, NumberStyles.None, inv, out var year) && year >= 1900) { date = InYear(year); return true; }
        return false;
    }

    /// <summary>The canonical text: <c>2025-09-29</c>, <c>2026-01</c>, <c>2024</c>, <c>unknown</c>, <c>unknown, known by 2025-01-01</c>.</summary>
    public override string ToString() => Precision switch
    {
        DatePrecision.Day => First!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DatePrecision.Month => First!.Value.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        DatePrecision.Year => First!.Value.Year.ToString(CultureInfo.InvariantCulture),
        _ => KnownBy is { } by ? "unknown, known by " + by.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "unknown",
    };
}
