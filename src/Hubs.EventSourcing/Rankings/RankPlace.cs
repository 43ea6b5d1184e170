using System.Globalization;
using System.Text.RegularExpressions;

namespace Hubs.EventSourcing.Rankings;

/// <summary>A place as printed: exact (<c>3</c>), tied (<c>=12</c>), or a range (<c>12 or 13</c>, <c>12-13</c>).</summary>
/// <param name="From">The best place it may be.</param>
/// <param name="To">The worst place it may be (equal to <paramref name="From"/> unless a range).</param>
/// <param name="Tied">Shared with another cluster.</param>
public sealed partial record RankPlace(int From, int To, bool Tied)
{
    /// <summary>The highest place accepted.</summary>
    public const int MaxPlace = 10_000;

    /// <summary>Reads a printed place; null when <paramref name="text"/> is none of the accepted forms.</summary>
    public static RankPlace? TryParse(string? text)
    {
        var m = Pattern().Match(text?.Trim() ?? "");
        if (!m.Success) return null;
        var from = int.Parse(m.Groups["from"].Value, CultureInfo.InvariantCulture);
        var to = m.Groups["to"].Success ? int.Parse(m.Groups["to"].Value, CultureInfo.InvariantCulture) : from;
        var tied = m.Groups["tie"].Success;
        if (from < 1 || to > MaxPlace || to < from || (tied && to != from)) return null;
        return new RankPlace(from, to, tied);
    }

    /// <summary>As printed back: <c>3</c>, <c>=12</c>, <c>12 or 13</c>.</summary>
    public override string ToString() =>
        Tied ? $"={From}" : From == To ? From.ToString(CultureInfo.InvariantCulture) : $"{From} or {To}";

    [GeneratedRegex(@"^(?<tie>=|T)?(?<from>\d{1,5})(\s*(-|–|\s+or\s+)\s*(?<to>\d{1,5}))?$", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();
}
