using Hubs.EventSourcing.Publications;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Testing;
using Hubs.EventSourcing.Tracking;
using JasperFx.Events;

namespace Hubs.EventSourcing.Tests.Publications;

/// <summary>
/// Corrections are not revisions: a recording error is fixed in the publication it was made in. Real rows: Beijing 2022 from
/// NBS's communiqué of 2023-09-18 (6.83 %, 2,843.3 CNY 100m; shared/data/rd-intensity-2019-2022.csv) recorded with a typo,
/// and Hong Kong 2022 from C&amp;SD's undated series (1.07 %).
/// </summary>
public sealed class CorrectionTests
{
    private static readonly RegionRegistered Beijing = new("beijing", "Beijing", RegionKind.Municipality);
    private const string Communique = "NBS 2022 Statistical Communique on National Expenditure on Science and Technology, annex table 2";
    private const string Typo = "typed 6.38 for 6.83 from annex table 2";

    private static RdFigurePublished NbsTyped =>
        new("beijing", 2022, 6.38m, 2843.3m, "CNY 100m", "2023-09-18", "NBS", Communique, PublicationQuality.Official);

    private static CorrectRdFigure Fix(decimal pct = 6.83m, string reason = Typo) => new("beijing", 2022, pct, null, null, reason);

    [Fact]
    public void a_correction_names_the_publication_it_corrects_and_the_figure_it_replaces() =>
        HubsSpec.Given(Beijing, NbsTyped).When(Fix())
            .Then(new RdFigureCorrected("beijing", 2022, 6.83m, 2843.3m, "CNY 100m", Typo, "2023-09-18", 6.38m));

    [Fact]
    public void the_corrected_figure_keeps_its_publication_quality_and_is_marked()
    {
        var figure = HubsSpec.Given(Beijing, NbsTyped).When(Fix()).ThenState<Region>().Figures[2022];

        (figure.IntensityPct, figure.PublishedOn, figure.Quality, figure.Correction)
            .ShouldBe((6.83m, new DateOnly(2023, 9, 18), PublicationQuality.Official, Typo));
    }

    [Fact]
    public void correcting_to_the_figure_in_use_writes_nothing() =>
        HubsSpec.Given(Beijing, NbsTyped).When(Fix(6.38m)).ThenNothing();

    [Fact]
    public void a_correction_without_a_reason_is_refused_naming_the_field() =>
        HubsSpec.Given(Beijing, NbsTyped).When(Fix(reason: " ")).ThenRejected("required").Message.ShouldContain("Reason");

    [Fact]
    public void a_year_without_a_figure_cannot_be_corrected() =>
        HubsSpec.Given(Beijing).When(Fix()).ThenRejected("year-not-reported");

    [Fact]
    public void re_recording_the_mistyped_publication_after_its_correction_writes_nothing_and_keeps_the_correction() =>
        HubsSpec.Given(Beijing, NbsTyped, new RdFigureCorrected("beijing", 2022, 6.83m, 2843.3m, "CNY 100m", Typo, "2023-09-18", 6.38m))
            .When(new RecordRdPublication("beijing", 2022, 6.38m, 2843.3m, "CNY 100m", "2023-09-18", "NBS", Communique, PublicationQuality.Official))
            .ThenNothing();

    [Fact]
    public void reporting_the_mistyped_figure_again_after_its_correction_writes_nothing() =>
        HubsSpec.Given(Beijing, new RdIntensityReported("beijing", 2022, 6.38m, null, null, new DateOnly(2023, 9, 18), "NBS"),
                new RdFigureCorrected("beijing", 2022, 6.83m, null, null, Typo, "2023-09-18", 6.38m))
            .When(new ReviseRdIntensity("beijing", 2022, 6.38m, null, null, new DateOnly(2023, 9, 18), "NBS", "re-import"))
            .ThenNothing();

    [Fact]
    public void an_undated_figure_can_be_corrected() =>
        HubsSpec.Given(new RegionRegistered("hong-kong", "Hong Kong", RegionKind.SpecialAdministrativeRegion),
                new RdFigurePublished("hong-kong", 2022, 1.7m, null, null, "unknown", "C&SD", "Statistics on innovation activities for 2022",
                    PublicationQuality.Official))
            .When(new CorrectRdFigure("hong-kong", 2022, 1.07m, null, null, "the press release's 1.07 was keyed as 1.7"))
            .Then(new RdFigureCorrected("hong-kong", 2022, 1.07m, null, null, "the press release's 1.07 was keyed as 1.7", "unknown", 1.7m));

    [Fact]
    public void known_at_any_date_from_the_original_publication_the_report_shows_the_corrected_figure_and_marks_it()
    {
        var clock = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var events = new List<IEvent>();
        foreach (var data in new object[] { Beijing, NbsTyped, new RdFigureCorrected("beijing", 2022, 6.83m, 2843.3m, "CNY 100m", Typo, "2023-09-18", 6.38m) })
            events.Add(new Event<object>(data) { StreamKey = Keys.Region("beijing"), Timestamp = clock = clock.AddDays(1), Sequence = events.Count + 1 });

        TrackingViews KnownAt(DateOnly day) => new(TrackingReplay.Build(TrackingReplay.PublishedOnOrBefore(events, day)));
        var atPublication = KnownAt(new DateOnly(2023, 9, 18)).Tracker("beijing")!.RdIntensity.Single();
        var asRecordedBeforeTheFix = new TrackingViews(TrackingReplay.Build(events.Take(2))).Tracker("beijing")!.RdIntensity.Single();

        (atPublication.Value, atPublication.Correction, atPublication.Revisions).ShouldBe((6.83m, Typo, 0), "a correction is no revision");
        KnownAt(new DateOnly(2023, 9, 17)).Tracker("beijing")!.RdIntensity.ShouldBeEmpty("not published yet");
        (asRecordedBeforeTheFix.Value, asRecordedBeforeTheFix.Correction).ShouldBe((6.38m, (string?)null), "history keeps what was recorded then");
    }
}
