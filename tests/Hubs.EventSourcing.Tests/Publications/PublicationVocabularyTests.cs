using Hubs.EventSourcing.Publications;

namespace Hubs.EventSourcing.Tests.Publications;

public sealed class PublicationVocabularyTests
{
    [Theory]
    [InlineData("2025-09-29", "2025-09-29", "2025-09-29")]
    [InlineData("2026-01 (reported 2026-01-09)", "2026-01", "2026-01-31")]
    [InlineData("2024 (yearbook edition year; day not stated in source)", "2024", "2024-12-31")]
    [InlineData("2025-10-02 (ranking released 2025-09-01)", "2025-10-02", "2025-10-02")]
    [InlineData("unknown, known by 2025-01-01", "unknown, known by 2025-01-01", "2025-01-01")]
    public void a_publication_date_is_read_as_precisely_as_the_source_gives_it(string text, string canonical, string knownBy)
    {
        var date = PublicationDate.Parse(text);
        date.ToString().ShouldBe(canonical);
        date.KnownBy.ShouldBe(DateOnly.Parse(knownBy, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("unknown")]
    [InlineData("n/a (computed)")]
    public void an_unknown_date_without_a_bound_has_none(string text) =>
        PublicationDate.Parse(text).KnownBy.ShouldBeNull();

    [Fact]
    public void a_date_in_no_known_form_is_refused_naming_it() =>
        Should.Throw<FormatException>(() => PublicationDate.Parse("last autumn")).Message.ShouldContain("'last autumn'");

    [Theory]
    [InlineData("official", PublicationQuality.Official)]
    [InlineData("official-table-copy (CNKI download of the yearbook table)", PublicationQuality.OfficialTableCopy)]
    [InlineData("secondary copy of official bulletin", PublicationQuality.Secondary)]
    [InlineData("low-quality secondary", PublicationQuality.Secondary)]
    [InlineData("third-party count, NOT an official statistic", PublicationQuality.ThirdParty)]
    [InlineData("derived (ratio of two published values; not itself a published figure)", PublicationQuality.Derived)]
    [InlineData("UNSURE", PublicationQuality.Uncertain)]
    [InlineData("preliminary", PublicationQuality.Preliminary)]
    public void a_status_from_the_data_files_reads_as_its_quality(string status, PublicationQuality expected)
    {
        PublicationQualities.TryParse(status, out var quality).ShouldBeTrue();
        quality.ShouldBe(expected);
    }

    [Fact]
    public void a_status_with_no_quality_word_is_not_read() =>
        PublicationQualities.TryParse("qualitative goal", out _).ShouldBeFalse();
}
