using Hubs.EventSourcing.Publications;

namespace Hubs.EventSourcing.Tests.Publications;

public sealed class PublicationRuleTests
{
    // Beijing 2022 as NBS published it (shared/data/rd-intensity-2019-2022.csv: 6.83 %, 2,843.3 CNY 100m, 2023-09-18), and
    // the same figure as a later news quote with no expenditure. The pack holds no provincial NBS 2024 communiqué rows, so
    // these real 2022 rows stand in for the Xinhua-then-NBS 2024 case.
    private static readonly FigurePublication Nbs =
        new(6.83m, 2843.3m, "CNY 100m", new DateOnly(2023, 9, 18), PublicationQuality.Official, "NBS 2022 communique");
    private static readonly FigurePublication Quote =
        new(6.83m, null, null, new DateOnly(2026, 1, 14), PublicationQuality.Secondary, "Xinhua 2026-01-14");

    [Fact]
    public void the_latest_publication_wins_whatever_the_order_it_was_recorded_in()
    {
        PublicationRule.Decide([Quote, Nbs])!.Source.ShouldBe("Xinhua 2026-01-14");
        PublicationRule.Decide([Nbs, Quote])!.Source.ShouldBe("Xinhua 2026-01-14");
    }

    [Fact]
    public void an_expenditure_the_winner_lacks_is_taken_from_a_publication_with_the_same_figure_and_named()
    {
        var known = PublicationRule.Decide([Quote, Nbs])!;
        known.Expenditure.ShouldBe(2843.3m, "the news quote gives no expenditure, NBS's communiqué does");
        known.ExpenditureFrom.ShouldBe("NBS 2022 communique");
    }

    [Fact]
    public void an_expenditure_is_not_borrowed_from_a_publication_of_another_figure() =>
        PublicationRule.Decide([Nbs, Quote with { Value = 6.9m }])!.Expenditure.ShouldBeNull();

    [Fact]
    public void on_equal_dates_the_better_quality_wins_whichever_was_recorded_last()
    {
        var copy = Nbs with { Value = 6.8m, Quality = PublicationQuality.OfficialTableCopy, Source = "yearbook copy" };
        PublicationRule.Decide([Nbs, copy])!.Source.ShouldBe("NBS 2022 communique");
        PublicationRule.Decide([copy, Nbs])!.Source.ShouldBe("NBS 2022 communique");
    }

    [Fact]
    public void on_equal_dates_and_quality_the_one_recorded_last_wins() =>
        PublicationRule.Decide([Nbs, Nbs with { Value = 6.84m, Source = "same-day fix" }])!.Source.ShouldBe("same-day fix");

    [Fact]
    public void an_undated_publication_ranks_below_every_dated_one() =>
        PublicationRule.Decide([Nbs, Quote with { KnownBy = null, Source = "undated" }])!.Source.ShouldBe("NBS 2022 communique");

    [Fact]
    public void a_yearbook_edition_counts_from_the_last_day_of_its_year()
    {
        var yearbook = Nbs with { KnownBy = PublicationDate.Parse("2023 (yearbook edition year; day not stated in source)").KnownBy, Source = "yearbook" };
        PublicationRule.Decide([yearbook, Nbs])!.Source.ShouldBe("yearbook", "a 2023 edition had certainly appeared only by 2023-12-31");
    }
}
