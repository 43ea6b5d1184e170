using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Rankings;
using Hubs.EventSourcing.Tests.Rankings;
using Hubs.EventSourcing.Tracking;
using JasperFx.Events;

namespace Hubs.EventSourcing.Tests.Tracking;

/// <summary>
/// A hub's rank per edition: its best ranked name in the recorded edition, else a rank recorded on the cluster (the rule of
/// <see cref="HubRanks"/>); then the same through the read models, live and as known at a date.
/// </summary>
public sealed class HubRankTests
{
    private static RankingEdition Edition(params RankingEntryRecorded[] entries) =>
        entries.Skip(1).Aggregate(RankingEdition.Record(null, entries[0]), RankingEdition.Record);

    private static RankingEntryRecorded Entry(string name, int from, int to, bool tied = false) =>
        new("gii-2024", "GII", 2024, name, "CN", from, to, tied, null, null, "2024-08-27", "quote");

    private static RankPlacement Recorded(string ranking, int edition, int rank, string name = "Old name") =>
        new(ranking, edition, rank, name, new DateOnly(edition, 9, 1));

    [Fact]
    public void a_hubs_rank_in_an_edition_is_the_best_place_among_its_ranked_names()
    {
        var ranks = HubRanks.All([], ["Shanghai–Suzhou", "Hangzhou", "Nanjing"], [Edition(GiiRows.Edition2025)]);

        var p = ranks.ShouldHaveSingleItem();
        (p.Ranking, p.Edition, p.Rank, p.RankedName, p.Origin, p.EditionId).ShouldBe(("GII", 2025, 6, "Shanghai–Suzhou", RankOrigin.Edition, "gii-2025"));
        p.Basis.ShouldBe("GII 2025 edition: Shanghai–Suzhou #6, best of the hub's 2 names printed there",
            customMessage: "Nanjing is not in the 2025 rows of the test data: two of the three names are printed");
    }

    [Fact]
    public void a_range_counts_as_its_better_end_and_keeps_the_place_as_printed()
    {
        var ranks = HubRanks.All([], ["Wuhan", "Hefei"], [Edition(Entry("Wuhan", 12, 13), Entry("Hefei", 14, 14, tied: true), Entry("Paris", 1, 1))]);

        var p = ranks.ShouldHaveSingleItem();
        (p.Rank, p.Place, p.RankedName).ShouldBe((12, "12 or 13", "Wuhan"));
    }

    [Fact]
    public void a_tie_is_a_place_like_any_other()
    {
        var p = HubRanks.All([], ["Hefei"], [Edition(Entry("Hefei", 14, 14, tied: true))]).ShouldHaveSingleItem();

        (p.Rank, p.Place).ShouldBe((14, "=14"));
    }

    [Fact]
    public void an_edition_wins_over_a_rank_recorded_on_the_cluster_for_the_same_ranking_and_year()
    {
        var ranks = HubRanks.All([Recorded("gii", 2025, 2), Recorded("GII", 2023, 5)], ["Beijing"], [Edition(GiiRows.Edition2025)]);

        ranks.Select(r => (r.Edition, r.Rank, r.Origin)).ShouldBe([(2023, 5, RankOrigin.Recorded), (2025, 4, RankOrigin.Edition)],
            "2025 is read from the edition (names compare as slugs: gii = GII); 2023 has no edition and keeps its recorded rank");
        ranks[0].Basis.ShouldBe("recorded rank (global_rank_recorded): #5 as Old name");
    }

    [Fact]
    public void a_recorded_rank_counts_when_no_ranked_name_of_the_hub_is_printed_in_that_edition()
    {
        var ranks = HubRanks.All([Recorded("GII", 2025, 30, "Tianjin")], ["Tianjin"], [Edition(GiiRows.Edition2025)]);

        ranks.ShouldHaveSingleItem().Origin.ShouldBe(RankOrigin.Recorded);
    }

