using System.Runtime.CompilerServices;
using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.Regions;
using JasperFx.Events;
using Marten;

namespace Hubs.EventSourcing.Tracking;

/// <summary>
/// As-of and as-known-at replays that scale with the report, not with the log: the events of a report point stream from
/// the reader's single query, stream after stream, through the modules' read-model folds (each
/// document is a fold of its own stream, so the order of the streams changes nothing). A stream's document is finished when
/// the next stream begins: a region's current series is taken then and its years let go, so only the report's figures are
/// held. The recorded-at cut-off is applied in SQL, the known-at filter event by event.
/// </summary>
internal static class StreamedReplay
{
    /// <summary>
    /// The stored events a report point includes, stream after stream, each as Marten's event and as the reader's row. Events a
    /// fold may not use (<see cref="ChainGate"/>: unsealed, or not matching their hash) are left out and added to
    /// <paramref name="skipped"/>.
    /// </summary>
    public static async IAsyncEnumerable<(IEvent Event, AuditedEvent Row)> EventsAsync(IDocumentStore store, Diagnostics.HubsLog log,
        DateTimeOffset? asOf, DateOnly? knownAt, ICollection<ChainBreak> skipped, [EnumeratorCancellation] CancellationToken ct,
        ISet<string>? publishedLater = null)
    {
        var reader = new StoredEventReader(store, log);
        // The reader skips tombstones and other applications' streams; event types the library does not own are skipped here.
        var query = new Auditing.EventQuery(RecordedAtOrBefore: asOf, OwnedStreamsOnly: true, ByStream: true);
        var gate = new ChainGate();
        string? stream = null;
        await foreach (var row in reader.ReadAsync(query, null, ct).ConfigureAwait(false))
        {
            // Stream after stream, each from version 1 (the cut-off keeps a prefix of every stream): its chain is checked as it comes.
            if (!string.Equals(row.StreamKey, stream, StringComparison.Ordinal)) (stream, gate) = (row.StreamKey, new ChainGate());
            var data = reader.ToFoldableData(row, gate, out var refused);
            if (refused is not null) skipped.Add(refused);
            if (data is null) continue;
            IEvent e = new Event<object>(data)
            {
                StreamKey = row.StreamKey, Version = row.Version, Sequence = row.Sequence, Timestamp = row.RecordedAt, UserName = row.Actor,
            };
            if (knownAt is { } date && !Includes(e, date))
            {
                publishedLater?.Add(row.StreamKey);
                continue;
            }
            yield return (e, row);
        }
    }

    /// <summary>Whether a report point includes an event (the same rules as the SQL cut-off and the known-at filter).</summary>
    public static bool Includes(IEvent e, ReportPoint point) =>
        (point.AsOf is not { } asOf || e.Timestamp <= asOf) && (point.KnownAt is not { } date || Includes(e, date));

    private static bool Includes(IEvent e, DateOnly knownAt) => TrackingReplay.Includes(e, knownAt);

    /// <summary>
    /// Folds the events as they arrive; <paramref name="each"/> sees every event on the way. The folds are synchronous, so
    /// they run on a pool thread pulling from the asynchronous read.
    /// </summary>
    public static Task<TrackingData> BuildAsync(IAsyncEnumerable<(IEvent Event, AuditedEvent Row)> events,
        Action<(IEvent Event, AuditedEvent Row)>? each, CancellationToken ct) =>
        Task.Run(() => Build(Tap(events.ToBlockingEnumerable(ct), each)), ct);

    /// <summary>
    /// The one in-memory fold of the read models, for events given stream after stream (<see cref="TrackingReplay.Build"/> groups
    /// events in recorded order): each region's current series is taken when its stream ends and the document keeps no years.
    /// </summary>
    internal static TrackingData Build(IEnumerable<IEvent> byStream)
    {
        var docs = new List<object>();
        var series = new Dictionary<string, IReadOnlyDictionary<int, RegionYear>>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? stream = null;
        TrackingDeclaration? tracking = null;
        object? doc = null;
        void Finish()
        {
            if (doc is RegionTrack region)
            {
                series[region.RegionId] = RevisionRules.Current(region.Years);
                region.Years = [];
            }
            if (doc is not null) docs.Add(doc);
            doc = null;
        }

        foreach (var e in byStream)
        {
            if (!string.Equals(e.StreamKey, stream, StringComparison.Ordinal))
            {
                Finish();
                stream = e.StreamKey ?? "";
                // Stream after stream, or the documents would be split: refuse rather than report half a stream.
                if (!seen.Add(stream)) throw new InvalidOperationException($"The replay met stream {stream} twice: its events must come together.");
                tracking = HubsModel.TryOf(stream)?.Tracking;
            }
            // The one rule, as in the projection: a fold that returns nothing leaves the document as it was.
            if (tracking is not null) doc = tracking.Fold(doc, e) ?? doc;
        }
        Finish();
        return new TrackingData(docs, series);
    }

    private static IEnumerable<IEvent> Tap(IEnumerable<(IEvent Event, AuditedEvent Row)> events, Action<(IEvent Event, AuditedEvent Row)>? each)
    {
        foreach (var e in events)
        {
            each?.Invoke(e);
            yield return e.Event;
        }
    }
}
