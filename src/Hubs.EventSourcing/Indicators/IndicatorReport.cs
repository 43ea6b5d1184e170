using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Tracking;

namespace Hubs.EventSourcing.Indicators;

/// <summary>A region's value of an indicator on a leaderboard.</summary>
/// <param name="RegionId">The region.</param>
/// <param name="Name">Its name.</param>
/// <param name="Year">The latest complete year of its series.</param>
/// <param name="Value">That year's value (a percentage, yuan, whole units or a rank), unrounded.</param>
/// <param name="Method">How it was computed.</param>
public sealed record IndicatorStanding(string RegionId, string Name, int Year, decimal Value, string Method);

/// <summary>
/// Every scorecard of the store: each cluster's (composite over its counted members, its own published aggregates apart),
/// the nation's (regions of kind country: the comparators, with their own targets) and each other region's.
/// </summary>
/// <param name="CurrentYear">The year deadlines are judged against (a deadline before it is past).</param>
/// <param name="KnownAt">Only figures published by this date, or null for all.</param>
/// <param name="Clusters">Per cluster.</param>
/// <param name="Nation">Per national comparator.</param>
/// <param name="Regions">Per other region with indicator data or targets.</param>
/// <param name="RegionNames">Region names by id.</param>
public sealed record IndicatorReport(
    int CurrentYear, DateOnly? KnownAt, IReadOnlyList<Scorecard> Clusters, IReadOnlyList<Scorecard> Nation, IReadOnlyList<Scorecard> Regions,
    IReadOnlyDictionary<string, string> RegionNames)
{
    /// <summary>
    /// The regions ranked on <paramref name="indicator"/> by their latest complete year (higher first; for a rank, lower
    /// first). National comparators are not ranked: they are in <see cref="Nation"/>.
    /// </summary>
    public IReadOnlyList<IndicatorStanding> Leaderboard(string indicator)
    {
        var definition = IndicatorCatalogue.BuiltIn.Get(indicator);
        var standings = Regions
            .Select(s => (s.ScopeId, Line: s.Indicators.FirstOrDefault(l => l.Indicator == indicator)))
            .Where(x => x.Line is { LatestCompleteYear: not null, Latest: not null })
            .Select(x => new IndicatorStanding(x.ScopeId, RegionNames.GetValueOrDefault(x.ScopeId, x.ScopeId), x.Line!.LatestCompleteYear!.Value,
                x.Line.Latest!.Value, x.Line.Method ?? ""));
        return (definition.HigherIsBetter ? standings.OrderByDescending(s => s.Value) : standings.OrderBy(s => s.Value))
            .ThenBy(s => s.RegionId, StringComparer.Ordinal).ToList();
    }
}