    [Fact]
    public void the_latest_placement_per_ranking_is_the_latest_edition()
    {
        var all = HubRanks.All([Recorded("Other", 2020, 9)], ["Beijing"], [Edition(GiiRows.Edition2024), Edition(GiiRows.Edition2025)]);

        HubRanks.Latest(all).Select(r => (r.Ranking, r.Edition, r.Rank)).ShouldBe([("GII", 2025, 4), ("Other", 2020, 9)]);
    }

    [Fact]
    public void a_rank_target_names_the_edition_and_ranked_name_of_every_year_it_used()
    {
        var all = HubRanks.All([], ["Beijing"], [Edition(GiiRows.Edition2024), Edition(GiiRows.Edition2025)]);

        var t = HubRanks.Track(new Target(TargetMetric.GlobalRank, "gii", 3m, 2035), all);

        (t.LatestYear, t.Latest).ShouldBe((2025, 4m));
        t.Basis.YearsUsed.ShouldBe([2024, 2025]);
        t.Basis.Placements!.Select(p => p.Basis).ShouldBe(["GII 2024 edition: Beijing #3", "GII 2025 edition: Beijing #4"]);
    }

    // Through the read models: the cluster's ranked names and the editions folded like the stored documents are.
    private readonly List<IEvent> _events = [];

    private void Given(string streamKey, object data) =>
        _events.Add(new Event<object>(data) { StreamKey = streamKey, Timestamp = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(_events.Count), Sequence = _events.Count + 1 });

    private void Bth()
    {
        Given(Keys.Cluster("bth"), new ClusterEstablished("bth", "BTH", "Beijing", ClusterScope.Regional, new DateOnly(2020, 1, 1)));
        Given(Keys.Cluster("bth"), new ClusterAliasAdded("bth", "Beijing"));
        Given(Keys.Cluster("bth"), new ClusterTargetSet("bth", TargetMetric.GlobalRank, "GII", 3m, 2035));
        foreach (var e in GiiRows.Edition2024) Given(RankingModule.Key(e.EditionId), e);
        foreach (var e in GiiRows.Edition2025) Given(RankingModule.Key(e.EditionId), e);
    }

    [Fact]
    public void the_scorecard_reads_the_editions_through_the_hubs_ranked_names()
    {
        Bth();

        var card = new TrackingViews(TrackingReplay.Build(_events)).Scorecard("bth")!;

        card.Ranks.ShouldHaveSingleItem().Basis.ShouldBe("GII 2025 edition: Beijing #4");
        var t = card.Targets.ShouldHaveSingleItem();
        (t.LatestYear, t.Latest).ShouldBe((2025, 4m));
        t.Basis.Reason.ShouldBe("2 year(s) reported; a trend needs 3", customMessage: "two editions: not yet a trend, but no longer 'no year reported'");
    }

    [Fact]
    public void as_known_at_a_date_an_edition_published_after_it_does_not_count()
    {
        Bth();
        Given(RankingModule.Key("gii-2025"), new RankingEntryCorrected("gii-2025", "Beijing", 5, 5, false, "misread"));

        var card = new TrackingViews(TrackingReplay.Build(TrackingReplay.PublishedOnOrBefore(_events, new DateOnly(2025, 9, 1)))).Scorecard("bth")!;

        card.Ranks.ShouldHaveSingleItem().Basis.ShouldBe("GII 2024 edition: Beijing #3",
            "GII 2025 was published on 2025-10-02, after the date; its correction alone does not bring it in");
        card.Targets.Single().Basis.YearsUsed.ShouldBe([2024]);
    }

    [Fact]
    public void a_correction_in_an_edition_moves_the_hubs_rank()
    {
        Bth();
        Given(RankingModule.Key("gii-2025"), new RankingEntryCorrected("gii-2025", "beijing", 5, 5, false, "misread"));

        new TrackingViews(TrackingReplay.Build(_events)).Scorecard("bth")!.Ranks.Single().Place.ShouldBe("5");
    }
}
