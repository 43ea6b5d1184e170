using Hubs.EventSourcing;
using Hubs.EventSourcing.Tracking;

namespace Hubs.SampleHost.Views;

/// <summary>
/// The leaderboard taken from a report's region trackers, so that it is computed at the report's own point (as of, as
/// known at, or live from a replay) without reading the read models: the year asked for, else the latest year any ranked
/// region reported; highest first, equal values sharing a rank (1, 2, 2, 4), ties by id; national comparators apart, unranked.
/// </summary>
internal static class Leaderboards
{
    public static Leaderboard Of(TrackingReport report, int? year = null)
    {
        var ranked = report.Regions.Where(r => r.Kind != RegionKind.Country).ToList();
        var y = year ?? ranked.SelectMany(r => r.RdIntensity.Select(f => f.Year)).DefaultIfEmpty(0).Max();
        LeaderboardEntry? Entry(RegionTracker r) => r.RdIntensity.FirstOrDefault(f => f.Year == y) is { } f
            ? new LeaderboardEntry(null, r.Id, r.Name, f.Value, f.PublishedOn) : null;
        var ordered = ranked.Select(Entry).OfType<LeaderboardEntry>()
            .OrderByDescending(e => e.Value).ThenBy(e => e.RegionId, StringComparer.Ordinal).ToList();
        var entries = new List<LeaderboardEntry>(ordered.Count);
        for (var i = 0; i < ordered.Count; i++)
            entries.Add(ordered[i] with { Rank = i > 0 && ordered[i].Value == ordered[i - 1].Value ? entries[i - 1].Rank : i + 1 });
        var comparators = report.Regions.Where(r => r.Kind == RegionKind.Country).Select(Entry).OfType<LeaderboardEntry>()
            .OrderBy(e => e.RegionId, StringComparer.Ordinal).ToList();
        return new Leaderboard(y, entries, comparators);
    }

    /// <summary>A report with nothing in it: a schema no event was ever written to.</summary>
    public static TrackingReport EmptyReport { get; } = new([], [], new EnterpriseFootprint([], [], []), []);
}
