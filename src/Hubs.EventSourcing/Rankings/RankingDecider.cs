namespace Hubs.EventSourcing.Rankings;

/// <summary>An edition's rules: one place per cluster (changed only by a correction), and an exact place held by one cluster.</summary>
internal static class RankingDecider
{
    public static object[] Decide(RecordRankingEntry c, RankingEdition? state)
    {
        var place = RankPlace.TryParse(c.Place)!;
        var name = c.RankedName.Trim();
        var id = RankedNames.EditionId(c.Ranking, c.Edition);
        if (state?.Entries.TryGetValue(name, out var existing) == true)
        {
            // The place as recorded, or as first recorded before a correction (a re-import of the mistyped file): no news.
            if (existing.Place == place || existing.CorrectedFrom == place) return [];
            throw new CommandRejectedException("ranking-entry-differs", "place", c.Place,
                $"{name} is already recorded at place {existing.Place} in {state.Ranking} {state.Edition}; a second source does not move it. "
                + "If the recorded place is wrong, correct it with a reason (ranking correct).");
        }
        if (state is not null && !place.Tied && place.From == place.To
            && state.Entries.Values.FirstOrDefault(e => !e.Place.Tied && e.Place.From == place.From && e.Place.To == place.To) is { } holder)
            throw new CommandRejectedException("rank-taken", "place", c.Place,
                $"Place {place} of {state.Ranking} {state.Edition} is held by {holder.RankedName}; a shared place is written '={place.From}'.");
        return [new RankingEntryRecorded(id, state?.Ranking ?? c.Ranking.Trim(), c.Edition, name, c.Economy.Trim(), place.From, place.To, place.Tied,
            c.SharePctFilings, c.SharePublications, c.PublishedOn?.Trim() ?? "", c.Source.Trim())];
    }

    public static object[] Decide(CorrectRankingEntry c, RankingEdition? state)
    {
        var place = RankPlace.TryParse(c.Place)!;
        var name = c.RankedName.Trim();
        if (state is null || !state.Entries.TryGetValue(name, out var existing))
            throw new CommandRejectedException("ranking-entry-not-recorded", "rankedName", c.RankedName,
                $"'{name}' is not recorded in {c.Ranking} {c.Edition}: only a recorded entry can be corrected.");
        // As for a figure: a correction to the place already in force writes nothing (a re-run of the same correction).
        if (existing.Place == place) return [];
        return [new RankingEntryCorrected(state.Id, existing.RankedName, place.From, place.To, place.Tied, c.Reason.Trim())];
    }
}
