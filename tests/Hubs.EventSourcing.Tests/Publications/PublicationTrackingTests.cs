using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.ExchangeRates;
using Hubs.EventSourcing.Publications;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Tracking;
using JasperFx.Events;

namespace Hubs.EventSourcing.Tests.Publications;

/// <summary>
/// Publications recorded out of order, through the in-memory replay the report uses. The rows are real
/// (shared/data/rd-intensity-2019-2022.csv, hong-kong-rd-2019-2022.csv, hkd-cny-annual-average-2015-2024.csv) except one:
/// the pack holds no provincial NBS 2024 communiqué row, so the case (Xinhua's 2026-01-14 quote recorded first,
/// NBS's earlier communiqué with the expenditure after) is played on Guangdong 2022, with a stand-in quote of NBS's figure
/// dated as Xinhua's article.
/// </summary>
public sealed class PublicationTrackingTests
{
    private readonly List<IEvent> _events = [];
    private DateTimeOffset _clock = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private void Given(string streamKey, object data)
    {
        _clock = _clock.AddMinutes(1);
        _events.Add(new Event<object>(data) { StreamKey = streamKey, Timestamp = _clock, Sequence = _events.Count + 1, UserName = "analyst:test" });
    }

    private void GreaterBayArea()
    {
        Given(Keys.Cluster("gba"), new ClusterEstablished("gba", "Greater Bay Area", "Shenzhen", ClusterScope.Regional, new DateOnly(2019, 2, 18)));
        foreach (var (id, kind) in new[] { ("guangdong", RegionKind.Province), ("hong-kong", RegionKind.SpecialAdministrativeRegion) })
        {
            Given(Keys.Region(id), new RegionRegistered(id, id, kind));
            Given(Keys.Cluster("gba"), new RegionJoinedCluster("gba", id, new DateOnly(2019, 2, 18)));
            Given(Keys.Region(id), new RegionAssignedToCluster(id, "gba", new DateOnly(2019, 2, 18)));
        }
        // C&SD's series carries no publication date: known from the day it is recorded.
        Given(Keys.Region("hong-kong"), new RdFigurePublished("hong-kong", 2022, 1.07m, 30138m, "HKD m", "unknown", "C&SD",
            "HKSAR press release, Statistics on innovation activities for 2022", PublicationQuality.Official));
        Given(Keys.ExchangeRate("HKD"), new ExchangeRateRecorded("HKD", 2022, 0.8589m, null, "indicative"));
    }

    private void XinhuaQuoteThenNbs()
    {
        Given(Keys.Region("guangdong"), new RdFigurePublished("guangdong", 2022, 3.42m, null, null, "2026-01-14", "Xinhua",
            "Xinhua 2026-01-14 (stand-in quote)", PublicationQuality.Secondary));
        Given(Keys.Region("guangdong"), new RdFigurePublished("guangdong", 2022, 3.42m, 4411.9m, "CNY 100m", "2023-09-18", "NBS",
            "NBS 2022 Statistical Communique on National Expenditure on Science and Technology, annex table 2", PublicationQuality.Official));
    }

    private TrackingViews KnownAt(DateOnly? d) =>
        new(TrackingReplay.Build(d is { } day ? TrackingReplay.PublishedOnOrBefore(_events, day) : _events));

    [Fact]
    public void an_earlier_official_publication_recorded_after_a_later_quote_lends_the_quote_its_expenditure_and_weights_the_composite()
    {
        GreaterBayArea();
        XinhuaQuoteThenNbs();

        var guangdong = KnownAt(new DateOnly(2026, 1, 14)).Tracker("guangdong")!.RdIntensity.Single();
        (guangdong.Value, guangdong.Expenditure, guangdong.Source).ShouldBe((3.42m, 4411.9m, "Xinhua, Xinhua 2026-01-14 (stand-in quote)"));
        guangdong.ExpenditureFrom.ShouldStartWith("NBS", customMessage: "the expenditure names the publication it came from");
        KnownAt(new DateOnly(2026, 1, 14)).Scorecard("gba")!.RdIntensity.Single().Method.ShouldBe(CompositeMethod.Weighted);
        KnownAt(null).Scorecard("gba")!.RdIntensity.Single().Method.ShouldBe(CompositeMethod.Weighted);
    }

    [Fact]
    public void known_at_the_official_publication_day_the_official_figure_is_in_use()
    {
        GreaterBayArea();
        XinhuaQuoteThenNbs();

        var guangdong = KnownAt(new DateOnly(2023, 9, 18)).Tracker("guangdong")!.RdIntensity.Single();
        (guangdong.Expenditure, guangdong.PublishedOn, guangdong.ExpenditureFrom).ShouldBe((4411.9m, new DateOnly(2023, 9, 18), (string?)null));
    }

    [Fact]
    public void a_quote_alone_leaves_the_composite_unweighted()
    {
        GreaterBayArea();
        Given(Keys.Region("guangdong"), new RdFigurePublished("guangdong", 2022, 3.42m, null, null, "2026-01-14", "Xinhua",
            "Xinhua 2026-01-14 (stand-in quote)", PublicationQuality.Secondary));

        KnownAt(null).Scorecard("gba")!.RdIntensity.Single().Method.ShouldNotBe(CompositeMethod.Weighted);
    }
}
