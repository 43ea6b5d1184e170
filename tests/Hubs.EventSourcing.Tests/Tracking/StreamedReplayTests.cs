using System.Text.Json;
using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Enterprises;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Tracking;
using JasperFx.Events;

namespace Hubs.EventSourcing.Tests.Tracking;

/// <summary>
/// The streamed replay folds the events stream after stream (as the reader gives them for a report) and lets each region's
/// years go as its stream ends; its report must be the report of the same events replayed in sequence.
/// </summary>
public sealed class StreamedReplayTests
{
    private readonly List<IEvent> _events = [];
    private DateTimeOffset _clock = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private void Given(string streamKey, object data)
    {
        _clock = _clock.AddMinutes(1);
        _events.Add(new Event<object>(data) { StreamKey = streamKey, Timestamp = _clock, Sequence = _events.Count + 1, Version = _events.Count(e => e.StreamKey == streamKey) + 1 });
    }

    /// <summary>Two regions reporting year after year in turn, a revision, a cluster they join, targets, an enterprise.</summary>
    private void InterleavedHistory()
    {
        Given(Keys.Cluster("c"), new ClusterEstablished("c", "C", "City", ClusterScope.Regional, new DateOnly(2020, 1, 1)));
        foreach (var id in new[] { "a", "b" })
            Given(Keys.Region(id), new RegionRegistered(id, id.ToUpperInvariant(), RegionKind.Province));
        for (var year = 2015; year <= 2024; year++)
            foreach (var (id, pct) in new[] { ("a", 2.0m), ("b", 3.0m) })
                Given(Keys.Region(id), new RdIntensityReported(id, year, pct + (year - 2015) * 0.1m, 100m + year - 2015, "CNY 100m",
                    new DateOnly(year + 1, 8, 27), year % 2 == 0 ? "NBS statistical communique" : "provincial bulletin"));
        Given(Keys.Region("a"), new RdIntensityRevised("a", 2020, 2.75m, 106m, "CNY 100m", new DateOnly(2023, 9, 1), "NBS census", "census", 2.5m));
        foreach (var id in new[] { "a", "b" })
        {
            Given(Keys.Cluster("c"), new RegionJoinedCluster("c", id, new DateOnly(2021, 1, 1)));
            Given(Keys.Region(id), new RegionAssignedToCluster(id, "c", new DateOnly(2021, 1, 1)));
        }
        Given(Keys.Region("b"), new RegionTargetSet("b", TargetMetric.RdIntensity, 4.5m, 2035));
        Given(Keys.Cluster("c"), new ClusterTargetSet("c", TargetMetric.RdIntensity, null, 3.5m, 2030));
        Given(Keys.Enterprise("e"), new EnterpriseRegistered("e", "E", "City", "a"));
        Given(Keys.Enterprise("e"), new BranchOpened("e", "b", "Other City", new DateOnly(2024, 1, 1)));
    }

    private static string Report(TrackingData data) => JsonSerializer.Serialize(new TrackingViews(data).Report());

    [Fact]
    public void a_replay_stream_after_stream_reports_exactly_what_the_replay_in_sequence_reports()
    {
        InterleavedHistory();
        var inSequence = Report(TrackingReplay.Build(_events));

        var byStream = _events.OrderBy(e => e.StreamKey, StringComparer.Ordinal).ThenBy(e => e.Version).ToList();
        var streamed = StreamedReplay.Build(byStream);

        Report(streamed).ShouldBe(inSequence, "the same report, whatever the order of the streams");
        streamed.Regions.ShouldAllBe(r => r.Years.Count == 0, "each region's years are let go once its series is taken");
        inSequence.ShouldContain("2.75", customMessage: "the revision is in the report");
    }

    [Fact]
    public void a_replay_that_meets_a_stream_twice_is_refused_rather_than_reporting_half_of_it()
    {
        InterleavedHistory();

        // In sequence, the regions' events alternate: the streamed fold would split them.
        Should.Throw<InvalidOperationException>(() => StreamedReplay.Build(_events)).Message.ShouldContain("twice");
    }
}