/// <summary>
/// Builds the <see cref="IndicatorReport"/> from the tracking read models: the indicator module's documents (<see cref="IndicatorTrack"/>),
/// the regions' R&amp;D series, the clusters' counted members and the exchange rates — the documents Marten's daemon keeps, or
/// the same folds replayed in memory for a past point, so the live projection, a rebuild and a replay give the same statuses.
/// </summary>
public static class IndicatorQueries
{
    /// <summary>
    /// The <see cref="IndicatorReport"/>: from the stored read models when neither cut-off is set (bring them up to date first:
    /// <see cref="HubsTracking.CatchUpAsync"/> or a running daemon), otherwise from a replay of the events recorded by
    /// <paramref name="asOf"/> with figures published by <paramref name="knownAt"/> (as <see cref="HubsTracking.GetReportAsync(DateTimeOffset?, DateOnly?, CancellationToken)"/>).
    /// </summary>
    /// <param name="tracking">The store's tracking.</param>
    /// <param name="currentYear">The year deadlines are judged against.</param>
    /// <param name="asOf">Recorded-at cut-off, or null.</param>
    /// <param name="knownAt">Publication-date cut-off, or null.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<IndicatorReport> IndicatorReportAsync(
        this HubsTracking tracking, int currentYear, DateTimeOffset? asOf = null, DateOnly? knownAt = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tracking);
        var data = await tracking.DataAsync(asOf, knownAt, cancellationToken).ConfigureAwait(false);
        return Build(data, currentYear, knownAt);
    }

    /// <summary>The report from read-model documents (stored or replayed: the known-at cut was applied to the events already).</summary>
    internal static IndicatorReport Build(TrackingData data, int currentYear, DateOnly? knownAt)
    {
        var own = data.Documents.OfType<IndicatorTrack>().Where(d => d.State is not null)
            .ToDictionary(d => (d.State!.Scope, d.State.ScopeId), d => d.State!);
        var views = new TrackingViews(data);
        var states = new Dictionary<string, ScopeIndicators>(StringComparer.Ordinal);
        foreach (var r in data.Regions)
            if (WithRdFigures(own.GetValueOrDefault((ScopeKind.Region, r.RegionId)), r.RegionId, views.Series(r.RegionId)) is { } s)
                states[r.RegionId] = s;
        var rates = data.Rates.SelectMany(r => r.Years).ToDictionary(y => (y.Currency, y.Year), y => y.CnyPerUnit);
        decimal? RateOf(string currency, int year) => rates.TryGetValue((currency, year), out var r) ? r : null;

        var clusterCards = data.Clusters.OrderBy(c => c.ClusterId, StringComparer.Ordinal)
            .Select(c => Scorecards.ForCluster(
                own.GetValueOrDefault((ScopeKind.Cluster, c.ClusterId)) ?? new ScopeIndicators { Scope = ScopeKind.Cluster, ScopeId = c.ClusterId },
                c.CountedMembers(), states, RateOf, currentYear))
            .ToList();
        var regions = data.Regions.OrderBy(r => r.RegionId, StringComparer.Ordinal).ToList();
        var nation = regions.Where(r => r.Kind == RegionKind.Country && states.ContainsKey(r.RegionId))
            .Select(r => Scorecards.ForScope(states[r.RegionId], currentYear)).ToList();
        var others = regions.Where(r => r.Kind != RegionKind.Country && states.ContainsKey(r.RegionId))
            .Select(r => Scorecards.ForScope(states[r.RegionId], currentYear)).ToList();
        return new IndicatorReport(currentYear, knownAt, clusterCards, nation, others, regions.ToDictionary(r => r.RegionId, r => r.Name));
    }

    /// <summary>The label under which a region's R&amp;D figures (<c>import rd</c>, <see cref="Regions.RdIntensityReported"/>) appear.</summary>
    public const string RdFiguresLabel = "R&D figures (import rd)";

    /// <summary>
    /// A region's R&amp;D intensity and expenditure as tracked from its own stream (each year's current figure, with the
    /// publication date of its latest version), added as <c>rd_intensity</c> and <c>rd_expenditure_total</c> figures so R&amp;D
    /// intensity is one indicator among the others.
    /// </summary>
    private static ScopeIndicators? WithRdFigures(ScopeIndicators? state, string regionId, IReadOnlyDictionary<int, RegionYear> series)
    {
        if (series.Count == 0) return state;
        state ??= new ScopeIndicators { Scope = ScopeKind.Region, ScopeId = regionId };
        var versions = state.Versions;
        foreach (var (year, f) in series)
        {
            versions = versions.Add(new FigureVersion(IndicatorCatalogue.RdIntensity, RdFiguresLabel, year, f.Value, "%", null, f.PublishedOn,
                "region stream", "R&D figures of the region", "as recorded", null));
            if (f.Expenditure is { } e && f.ExpenditureUnit is { } unit)
                versions = versions.Add(new FigureVersion(IndicatorCatalogue.RdExpenditure, RdFiguresLabel, year, e, unit, null, f.PublishedOn,
                    "region stream", "R&D figures of the region", "as recorded", null));
        }
        return state with { Versions = versions };
    }
}
