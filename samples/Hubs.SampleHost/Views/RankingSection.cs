using System.Globalization;
using System.Text.RegularExpressions;
using Hubs.EventSourcing;
using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Rankings;
using Hubs.SampleHost.Infrastructure;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Hubs.SampleHost.Views;

/// <summary>A hub in one ranking: its clusters in the latest edition, who is surely ahead, whom it overtook, its best per edition.</summary>
/// <param name="Latest">The ranking's latest edition (not the latest the hub is in: absent from it is an answer).</param>
/// <param name="Previous">The edition before it, when recorded.</param>
/// <param name="History">The hub's best cluster in every edition, oldest first; null where none of its names is printed.</param>
internal sealed record HubRanking(string Ranking, int Latest, int? Previous, IReadOnlyList<RankingPlacement> Clusters,
    IReadOnlyList<RankingPlacement> Ahead, IReadOnlyList<string> Overtook, IReadOnlyList<(int Edition, RankingPlacement? Best)> History);

/// <summary>
/// The report's Rankings section, read from the ranking editions (every cluster printed, competitors included) through each
/// hub's ranked names (<c>hubs cluster alias</c>) with the library's <see cref="RankingQueries"/>. "Ahead" is surely ahead: a
/// range "12 or 13" is neither ahead of nor behind 13.
/// </summary>
internal sealed partial class RankingSection
{
    private RankingSection(IReadOnlyList<RankingEdition> editions, IReadOnlyList<(string ClusterId, IReadOnlyList<string> Aliases, IReadOnlyList<HubRanking> Rankings)> hubs) =>
        (Editions, Hubs) = (editions, hubs);

    /// <summary>Every edition, by ranking then year.</summary>
    public IReadOnlyList<RankingEdition> Editions { get; }
    public IReadOnlyList<(string ClusterId, IReadOnlyList<string> Aliases, IReadOnlyList<HubRanking> Rankings)> Hubs { get; }

    public static readonly RankingSection Empty = new([], []);

    /// <summary>From the store: the editions at the report's point, each hub's ranked names as they stood then.</summary>
    /// <param name="knownAt">Leaves out entries published after it (a day, month or year counts from its first day; an entry
    /// with no date is kept).</param>
    public static async Task<RankingSection> LoadAsync(HubsStore store, IEnumerable<string> clusterIds, DateTimeOffset? asOf, DateOnly? knownAt,
        CancellationToken ct)
    {
        if (!store.HasEventStore) return Empty;
        var at = asOf is { } instant ? StatePoint.AtInstant(instant) : null;
        var editions = await store.Queries.ListRankingEditionsAsync(at, ct);
        var clusters = new List<Cluster>();
        foreach (var id in clusterIds)
            if (await store.Queries.GetClusterAsync(id, at, ct) is { } c) clusters.Add(c);
        return Of(knownAt is { } k ? editions.Select(e => KnownAt(e, k)).Where(e => e.Entries.Count > 0).ToList() : editions, clusters);
    }

    public static RankingSection Of(IReadOnlyList<RankingEdition> editions, IEnumerable<Cluster> clusters) =>
        new(editions, clusters.Select(c => (c.Id, (IReadOnlyList<string>)c.Aliases.ToList(), For(editions, c.Aliases.ToList()))).ToList());

    private static IReadOnlyList<HubRanking> For(IReadOnlyList<RankingEdition> editions, IReadOnlyList<string> aliases) =>
        aliases.Count == 0 ? [] : editions.GroupBy(e => e.Ranking, StringComparer.OrdinalIgnoreCase).Select(g =>
        {
            var ordered = g.OrderBy(e => e.Edition).ToList();
            var latest = ordered[^1];
            var previous = ordered.Count > 1 ? ordered[^2] : null;
            return new HubRanking(latest.Ranking, latest.Edition, previous?.Edition, RankingQueries.ClustersOf(latest, aliases),
                RankingQueries.Ahead(latest, aliases), previous is null ? [] : RankingQueries.Overtook(previous, latest, aliases),
                ordered.Select(e => (e.Edition, RankingQueries.Best(e, aliases))).ToList());
        }).ToList();

    /// <summary>The Clusters table's rank cell: the latest edition's best, naming the edition and the name it printed.</summary>
    public string? LatestBest(string clusterId)
    {
        var hub = Hubs.FirstOrDefault(h => h.ClusterId == clusterId);
        if (hub.Rankings is not { Count: > 0 } rankings) return null;
        return string.Join("\n", rankings.Select(r => r.Clusters.Count == 0
            ? $"not in {r.Ranking} {r.Latest}"
            : $"{Place(r.Clusters[0].Place)} {r.Ranking} {r.Latest} (as {r.Clusters[0].RankedName})"));
    }

