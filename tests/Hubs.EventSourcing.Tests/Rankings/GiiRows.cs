using Hubs.EventSourcing.Rankings;

namespace Hubs.EventSourcing.Tests.Rankings;

/// <summary>Rows of ../shared/data/indicators/gii_clusters.csv (WIPO GII 2024 and 2025), as entries of their editions.</summary>
internal static class GiiRows
{
    private const string Wipo2024 = "WIPO GII 2024 'Science and Technology Cluster Ranking 2024' page";
    private const string Wipo2025 = "WIPO GII blog 'Revisiting the 2025 GII Ranking of World's Top 100 Innovation Clusters'";

    public static RankingEntryRecorded E2024(string name, string economy, int rank, string publishedOn = "2024-08-27") =>
        new("gii-2024", "GII", 2024, name, economy, rank, rank, false, null, null, publishedOn, Wipo2024);

    public static RankingEntryRecorded E2025(string name, string economy, int rank, decimal? pct = null, decimal? pubs = null) =>
        new("gii-2025", "GII", 2025, name, economy, rank, rank, false, pct, pubs, "2025-10-02", Wipo2025);

    public static readonly RankingEntryRecorded[] Edition2024 =
    [
        E2024("Tokyo–Yokohama", "JP", 1), E2024("Shenzhen–Hong Kong–Guangzhou", "CN/HK", 2), E2024("Beijing", "CN", 3),
        E2024("Seoul", "KR", 4), E2024("Shanghai–Suzhou", "CN", 5), E2024("San Jose–San Francisco, CA", "US", 6),
        E2024("Paris", "FR", 12, "2024"), E2024("Wuhan", "CN", 13, "2024"), E2024("Hangzhou", "CN", 14, "2024"), E2024("Nagoya", "JP", 15, "2024"),
    ];

    public static readonly RankingEntryRecorded[] Edition2025 =
    [
        E2025("Shenzhen–Hong Kong–Guangzhou", "CN/HK", 1), E2025("Tokyo–Yokohama", "JP", 2), E2025("San Jose–San Francisco", "US", 3),
        E2025("Beijing", "CN", 4), E2025("Seoul", "KR", 5), E2025("Shanghai–Suzhou", "CN", 6), E2025("New York City", "US", 7),
        E2025("London", "GB", 8), E2025("Boston–Cambridge", "US", 9), E2025("Los Angeles", "US", 10), E2025("Osaka–Kobe–Kyoto", "JP", 11),
        E2025("Paris", "FR", 12), E2025("Hangzhou", "CN", 13),
    ];

    public static RankingEdition Fold(IEnumerable<RankingEntryRecorded> entries) =>
        entries.Aggregate((RankingEdition?)null, RankingEdition.Record)!;
}
