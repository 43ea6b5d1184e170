using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Enterprises;
using Hubs.EventSourcing.ExchangeRates;
using Hubs.EventSourcing.Regions;

namespace Hubs.EventSourcing.Tracking;

/// <summary>
/// The stored (or replayed) read-model documents a set of views is computed from. A streamed replay takes each region's
/// current series as soon as the region's stream is folded (<c>RegionSeries</c>, by region id) and lets that
/// document's years go, so a report over a long log holds its figures once.
/// </summary>
internal sealed class TrackingData(IReadOnlyList<object> documents, IReadOnlyDictionary<string, IReadOnlyDictionary<int, RegionYear>>? regionSeries = null)
{
    /// <summary>Every module's documents, whatever their read model (one list, from the module list: no list per document type).</summary>
    public IReadOnlyList<object> Documents { get; } = documents;

    public IReadOnlyDictionary<string, IReadOnlyDictionary<int, RegionYear>>? RegionSeries { get; } = regionSeries;

    /// <summary>
    /// On an as-known-at replay: the cut-off date and the streams holding figures published after it (left out of this
    /// replay but stored), so a basis can tell "published later" from "never reported". Empty otherwise.
    /// </summary>
    public (DateOnly Date, IReadOnlySet<string> Streams)? PublishedLater { get; set; }

    public IReadOnlyList<ClusterTrack> Clusters { get; } = documents.OfType<ClusterTrack>().ToList();
    public IReadOnlyList<RegionTrack> Regions { get; } = documents.OfType<RegionTrack>().ToList();
    public IReadOnlyList<EnterpriseTrack> Enterprises { get; } = documents.OfType<EnterpriseTrack>().ToList();
    public IReadOnlyList<ExchangeRateTrack> Rates { get; } = documents.OfType<ExchangeRateTrack>().ToList();
    /// <summary>The ranking editions, as at the replay's point when replayed (entries published after an as-known-at date left out).</summary>
    public IReadOnlyList<Rankings.RankingEdition> Editions { get; } =
        documents.OfType<Rankings.RankingTrack>().Select(d => d.Edition).OfType<Rankings.RankingEdition>().Where(e => e.Entries.Count > 0).ToList();

    /// <summary>The figures read models add to cluster scorecards (<see cref="HubsModule{TState}.Track{TDocument}"/>), by cluster id.</summary>
    public ILookup<string, ScorecardFigure> Figures { get; } = ScorecardFigures(documents);

    private static ILookup<string, ScorecardFigure> ScorecardFigures(IReadOnlyList<object> documents)
    {
        var byType = HubsModel.All.Where(m => m.Tracking?.Scorecard is not null).ToDictionary(m => m.Tracking!.DocumentType, m => m.Tracking!.Scorecard!);
        return documents.Where(d => byType.ContainsKey(d.GetType())).SelectMany(d => byType[d.GetType()](d))
            .OrderBy(f => f.Module, StringComparer.Ordinal).ThenBy(f => f.Name, StringComparer.Ordinal)
            .ToLookup(f => f.ClusterId, StringComparer.Ordinal);
    }
}

/// <summary>
/// Turns read-model documents into the public views. The same code serves the stored documents (<see cref="HubsTracking"/>)
/// and an in-memory replay (<see cref="TrackingReplay"/>), so as-of and as-known-at reports are computed exactly alike.
/// </summary>
internal sealed class TrackingViews
{
    private readonly TrackingData _data;
    private readonly Dictionary<string, RegionTrack> _regions;
    private readonly Dictionary<string, IReadOnlyDictionary<int, RegionYear>> _current;
    private readonly Dictionary<string, string> _clusterOfRegion;
    private readonly Dictionary<(string Currency, int Year), decimal> _rates;

