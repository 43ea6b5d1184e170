namespace Hubs.EventSourcing.Publications;

/// <summary>One publication of a figure as the as-known-at rule sees it.</summary>
/// <param name="Value">The figure (an R&amp;D intensity).</param>
/// <param name="Expenditure">The expenditure it gives, if any.</param>
/// <param name="ExpenditureUnit">Its unit.</param>
/// <param name="KnownBy">The day by which it had certainly appeared (<see cref="PublicationDate.KnownBy"/>); null when undated.</param>
/// <param name="Quality">Its quality.</param>
/// <param name="Source">Who published it, and where.</param>
/// <param name="ExpenditureFrom">When the expenditure was taken from another publication: that publication's source.</param>
internal sealed record FigurePublication(
    decimal Value, decimal? Expenditure, string? ExpenditureUnit, DateOnly? KnownBy, PublicationQuality Quality, string Source,
    string? ExpenditureFrom = null);

/// <summary>
/// The figure as known at a day, decided over the publications known at that day (docs/tracking.md, "As known at"). Pure.
/// <list type="number">
/// <item>The latest publication wins, by the day it had certainly appeared (<see cref="PublicationDate.KnownBy"/>: a
/// month-dated one counts from the month's last day, a yearbook edition from the year's last); an undated one ranks below
/// every dated one.</item>
/// <item>On equal dates the better quality (<see cref="PublicationQuality"/>, best first) wins; on equal quality the one
/// recorded last.</item>
/// <item>A field the winner lacks (a news quote's expenditure) is never lost: it is taken from the best publication that has
/// it with the same value, and <see cref="FigurePublication.ExpenditureFrom"/> names where it came from.</item>
/// </list>
/// Publications are folded in recorded order, so a read model keeps one current publication per year and never rereads
/// the others.
/// </summary>
internal static class PublicationRule
{
    /// <summary>The current publication after <paramref name="incoming"/> is recorded.</summary>
    public static FigurePublication Fold(FigurePublication? current, FigurePublication incoming)
    {
        if (current is null) return incoming;
        var (winner, loser) = Supersedes(incoming, current) ? (incoming, current) : (current, incoming);
        return winner.Expenditure is null && loser.Expenditure is not null && loser.Value == winner.Value
            ? winner with { Expenditure = loser.Expenditure, ExpenditureUnit = loser.ExpenditureUnit, ExpenditureFrom = loser.ExpenditureFrom ?? loser.Source }
            : winner;
    }

    /// <summary>The current publication among <paramref name="recordedInOrder"/>, or null when there is none.</summary>
    public static FigurePublication? Decide(IEnumerable<FigurePublication> recordedInOrder) =>
        recordedInOrder.Aggregate((FigurePublication?)null, Fold);

    /// <summary>Whether a publication recorded after <paramref name="current"/> replaces it.</summary>
    public static bool Supersedes(FigurePublication incoming, FigurePublication current)
    {
        var a = incoming.KnownBy ?? DateOnly.MinValue;
        var b = current.KnownBy ?? DateOnly.MinValue;
        return a != b ? a > b : incoming.Quality <= current.Quality;
    }
}
