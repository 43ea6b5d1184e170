using Hubs.EventSourcing.Clusters;

namespace Hubs.SampleHost.Import;

/// <summary>
/// Plans a ranking import: <c>cluster,ranking,edition,rank,ranked_name,published_on,source</c>. A placement already
/// recorded with the same rank and name is skipped; a different one for the same edition is left to the library to reject.
/// A row with no date and no --published-on is recorded as published on the day of recording, and its source says so.
/// </summary>
internal sealed class RanksImport
{
    public static readonly string[] Columns = ["cluster", "ranking", "edition", "rank", "ranked_name", "published_on", "source"];
    private static readonly string[] Required = ["cluster", "ranking", "edition", "rank"];

    private static readonly Dictionary<string, string> ColumnsByField = new(StringComparer.Ordinal)
    {
        ["clusterId"] = "cluster", ["ranking"] = "ranking", ["edition"] = "edition", ["rank"] = "rank",
        ["rankedName"] = "ranked_name", ["publishedOn"] = "published_on", ["source"] = "source",
    };

    public required string DefaultSource { get; init; }
    public required DateOnly DefaultPublishedOn { get; init; }

    /// <summary>True when the caller stated the date for rows without one (--published-on); see <see cref="ImportPlan.UndatedSource"/>.</summary>
    public bool PublishedOnGiven { get; init; }

    public ImportPlan Plan(string path, IReadOnlyList<Cluster> clusters)
    {
        var (rows, errors) = CsvTable.Read(path, Columns, Required);
        var plan = new ImportPlan(path, Columns, ColumnsByField) { Rows = rows.Count };
        var byKey = new Dictionary<string, Cluster>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in clusters) { byKey[c.Id] = c; byKey.TryAdd(c.Name, c); }

        foreach (var row in rows)
        {
            var clusterText = row.Text("cluster", required: true);
            var ranking = row.Text("ranking", required: true);
            var edition = row.Int("edition", required: true);
            var rank = row.Int("rank", required: true);
            var rankedName = row.Text("ranked_name");
            var publishedText = row.Text("published_on");
            var publishedOn = row.Date("published_on") ?? DefaultPublishedOn;
            var source = row.Text("source") ?? DefaultSource;
            if (publishedText is null && !PublishedOnGiven) source = ImportPlan.UndatedSource(source, DefaultPublishedOn);
            if (clusterText is null) continue;
            if (!byKey.TryGetValue(clusterText.Trim(), out var cluster))
            {
                row.Fail("cluster", clusterText, "unknown cluster: establish it first (hubs cluster establish)", "cluster-not-established");
                continue;
            }
            if (ranking is null || edition is not { } e || rank is not { } r) continue;
            var name = rankedName ?? cluster.Name;
            if (cluster.Ranks.Any(x => x.Ranking == ranking.Trim() && x.Edition == e && x.Rank == r && x.RankedName == name.Trim()))
            {
                plan.Unchanged++;
                continue;
            }
            plan.Add(new RecordGlobalRank(cluster.Id, ranking, e, r, name, publishedOn, source), row, "rank");
        }
        plan.ParseErrors = errors;
        return plan;
    }
}
