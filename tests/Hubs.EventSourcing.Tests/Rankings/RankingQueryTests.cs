using Hubs.EventSourcing.Rankings;

namespace Hubs.EventSourcing.Tests.Rankings;

public sealed class RankingQueryTests
{
    private static readonly string[] Gba = ["Shenzhen-Hong Kong-Guangzhou"];
    private static readonly string[] Yrd = ["Shanghai–Suzhou", "Nanjing", "Hangzhou"];
    private static readonly RankingEdition Gii2024 = GiiRows.Fold(GiiRows.Edition2024);
    private static readonly RankingEdition Gii2025 = GiiRows.Fold(GiiRows.Edition2025);

    [Fact]
    public void shenzhen_hong_kong_guangzhou_overtook_tokyo_yokohama_from_2024_to_2025() =>
        RankingQueries.Overtook(Gii2024, Gii2025, Gba).ShouldBe(["Tokyo–Yokohama"]);

    [Fact]
    public void a_hub_that_fell_overtook_no_one() =>
        RankingQueries.Overtook(Gii2024, Gii2025, Yrd).ShouldBeEmpty("Shanghai–Suzhou fell from 5th to 6th");

    [Fact]
    public void a_hub_with_several_clusters_lists_them_best_first() =>
        RankingQueries.ClustersOf(Gii2025, Yrd).Select(p => p.RankedName).ShouldBe(["Shanghai–Suzhou", "Hangzhou"],
            "Nanjing is not among the 2025 rows, so it is not listed");

    [Fact]
    public void the_clusters_ahead_of_a_hub_are_those_ahead_of_its_best() =>
        RankingQueries.Ahead(Gii2025, Yrd).Select(p => p.RankedName)
            .ShouldBe(["Shenzhen–Hong Kong–Guangzhou", "Tokyo–Yokohama", "San Jose–San Francisco", "Beijing", "Seoul"]);

    [Fact]
    public void no_one_is_ahead_of_the_first() => RankingQueries.Ahead(Gii2025, Gba).ShouldBeEmpty();

    [Fact]
    public void a_hub_not_in_the_edition_has_no_best_and_no_one_ahead()
    {
        RankingQueries.Best(Gii2025, ["Wuhan"]).ShouldBeNull("Wuhan has no 2025 row in the data");
        RankingQueries.Ahead(Gii2025, ["Wuhan"]).ShouldBeEmpty();
    }

    [Fact]
    public void a_range_is_neither_ahead_of_nor_behind_a_place_it_spans()
    {
        var edition = GiiRows.Fold([
            new RankingEntryRecorded("gii-2024", "GII", 2024, "Wuhan", "CN", 12, 13, false, null, null, "2024", "quote"),
            GiiRows.E2024("Hangzhou", "CN", 13, "2024"), GiiRows.E2024("Paris", "FR", 11, "2024")]);
        RankingQueries.Ahead(edition, ["Hangzhou"]).Select(p => p.RankedName).ShouldBe(["Paris"], "Wuhan at '12 or 13' may be level with 13");
    }

    [Theory]
    [InlineData("3", 3, 3, false)]
    [InlineData("=12", 12, 12, true)]
    [InlineData("T12", 12, 12, true)]
    [InlineData("12 or 13", 12, 13, false)]
    [InlineData("12–13", 12, 13, false)]
    public void printed_places_are_read_as_printed(string text, int from, int to, bool tied) =>
        RankPlace.TryParse(text).ShouldBe(new RankPlace(from, to, tied));

    [Theory]
    [InlineData("2025-09-01", 2025, 9, 1)]
    [InlineData("2024-08", 2024, 8, 1)]
    [InlineData("2024", 2024, 1, 1)]
    public void a_partial_publication_date_counts_from_its_first_day(string text, int y, int m, int d) =>
        PartialDate.Earliest(text).ShouldBe(new DateOnly(y, m, d));

    [Fact]
    public void an_unknown_publication_date_has_no_day() => PartialDate.Earliest("").ShouldBeNull();
}