    public TrackingViews(TrackingData data)
    {
        _data = data;
        _regions = data.Regions.ToDictionary(r => r.RegionId, StringComparer.Ordinal);
        _current = data.Regions.ToDictionary(r => r.RegionId,
            r => data.RegionSeries?.GetValueOrDefault(r.RegionId) ?? RevisionRules.Current(r.Years), StringComparer.Ordinal);
        _rates = data.Rates.SelectMany(r => r.Years).ToDictionary(y => (y.Currency, y.Year), y => y.CnyPerUnit);
        // The cluster side is authoritative for membership (it is what the composite uses); both sides are written together.
        _clusterOfRegion = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var c in data.Clusters)
            foreach (var m in c.CurrentMembers())
                _clusterOfRegion[m] = c.ClusterId;
    }

    public TrackingReport Report()
    {
        var footprint = Footprint();
        return new TrackingReport(
            _data.Clusters.OrderBy(c => c.ClusterId, StringComparer.Ordinal).Select(c => Scorecard(c, footprint)).ToList(),
            _data.Regions.OrderBy(r => r.RegionId, StringComparer.Ordinal).Select(Tracker).ToList(),
            footprint,
            _data.Rates.OrderBy(r => r.Currency, StringComparer.Ordinal).SelectMany(r => r.Years).ToList());
    }

    public ClusterScorecard? Scorecard(string clusterId) =>
        _data.Clusters.FirstOrDefault(c => c.ClusterId == clusterId) is { } c ? Scorecard(c, Footprint()) : null;

    /// <summary>A region's current R&amp;D series by year (empty when the region is unknown).</summary>
    public IReadOnlyDictionary<int, RegionYear> Series(string regionId) =>
        _current.TryGetValue(regionId, out var s) ? s : new Dictionary<int, RegionYear>();

    public RegionTracker? Tracker(string regionId) => _regions.TryGetValue(regionId, out var r) ? Tracker(r) : null;

    /// <summary>The counted members whose figures are stored but published after the as-known-at date, with that date.</summary>
    private (DateOnly Date, IReadOnlyList<string> Members)? PublishedLater(IReadOnlyList<string> counted) =>
        _data.PublishedLater is var (date, streams) ? (date, counted.Where(m => streams.Contains(Keys.Region(m))).ToList()) : null;

    private ClusterScorecard Scorecard(ClusterTrack c, EnterpriseFootprint footprint)
    {
        var members = c.CurrentMembers();
        var counted = c.CountedMembers();
        // Trends and statuses use the unrounded composite; only the output is rounded.
        var composite = CompositeIntensity.Series(counted, id => _current.GetValueOrDefault(id),
            (currency, year) => _rates.TryGetValue((currency, year), out var rate) ? rate : null,
            id => _regions.GetValueOrDefault(id)?.ParentId);
        var placements = HubRanks.All(c.Ranks, c.Aliases, _data.Editions);
        var targets = c.Targets.OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => t.Metric == TargetMetric.GlobalRank
                ? HubRanks.Track(t, placements)
                : TargetEvaluator.Composite(t, composite, counted, PublishedLater(counted)))
            .ToList();
        var ranks = HubRanks.Latest(placements);
        var enterprises = footprint.Enterprises
            .Where(e => e.Clusters.Any(p => p.ClusterId == c.ClusterId && p.OpenBranches > 0))
            .Select(e => e.Id).ToList();
        return new ClusterScorecard(c.ClusterId, c.Name, c.AnchorCity, c.Scope, c.ScopeChangedOn, members, c.Memberships.ToList(),
            composite.Select(p => p.View with { Value = Numbers.Round(p.View.Value) }).ToList(), ranks, targets, enterprises, counted,
            c.Exclusions.Where(x => members.Contains(x.RegionId)).OrderBy(x => x.RegionId, StringComparer.Ordinal).ToList())
        {
            Figures = _data.Figures[c.ClusterId].ToList() is { Count: > 0 } figures ? figures : null,
        };
    }

    private RegionTracker Tracker(RegionTrack r)
    {
        var current = _current[r.RegionId];
        var targets = r.Target is { } t
            ? [TargetEvaluator.Series(t, "region", current.Values.Select(y => (y.Year, y.Value)).ToList())]
            : new List<TargetTracking>();
        return new RegionTracker(r.RegionId, r.Name, r.Kind, r.ClusterId, current.Values.ToList(), targets);
    }

    /// <summary>The leaderboard of <paramref name="year"/>, or of the latest year any ranked region reported when null.</summary>
    public Leaderboard Leaderboard(int? year)
    {
        var figures = _data.Regions
            .Select(r => (Region: r, Current: _current[r.RegionId]))
            .ToList();
        var y = year ?? figures.Where(f => f.Region.Kind != RegionKind.Country)
            .SelectMany(f => f.Current.Keys).DefaultIfEmpty(0).Max();
        var entries = figures
            .Where(f => f.Current.ContainsKey(y))
            .Select(f => (f.Region, Figure: f.Current[y]))
            .ToList();
        var ranked = LeaderboardRanking.Rank(entries.Where(e => e.Region.Kind != RegionKind.Country)
            .Select(e => (e.Region.RegionId, e.Region.Name, e.Figure.Value, e.Figure.PublishedOn)).ToList());
        var comparators = entries.Where(e => e.Region.Kind == RegionKind.Country)
            .OrderBy(e => e.Region.RegionId, StringComparer.Ordinal)
            .Select(e => new LeaderboardEntry(null, e.Region.RegionId, e.Region.Name, e.Figure.Value, e.Figure.PublishedOn))
            .ToList();
        return new Leaderboard(y, ranked, comparators);
    }

    public EnterpriseFootprint Footprint()
    {
        var enterprises = _data.Enterprises.OrderBy(e => e.EnterpriseId, StringComparer.Ordinal).Select(e =>
        {
            var branches = e.Branches
                .OrderBy(b => b.City, StringComparer.Ordinal)
                .Select(b => new BranchView(b.RegionId, b.City, b.Status, b.Since, _clusterOfRegion.GetValueOrDefault(b.RegionId)))
                .ToList();
            return new EnterprisePresence(e.EnterpriseId, e.Name, e.HeadquartersCity, e.HeadquartersRegionId, branches,
                FootprintRules.Presence(branches));
        }).ToList();
        var counts = _data.Clusters.OrderBy(c => c.ClusterId, StringComparer.Ordinal)
            .Select(c => new ClusterEnterpriseCount(c.ClusterId,
                enterprises.Count(e => e.Clusters.Any(p => p.ClusterId == c.ClusterId && p.OpenBranches > 0))))
            .ToList();
        return new EnterpriseFootprint(enterprises, counts, FootprintRules.ClusterEffect(enterprises));
    }
}

