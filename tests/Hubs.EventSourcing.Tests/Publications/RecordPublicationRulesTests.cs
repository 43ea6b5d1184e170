using Hubs.EventSourcing.Publications;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Testing;

namespace Hubs.EventSourcing.Tests.Publications;

public sealed class RecordPublicationRulesTests
{
    private static readonly RegionRegistered Beijing = new("beijing", "Beijing", RegionKind.Municipality);
    private const string Communique = "NBS 2022 Statistical Communique on National Expenditure on Science and Technology, annex table 2";

    private static RecordRdPublication Nbs(decimal? exp = 2843.3m, string unit = "CNY 100m", string date = "2023-09-18") =>
        new("beijing", 2022, 6.83m, exp, unit, date, "NBS", Communique, PublicationQuality.Official);

    private static RdFigurePublished NbsRecorded =>
        new("beijing", 2022, 6.83m, 2843.3m, "CNY 100m", "2023-09-18", "NBS", Communique, PublicationQuality.Official);

    [Fact]
    public void a_publication_is_recorded_with_its_publisher_document_and_quality() =>
        HubsSpec.Given(Beijing).When(Nbs()).Then(NbsRecorded);

    [Fact]
    public void an_earlier_publication_recorded_after_a_later_quote_is_recorded_not_refused() =>
        HubsSpec.Given(Beijing, new RdFigurePublished("beijing", 2022, 6.83m, null, null, "2026-01-14", "Xinhua", "Xinhua 2026-01-14",
                PublicationQuality.Secondary))
            .When(Nbs())
            .Then(NbsRecorded);

    [Fact]
    public void the_same_figure_in_another_unit_on_the_same_date_is_already_recorded() =>
        HubsSpec.Given(Beijing, NbsRecorded).When(Nbs(284.33m, "CNY bn")).ThenNothing();

    [Fact]
    public void an_annotated_date_is_the_same_date_as_its_plain_form() =>
        HubsSpec.Given(Beijing, NbsRecorded with { PublicationDate = "2023" })
            .When(Nbs(date: "2023 (yearbook edition year; day not stated in source)")).ThenNothing();

    [Fact]
    public void a_publication_date_in_no_known_form_is_refused_naming_it() =>
        HubsSpec.Given(Beijing).When(Nbs(date: "autumn")).ThenRejected("unknown-publication-date").Message.ShouldContain("'autumn'");

    [Fact]
    public void a_publication_for_an_unregistered_region_is_refused() =>
        HubsSpec.Given().When(Nbs()).ThenRejected("region-not-registered");
}
