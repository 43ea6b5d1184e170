using System.Globalization;
using Hubs.EventSourcing.Rankings;

namespace Hubs.EventSourcing.Tracking;

/// <summary>
/// A cluster's placement in one edition of a ranking. Read from the ranking's recorded edition when there is one that prints
/// any of the hub's ranked names (<see cref="RankOrigin.Edition"/>: the best place among them), else from a rank recorded on
/// the cluster (<see cref="RankOrigin.Recorded"/>, <c>global_rank_recorded</c>). Rules in docs/tracking.md#ranks.
/// </summary>
/// <param name="Ranking">Ranking name.</param>
/// <param name="Edition">Edition (year).</param>
/// <param name="Rank">Place, 1 is best; for a range as printed ("12 or 13") its better end.</param>
/// <param name="RankedName">The name the ranking used for the cluster (for an edition, the alias holding the best place).</param>
/// <param name="PublishedOn">
/// Publication date; for an edition entry the first day of the date as printed (<c>2024-08</c> → 2024-08-01), or
/// <see cref="DateOnly.MinValue"/> when it printed none.
/// </param>
public sealed record RankPlacement(string Ranking, int Edition, int Rank, string RankedName, DateOnly PublishedOn)
{
    /// <summary>Where the place was read: a recorded edition, or a rank recorded on the cluster (the default).</summary>
    public RankOrigin Origin { get; init; } = RankOrigin.Recorded;

    /// <summary>For an edition: its id (<c>gii-2025</c>); null for a recorded rank.</summary>
    public string? EditionId { get; init; }

    /// <summary>The place as printed: <c>4</c>, <c>=12</c>, <c>12 or 13</c>.</summary>
    public string Place { get; init; } = "";

    /// <summary>
    /// Why this place, in words: <c>GII 2025 edition: Shanghai–Suzhou #6, best of the hub's 3 names printed there</c> or
    /// <c>recorded rank (global_rank_recorded): #1 as Shenzhen–Hong Kong–Guangzhou</c>.
    /// </summary>
    public string Basis { get; init; } = "";
}

/// <summary>Where a <see cref="RankPlacement"/> was read.</summary>
public enum RankOrigin
{
    /// <summary>A rank recorded on the cluster (<c>global_rank_recorded</c>).</summary>
    Recorded,
    /// <summary>The hub's best ranked name in a recorded edition (<c>ranking_entry_recorded</c>, as corrected).</summary>
    Edition,
}

/// <summary>A hub's rank per ranking and edition, from editions and recorded ranks; pure.</summary>
internal static class HubRanks
{
    /// <summary>
    /// Every placement of the hub, by ranking then edition: for each edition that prints one of <paramref name="aliases"/>,
    /// the best (numerically smallest) place among them; for a ranking and year no such edition covers, the recorded rank.
    /// An edition wins over a rank recorded for the same ranking and year (it is checked against every other cluster and
    /// carries corrections). Rankings are the same when their names are (<see cref="Keys.Slugify"/>: <c>GII</c> = <c>gii</c>).
    /// </summary>
    public static IReadOnlyList<RankPlacement> All(IEnumerable<RankPlacement> recorded, IReadOnlyCollection<string> aliases,
        IEnumerable<RankingEdition> editions)
    {
        var fromEditions = new List<RankPlacement>();
        foreach (var e in editions)
            if (RankingQueries.Best(e, aliases) is { } best)
                fromEditions.Add(new RankPlacement(e.Ranking, e.Edition, best.Place.From, best.RankedName,
                    PartialDate.Earliest(best.PublishedOn) ?? DateOnly.MinValue)
                {
                    Origin = RankOrigin.Edition, EditionId = e.Id, Place = best.Place.ToString(),
                    Basis = $"{e.Ranking} {e.Edition} edition: {best.RankedName} #{best.Place}" + Of(RankingQueries.ClustersOf(e, aliases).Count),
                });
        var covered = fromEditions.Select(p => (Keys.Slugify(p.Ranking), p.Edition)).ToHashSet();
        var legacy = recorded.Where(r => !covered.Contains((Keys.Slugify(r.Ranking), r.Edition))).Select(r => r with
        {
            Origin = RankOrigin.Recorded, EditionId = null, Place = r.Rank.ToString(CultureInfo.InvariantCulture),
            Basis = $"recorded rank (global_rank_recorded): #{r.Rank} as {r.RankedName}",
        });
        return fromEditions.Concat(legacy).OrderBy(p => Keys.Slugify(p.Ranking), StringComparer.Ordinal).ThenBy(p => p.Edition).ToList();
    }

    /// <summary>The latest edition's placement in each ranking, by ranking name.</summary>
    public static IReadOnlyList<RankPlacement> Latest(IEnumerable<RankPlacement> all) =>
        all.GroupBy(r => Keys.Slugify(r.Ranking), StringComparer.Ordinal).Select(g => g.MaxBy(r => r.Edition)!)
            .OrderBy(r => r.Ranking, StringComparer.Ordinal).ToList();

    /// <summary>The series a rank target is tracked on: each edition's place in the target's ranking.</summary>
    public static List<(int Year, decimal Value)> Series(IEnumerable<RankPlacement> all, string? ranking) =>
        In(all, ranking).Select(r => (r.Edition, (decimal)r.Rank)).ToList();

    private static IEnumerable<RankPlacement> In(IEnumerable<RankPlacement> all, string? ranking) =>
        ranking is null ? [] : all.Where(r => Keys.Slugify(r.Ranking) == Keys.Slugify(ranking));

    /// <summary>A rank target tracked on the placements in its ranking, naming where each year used was read.</summary>
    public static TargetTracking Track(Target target, IReadOnlyList<RankPlacement> all)
    {
        var tracking = TargetEvaluator.Series(target, "rank", Series(all, target.Ranking));
        var used = In(all, target.Ranking).Where(r => tracking.Basis.YearsUsed.Contains(r.Edition)).OrderBy(r => r.Edition).ToList();
        return tracking with { Basis = tracking.Basis with { Placements = used } };
    }

    private static string Of(int printed) => printed == 1 ? "" : $", best of the hub's {printed} names printed there";
}
