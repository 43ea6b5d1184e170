using System.Collections.Immutable;

namespace Hubs.EventSourcing.Rankings;

/// <summary>One cluster in a <see cref="RankingEdition"/>: its place as recorded, or as corrected.</summary>
/// <param name="RankedName">The name the edition printed, without the economy (<c>Tokyo–Yokohama</c>).</param>
/// <param name="Economy">The economy code(s) printed beside it (<c>JP</c>, <c>CN/HK</c>).</param>
/// <param name="Place">The place in force (the correction's, when corrected).</param>
/// <param name="SharePctFilings">Share of world PCT filings, percent, where given.</param>
/// <param name="SharePublications">Share of world scientific publications, percent, where given.</param>
/// <param name="PublishedOn">Publication date as given (<c>2025-09-01</c>, <c>2024</c>, or empty when unknown).</param>
/// <param name="Source">Where the entry was read.</param>
/// <param name="CorrectedFrom">The place first recorded, when a correction replaced it.</param>
/// <param name="CorrectionReason">Why it was corrected.</param>
public sealed record RankingPlacement(string RankedName, string Economy, RankPlace Place, decimal? SharePctFilings, decimal? SharePublications,
    string PublishedOn, string Source, RankPlace? CorrectedFrom = null, string? CorrectionReason = null);

/// <summary>State of a ranking edition (<c>ranking:gii-2025</c>): every cluster it printed, folded from its stream.</summary>
public sealed record RankingEdition
{
    /// <summary>Stream id, e.g. <c>gii-2025</c>.</summary>
    public required string Id { get; init; }
    /// <summary>The ranking's name as recorded, e.g. <c>GII</c>.</summary>
    public required string Ranking { get; init; }
    /// <summary>The edition year.</summary>
    public int Edition { get; init; }
    /// <summary>Entries by ranked name (case-insensitive, hyphen and en dash alike).</summary>
    public ImmutableSortedDictionary<string, RankingPlacement> Entries { get; init; } =
        ImmutableSortedDictionary<string, RankingPlacement>.Empty.WithComparers(RankedNames.Comparer);

    /// <summary>Starts or continues the state with an entry.</summary>
    public static RankingEdition Record(RankingEdition? state, RankingEntryRecorded e) =>
        (state ?? new RankingEdition { Id = e.EditionId, Ranking = e.Ranking, Edition = e.Edition }) with
        {
            Entries = (state?.Entries ?? ImmutableSortedDictionary<string, RankingPlacement>.Empty.WithComparers(RankedNames.Comparer))
                .SetItem(e.RankedName, new RankingPlacement(e.RankedName, e.Economy, new RankPlace(e.RankFrom, e.RankTo, e.Tied),
                    e.SharePctFilings, e.SharePublications, e.PublishedOn, e.Source)),
        };

    /// <summary>Replaces an entry's place, keeping the first recorded one.</summary>
    public RankingEdition Apply(RankingEntryCorrected e)
    {
        var old = Entries[e.RankedName];
        return this with
        {
            Entries = Entries.SetItem(e.RankedName, old with
            {
                Place = new RankPlace(e.RankFrom, e.RankTo, e.Tied), CorrectedFrom = old.CorrectedFrom ?? old.Place, CorrectionReason = e.Reason,
            }),
        };
    }
}
