using Hubs.EventSourcing.Rankings;
using Hubs.EventSourcing.Testing;

namespace Hubs.EventSourcing.Tests.Rankings;

public sealed class RankingRulesTests
{
    private const string Source = "WIPO GII blog 'Revisiting the 2025 GII Ranking of World's Top 100 Innovation Clusters'";
    private static readonly RankingEntryRecorded Tokyo = GiiRows.E2025("Tokyo–Yokohama", "JP", 2);

    [Fact]
    public void a_competitor_is_recorded_with_its_economy_on_the_edition_stream() =>
        HubsSpec.Given()
            .When(new RecordRankingEntry("GII", 2025, "Tokyo–Yokohama", "JP", "2", null, null, "2025-10-02", Source))
            .Then(Tokyo);

    [Fact]
    public void shares_are_kept_where_given() =>
        HubsSpec.Given()
            .When(new RecordRankingEntry("GII", 2025, "Shenzhen–Hong Kong–Guangzhou", "CN/HK", "1", 9m, 2.4m, "2025-10-02", Source))
            .Then(GiiRows.E2025("Shenzhen–Hong Kong–Guangzhou", "CN/HK", 1, 9m, 2.4m));

    [Fact]
    public void a_range_as_printed_keeps_both_places() =>
        HubsSpec.Given()
            .When(new RecordRankingEntry("GII", 2024, "Hangzhou", "CN", "12 or 13", null, null, "2024", "a news quote"))
            .Then(new RankingEntryRecorded("gii-2024", "GII", 2024, "Hangzhou", "CN", 12, 13, false, null, null, "2024", "a news quote"));

    [Fact]
    public void the_same_entry_from_a_second_source_changes_nothing() =>
        HubsSpec.Given(Tokyo)
            .When(new RecordRankingEntry("GII", 2025, "Tokyo-Yokohama", "JP", "2", 10.3m, null, "2025-09-02", "Yicai Global"))
            .ThenNothing();

    [Fact]
    public void a_different_place_for_a_recorded_entry_is_refused_and_points_to_correction() =>
        HubsSpec.Given(Tokyo)
            .When(new RecordRankingEntry("GII", 2025, "Tokyo–Yokohama", "JP", "3", null, null, "2025-10-02", Source))
            .ThenRejected("ranking-entry-differs").Message.ShouldContain("ranking correct");

    [Fact]
    public void an_exact_place_held_by_another_cluster_is_refused_but_a_tie_is_accepted()
    {
        HubsSpec.Given(Tokyo)
            .When(new RecordRankingEntry("GII", 2025, "Seoul", "KR", "2", null, null, "2025-10-02", Source))
            .ThenRejected("rank-taken");
        HubsSpec.Given(Tokyo)
            .When(new RecordRankingEntry("GII", 2025, "Seoul", "KR", "=2", null, null, "2025-10-02", Source))
            .Then(new RankingEntryRecorded("gii-2025", "GII", 2025, "Seoul", "KR", 2, 2, true, null, null, "2025-10-02", Source));
    }

    [Theory]
    [InlineData("first")]
    [InlineData("13 or 12")]
    [InlineData("0")]
    [InlineData("=12-13")]
    public void a_place_in_no_printed_form_is_refused_naming_the_forms(string place) =>
        HubsSpec.Given()
            .When(new RecordRankingEntry("GII", 2025, "Wuhan", "CN", place, null, null, "2025", Source))
            .ThenRejected("invalid-place").Message.ShouldContain("'12 or 13'");

    [Theory]
    [InlineData("2025-13")]
    [InlineData("Sept 2025")]
    public void a_publication_date_in_no_partial_form_is_refused(string publishedOn) =>
        HubsSpec.Given()
            .When(new RecordRankingEntry("GII", 2025, "Wuhan", "CN", "15", null, null, publishedOn, Source))
            .ThenRejected("invalid-partial-date");

    [Fact]
    public void an_edition_published_long_before_its_year_is_refused() =>
        HubsSpec.Given()
            .When(new RecordRankingEntry("GII", 2025, "Wuhan", "CN", "15", null, null, "2020", Source))
            .ThenRejected("published-before-edition");

    [Fact]
    public void a_correction_records_the_new_place_with_its_reason() =>
        HubsSpec.Given(Tokyo)
            .When(new CorrectRankingEntry("GII", 2025, "tokyo-yokohama", "=2", "typed from the wrong column"))
            .Then(new RankingEntryCorrected("gii-2025", "Tokyo–Yokohama", 2, 2, true, "typed from the wrong column"));

    [Fact]
    public void recording_the_place_a_correction_replaced_again_writes_nothing() =>
        HubsSpec.Given(Tokyo, new RankingEntryCorrected("gii-2025", "Tokyo–Yokohama", 1, 1, false, "typed 2 for 1"))
            .When(new RecordRankingEntry("GII", 2025, "Tokyo–Yokohama", "JP", "2", null, null, "2025-10-02", Source))
            .ThenNothing();

    [Fact]
    public void a_correction_needs_a_reason() =>
        HubsSpec.Given(Tokyo)
            .When(new CorrectRankingEntry("GII", 2025, "Tokyo–Yokohama", "3", " "))
            .ThenRejected("required");

    [Fact]
    public void correcting_an_entry_not_recorded_is_refused() =>
        HubsSpec.Given(Tokyo)
            .When(new CorrectRankingEntry("GII", 2025, "Seoul", "5", "typo"))
            .ThenRejected("ranking-entry-not-recorded");

    [Fact]
    public void a_correction_to_the_place_in_force_writes_nothing_as_for_a_figure() =>
        HubsSpec.Given(Tokyo)
            .When(new CorrectRankingEntry("GII", 2025, "Tokyo–Yokohama", "2", "typo"))
            .ThenNothing();

    [Fact]
    public void a_corrected_entry_keeps_the_place_first_recorded()
    {
        var edition = GiiRows.Fold([Tokyo]).Apply(new RankingEntryCorrected("gii-2025", "Tokyo–Yokohama", 3, 3, false, "typo"));
        var entry = edition.Entries["Tokyo-Yokohama"];
        entry.Place.ShouldBe(new RankPlace(3, 3, false));
        entry.CorrectedFrom.ShouldBe(new RankPlace(2, 2, false), "history keeps the place as first recorded");
        entry.CorrectionReason.ShouldBe("typo");
    }
}
