using System.Globalization;

namespace Hubs.EventSourcing.Rankings;

/// <summary>
/// A publication date as sources give it: a day (<c>2025-09-01</c>), a month (<c>2024-08</c>), a year (<c>2024</c>), or
/// unknown (empty). <see cref="Earliest"/> is the first day it may mean: the day an as-known-at report counts it from and the
/// day checked against "not in the future".
/// </summary>
internal static class PartialDate
{
    public static bool IsValid(string? text) => text is null || text.Trim().Length == 0 || Earliest(text) is not null;

    public static DateOnly? Earliest(string? text)
    {
        var t = text?.Trim() ?? "";
        if (t.Length == 0) return null;
        var c = CultureInfo.InvariantCulture;
        if (DateOnly.TryParseExact(t, "yyyy-MM-dd", c, DateTimeStyles.None, out var day)) return Sane(day);
        if (DateOnly.TryParseExact(t + "-01", "yyyy-MM-dd", c, DateTimeStyles.None, out var month) && t.Length == 7) return Sane(month);
        if (t.Length == 4 && int.TryParse(t, NumberStyles.None, c, out var year)) return Sane(new DateOnly(Math.Max(year, 1), 1, 1));
        return null;
    }

    private static DateOnly? Sane(DateOnly d) => d.Year is >= Rules.MinYear and <= Rules.MaxYear ? d : null;
}
