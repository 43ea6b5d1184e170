namespace Hubs.EventSourcing.Rankings;

/// <summary>
/// Ranking editions as published: <c>ranking:{ranking}-{edition}</c> streams (<c>ranking:gii-2025</c>), each holding every
/// cluster the edition printed, competitors included. Hubs find their clusters in it through their aliases (Clusters).
/// </summary>
internal static class RankingModule
{
    public static readonly HubsModule<RankingEdition> Module = new HubsModule<RankingEdition>("ranking")
        .Starts<RankingEntryRecorded>("ranking_entry_recorded", e => Key(e.EditionId), RankingEdition.Record)
        .Event<RankingEntryCorrected>("ranking_entry_corrected", e => Key(e.EditionId), (s, e) => s.Apply(e))
        .Command<RecordRankingEntry>(c => Key(RankedNames.EditionId(c.Ranking, c.Edition)), RankingDecider.Decide, new RecordRankingEntryValidator())
        .Command<CorrectRankingEntry>(c => Key(RankedNames.EditionId(c.Ranking, c.Edition)), RankingDecider.Decide, new CorrectRankingEntryValidator())
        .PublishedOn<RankingEntryRecorded>(e => PartialDate.Earliest(e.PublishedOn))
        .Track<RankingTrack>("tracking-rankings", RankingTrack.Fold);

    public static string Key(string editionId) => Module.Key(editionId);
}
