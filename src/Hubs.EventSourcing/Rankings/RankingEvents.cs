namespace Hubs.EventSourcing.Rankings;

/// <summary>
/// One cluster as an edition of a ranking printed it, competitors included (e.g. GII 2025: "Tokyo–Yokohama", JP, place 2).
/// <c>RankFrom</c> = <c>RankTo</c> for an exact place, <c>RankFrom</c> &lt; <c>RankTo</c> for a range as printed ("12 or 13"),
/// <c>Tied</c> for a shared place. <c>PublishedOn</c> is partial as published: <c>2025-09-01</c>, <c>2024-08</c>, <c>2024</c>, or
/// empty when unknown. Stored as <c>ranking_entry_recorded</c>, on the edition's stream (<c>ranking:gii-2025</c>).
/// </summary>
public sealed record RankingEntryRecorded(string EditionId, string Ranking, int Edition, string RankedName, string Economy,
    int RankFrom, int RankTo, bool Tied, decimal? SharePctFilings, decimal? SharePublications, string PublishedOn, string Source);

/// <summary>
/// A recorded entry was wrong as recorded (not a later revision by the publisher): its place as printed, with the reason.
/// It applies from the edition's own publication; history keeps both. Who and when are the event's record. Stored as
/// <c>ranking_entry_corrected</c>.
/// </summary>
public sealed record RankingEntryCorrected(string EditionId, string RankedName, int RankFrom, int RankTo, bool Tied, string Reason);
