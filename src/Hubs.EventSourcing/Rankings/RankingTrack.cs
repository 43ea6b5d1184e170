using JasperFx.Events;

namespace Hubs.EventSourcing.Rankings;

/// <summary>
/// The ranking module's read model: one document per edition stream holding the edition as folded by the module's own steps,
/// so scorecards and rank targets read the same editions as the Rankings queries, in live reports, rebuilds and as-of /
/// as-known-at replays alike.
/// </summary>
internal sealed class RankingTrack
{
    public string Id { get; set; } = "";
    public RankingEdition? State { get; set; }

    /// <summary>
    /// The edition with its entries compared as ranked names are (a stored document comes back with an ordinal comparer).
    /// </summary>
    public RankingEdition? Edition => State is { } s ? s with { Entries = s.Entries.WithComparers(RankedNames.Comparer) } : null;

    /// <summary>
    /// The module's fold. An as-known-at replay leaves out entries published after its date but keeps their corrections (a
    /// correction carries no date of its own): a correction of an entry not in the edition is skipped, not an error.
    /// </summary>
    public static RankingTrack? Fold(RankingTrack? doc, IEvent e)
    {
        var edition = doc?.Edition;
        if (e.Data is RankingEntryCorrected c && edition?.Entries.ContainsKey(c.RankedName) != true) return null;
        return RankingModule.Module.Evolve(edition, e.Data) is RankingEdition state && !ReferenceEquals(state, edition)
            ? new RankingTrack { Id = e.StreamKey ?? doc?.Id ?? "", State = state }
            : null;
    }
}
