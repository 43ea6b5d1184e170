using Hubs.EventSourcing.ExchangeRates;
using Hubs.EventSourcing.Regions;

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

/// <summary>Reads every scope's indicator stream through <see cref="HubsQueries"/>: one fold, the module's, for every read.</summary>
public static class IndicatorQueries
{
    /// <summary>Builds the <see cref="IndicatorReport"/> of the store as it stands now, with figures as known at <paramref name="knownAt"/>.</summary>
    public static async Task<IndicatorReport> IndicatorReportAsync(
        this HubsQueries queries, int currentYear, DateOnly? knownAt = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queries);
        var regions = await queries.ListRegionsAsync(cancellationToken).ConfigureAwait(false);
        var clusters = await queries.ListClustersAsync(cancellationToken).ConfigureAwait(false);
        var states = new Dictionary<string, ScopeIndicators>(StringComparer.Ordinal);
        foreach (var r in regions)
            if (WithRdFigures(await queries.GetStateAsync<ScopeIndicators>(ScopeIndicators.StreamKey(ScopeKind.Region, r.Id), null, cancellationToken)
                    .ConfigureAwait(false), r) is { } s)
                states[r.Id] = s;
        var rates = new Dictionary<(string, int), decimal>();
        foreach (var currency in MoneyUnit.Currencies.Where(c => c != MoneyUnit.BaseCurrency))
            if (await queries.GetStateAsync<ExchangeRateSeries>(Keys.ExchangeRate(currency), null, cancellationToken).ConfigureAwait(false) is { } series)
                foreach (var (year, rate) in series.Rates)
                    if (knownAt is null || rate.PublishedOn is null || rate.PublishedOn <= knownAt) rates[(currency, year)] = rate.CnyPerUnit;
        decimal? RateOf(string currency, int year) => rates.TryGetValue((currency, year), out var r) ? r : null;

        var clusterCards = new List<Scorecard>();
        foreach (var c in clusters)
        {
            var own = await queries.GetStateAsync<ScopeIndicators>(ScopeIndicators.StreamKey(ScopeKind.Cluster, c.Id), null, cancellationToken)
                .ConfigureAwait(false) ?? new ScopeIndicators { Scope = ScopeKind.Cluster, ScopeId = c.Id };
            var counted = c.Members.Except(c.ExcludedFromComposite).ToList();
            clusterCards.Add(Scorecards.ForCluster(own, counted, states, RateOf, currentYear, knownAt));
        }
        var nation = regions.Where(r => r.Kind == RegionKind.Country && states.ContainsKey(r.Id))
            .Select(r => Scorecards.ForScope(states[r.Id], currentYear, knownAt)).ToList();
        var others = regions.Where(r => r.Kind != RegionKind.Country && states.ContainsKey(r.Id))
            .Select(r => Scorecards.ForScope(states[r.Id], currentYear, knownAt)).ToList();
        return new IndicatorReport(currentYear, knownAt, clusterCards, nation, others, regions.ToDictionary(r => r.Id, r => r.Name));
    }

    /// <summary>The label under which a region's R&amp;D figures (<c>import rd</c>, <see cref="Regions.RdIntensityReported"/>) appear.</summary>
    public const string RdFiguresLabel = "R&D figures (import rd)";

    /// <summary>
    /// A region's R&amp;D intensity and expenditure as recorded by its own stream (each year's current figure, with the
    /// publication date of its latest version), added as <c>rd_intensity</c> and <c>rd_expenditure_total</c> figures so R&amp;D
    /// intensity is one indicator among the others.
    /// </summary>
    private static ScopeIndicators? WithRdFigures(ScopeIndicators? state, Region region)
    {
        if (region.Figures.IsEmpty) return state;
        var versions = (state ?? new ScopeIndicators { Scope = ScopeKind.Region, ScopeId = region.Id }).Versions;
        foreach (var (year, f) in region.Figures)
        {
            versions = versions.Add(new FigureVersion(IndicatorCatalogue.RdIntensity, RdFiguresLabel, year, f.IntensityPct, "%", null, f.PublishedOn,
                "region stream", "R&D figures of the region", "as recorded", null));
            if (f.Expenditure is { } e && f.ExpenditureUnit is { } unit)
                versions = versions.Add(new FigureVersion(IndicatorCatalogue.RdExpenditure, RdFiguresLabel, year, e, unit, null, f.PublishedOn,
                    "region stream", "R&D figures of the region", "as recorded", null));
        }
        return (state ?? new ScopeIndicators { Scope = ScopeKind.Region, ScopeId = region.Id }) with { Versions = versions };
    }
}