/// <summary>Leaderboard ranking; pure.</summary>
internal static class LeaderboardRanking
{
    /// <summary>Highest value first; equal values share a rank and the next rank skips (1, 2, 2, 4); ties listed by id.</summary>
    public static IReadOnlyList<LeaderboardEntry> Rank(IReadOnlyList<(string Id, string Name, decimal Value, DateOnly PublishedOn)> regions)
    {
        var ordered = regions.OrderByDescending(r => r.Value).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
        var result = new List<LeaderboardEntry>(ordered.Count);
        for (var i = 0; i < ordered.Count; i++)
        {
            var rank = i > 0 && ordered[i].Value == ordered[i - 1].Value ? result[i - 1].Rank!.Value : i + 1;
            result.Add(new LeaderboardEntry(rank, ordered[i].Id, ordered[i].Name, ordered[i].Value, ordered[i].PublishedOn));
        }
        return result;
    }
}

/// <summary>Enterprise presence per cluster and the cluster effect; pure.</summary>
internal static class FootprintRules
{
    /// <summary>Open and planned branches per cluster (closed branches and regions in no cluster do not count).</summary>
    public static IReadOnlyList<ClusterPresence> Presence(IEnumerable<BranchView> branches) =>
        branches.Where(b => b.ClusterId is not null && b.Status != BranchStatus.Closed)
            .GroupBy(b => b.ClusterId!, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ClusterPresence(g.Key, g.Count(b => b.Status == BranchStatus.Open), g.Count(b => b.Status == BranchStatus.Planned)))
            .ToList();

    /// <summary>Enterprises with an open branch in two or more clusters.</summary>
    public static IReadOnlyList<string> ClusterEffect(IEnumerable<EnterprisePresence> enterprises) =>
        enterprises.Where(e => e.PresentInClusters >= 2).Select(e => e.Id).Order(StringComparer.Ordinal).ToList();
}
