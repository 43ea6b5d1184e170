namespace Hubs.EventSourcing.Rankings;

/// <summary>
/// Record one cluster of a ranking edition as printed, hub or competitor. <paramref name="Place"/> is the printed place:
/// <c>12</c>, a tie <c>=12</c>, or a range <c>12 or 13</c> / <c>12-13</c>. <paramref name="PublishedOn"/> is
/// <c>yyyy-MM-dd</c>, <c>yyyy-MM</c>, <c>yyyy</c> or empty (unknown). Shares are percentages of the world total, where given.
/// </summary>
public sealed record RecordRankingEntry(string Ranking, int Edition, string RankedName, string Economy, string Place,
    decimal? SharePctFilings, decimal? SharePublications, string? PublishedOn, string Source) : IHubsCommand;

/// <summary>Correct a recorded entry's place (a recording error, not a revision); the reason is required.</summary>
public sealed record CorrectRankingEntry(string Ranking, int Edition, string RankedName, string Place, string Reason) : IHubsCommand;
