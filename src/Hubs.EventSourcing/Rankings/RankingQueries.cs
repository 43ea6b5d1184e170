namespace Hubs.EventSourcing.Rankings;

/// <summary>
/// Questions asked of ranking editions, over a hub's aliases (the ranked names recorded for it, <c>Cluster.Aliases</c>). A
/// cluster is ahead of another only when it is surely ahead: its worst possible place is better than the other's best
/// (a range "12 or 13" is neither ahead of nor behind 13).
/// </summary>
public static class RankingQueries
{
    /// <summary>The hub's clusters in the edition, best first.</summary>
    public static IReadOnlyList<RankingPlacement> ClustersOf(RankingEdition edition, IEnumerable<string> aliases)
    {
        ArgumentNullException.ThrowIfNull(edition);
        ArgumentNullException.ThrowIfNull(aliases);
        return aliases.Select(a => edition.Entries.GetValueOrDefault(a)).OfType<RankingPlacement>().Distinct()
            .OrderBy(p => p.Place.From).ThenBy(p => p.Place.To).ToList();
    }

    /// <summary>The hub's best cluster in the edition, or null when none of its aliases is in it.</summary>
    public static RankingPlacement? Best(RankingEdition edition, IEnumerable<string> aliases) => ClustersOf(edition, aliases).FirstOrDefault();

    /// <summary>Every cluster surely ahead of the hub's best in the edition, best first; empty when the hub is not in it.</summary>
    public static IReadOnlyList<RankingPlacement> Ahead(RankingEdition edition, IEnumerable<string> aliases)
    {
        var best = Best(edition, aliases);
        return best is null ? [] : edition.Entries.Values.Where(e => e.Place.To < best.Place.From).OrderBy(e => e.Place.From).ToList();
    }

    /// <summary>
    /// The clusters the hub overtook from <paramref name="older"/> to <paramref name="newer"/>: surely ahead of its best in the
    /// older edition and surely behind its best in the newer (e.g. Shenzhen–Hong Kong–Guangzhou over Tokyo–Yokohama, GII 2024 → 2025).
    /// </summary>
    public static IReadOnlyList<string> Overtook(RankingEdition older, RankingEdition newer, IEnumerable<string> aliases)
    {
        ArgumentNullException.ThrowIfNull(newer);
        var names = aliases.ToList();
        if (Best(newer, names) is not { } now) return [];
        return Ahead(older, names).Where(a => newer.Entries.TryGetValue(a.RankedName, out var later) && later.Place.From > now.Place.To)
            .Select(a => newer.Entries[a.RankedName].RankedName).ToList();
    }
}