    public IRenderable View()
    {
        var lines = new List<IRenderable> { new Markup("[bold]Rankings[/] [grey](places as printed; each ranking's latest edition; ahead = surely ahead of the hub's best)[/]") };
        if (Editions.Count == 0)
            lines.Add(new Text("No ranking edition recorded (hubs import ranking gii_clusters.csv)."));
        foreach (var (id, aliases, rankings) in Hubs)
        {
            if (aliases.Count == 0)
            {
                lines.Add(new Markup($"[bold]{Markup.Escape(id)}[/] [grey]no ranked name recorded (hubs cluster alias {Markup.Escape(id)} --ranked-name …)[/]"));
                continue;
            }
            foreach (var r in rankings)
            {
                var where = r.Clusters.Count == 0 ? $"not in {r.Ranking} {r.Latest} (names: {string.Join(", ", aliases)})"
                    : $"{r.Ranking} {r.Latest}: " + string.Join(", ", r.Clusters.Select(c => $"{c.RankedName} {Place(c.Place)}"));
                lines.Add(new Markup($"[bold]{Markup.Escape(id)}[/] {Markup.Escape(where)}"));
                if (r.Clusters.Count > 0)
                    lines.Add(Indented.By(2, new Text("ahead of its best: " + (r.Ahead.Count == 0 ? "none" : string.Join(", ", r.Ahead.Select(a => $"{a.RankedName} {Place(a.Place)}"))))));
                if (r.Previous is { } previous)
                    lines.Add(Indented.By(2, new Text($"overtook since {previous}: " + (r.Overtook.Count == 0 ? "none" : string.Join(", ", r.Overtook)))));
                lines.Add(Indented.By(2, new Text("best per edition: " + string.Join(" · ", r.History.Select(h =>
                    h.Best is { } b ? $"{h.Edition} {Place(b.Place)} ({b.RankedName})" : $"{h.Edition} not ranked")))));
            }
        }
        return new Rows(lines);
    }

    /// <summary>The JSON shape (README): every edition with every entry, then each hub's view of the latest ones.</summary>
    public object ToJson() => new
    {
        editions = Editions.Select(e => new
        {
            ranking = e.Ranking,
            edition = e.Edition,
            entries = e.Entries.Values.OrderBy(p => p.Place.From).ThenBy(p => p.Place.To).Select(Entry),
        }),
        hubs = Hubs.Select(h => new
        {
            clusterId = h.ClusterId,
            rankedNames = h.Aliases,
            rankings = h.Rankings.Select(r => new
            {
                ranking = r.Ranking,
                latestEdition = r.Latest,
                previousEdition = r.Previous,
                clusters = r.Clusters.Select(Entry),
                ahead = r.Ahead.Select(a => new { rankedName = a.RankedName, economy = a.Economy, place = a.Place.ToString() }),
                overtook = r.Overtook,
                history = r.History.Select(x => new { edition = x.Edition, rankedName = x.Best?.RankedName, place = x.Best?.Place.ToString() }),
            }),
        }),
    };

    private static object Entry(RankingPlacement p) => new
    {
        rankedName = p.RankedName, economy = p.Economy, place = p.Place.ToString(), sharePctFilings = p.SharePctFilings,
        sharePublications = p.SharePublications, publishedOn = p.PublishedOn, source = p.Source, correctedFrom = p.CorrectedFrom?.ToString(),
        correctionReason = p.CorrectionReason,
    };

    /// <summary><c>#1</c>, <c>#=12</c>, <c>#12 or 13</c>.</summary>
    private static string Place(RankPlace place) => "#" + place;

    private static RankingEdition KnownAt(RankingEdition e, DateOnly knownAt) =>
        e with { Entries = e.Entries.RemoveRange(e.Entries.Values.Where(p => Earliest(p.PublishedOn) > knownAt).Select(p => p.RankedName)) };

    /// <summary>The first day a partial date (<c>2025-09-01</c>, <c>2024-08</c>, <c>2024</c>) may mean; null when unknown.</summary>
    private static DateOnly? Earliest(string text)
    {
        var m = DatePrefix().Match(text);
        if (!m.Success) return null;
        var c = CultureInfo.InvariantCulture;
        return new DateOnly(int.Parse(m.Groups["y"].Value, c), m.Groups["m"].Success ? int.Parse(m.Groups["m"].Value, c) : 1,
            m.Groups["d"].Success ? int.Parse(m.Groups["d"].Value, c) : 1);
    }

    [GeneratedRegex(@"^(?<y>\d{4})(-(?<m>\d{2})(-(?<d>\d{2}))?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DatePrefix();
}
