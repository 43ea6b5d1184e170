using System.Runtime.CompilerServices;
using Hubs.EventSourcing.Auditing;
using JasperFx.Events;
using Marten;

namespace Hubs.EventSourcing.Tracking;

/// <summary>
/// As-of and as-known-at replays that scale with the read models, not with the log: the events of a report point stream
/// from the reader's single query straight through <see cref="TrackingReplay.Build"/>'s folds, and only the documents are
/// held. The recorded-at cut-off is applied in SQL, the known-at filter event by event.
/// </summary>
internal static class StreamedReplay
{
    /// <summary>The stored events a report point includes, in sequence, each as Marten's event and as the reader's row.</summary>
    public static async IAsyncEnumerable<(IEvent Event, AuditedEvent Row)> EventsAsync(IDocumentStore store, Diagnostics.HubsLog log,
        DateTimeOffset? asOf, DateOnly? knownAt, [EnumeratorCancellation] CancellationToken ct)
    {
        var reader = new StoredEventReader(store, log);
        // The reader skips tombstones and other applications' streams; event types the library does not own are skipped here.
        await foreach (var row in reader.ReadAsync(new Auditing.EventQuery(RecordedAtOrBefore: asOf, OwnedStreamsOnly: true), null, ct).ConfigureAwait(false))
        {
            if (reader.ToEventData(row) is not { } data) continue;
            IEvent e = new Event<object>(data)
            {
                StreamKey = row.StreamKey, Version = row.Version, Sequence = row.Sequence, Timestamp = row.RecordedAt, UserName = row.Actor,
            };
            if (knownAt is { } date && !Includes(e, date)) continue;
            yield return (e, row);
        }
    }

    /// <summary>Whether a report point includes an event (the same rules as the SQL cut-off and the known-at filter).</summary>
    public static bool Includes(IEvent e, ReportPoint point) =>
        (point.AsOf is not { } asOf || e.Timestamp <= asOf) && (point.KnownAt is not { } date || Includes(e, date));

    private static bool Includes(IEvent e, DateOnly knownAt) => TrackingReplay.PublishedOnOrBefore([e], knownAt).Any();

    /// <summary>
    /// Folds the events as they arrive; <paramref name="each"/> sees every event on the way. The folds are synchronous, so
    /// they run on a pool thread pulling from the asynchronous read.
    /// </summary>
    public static Task<TrackingData> BuildAsync(IAsyncEnumerable<(IEvent Event, AuditedEvent Row)> events,
        Action<(IEvent Event, AuditedEvent Row)>? each, CancellationToken ct) =>
        Task.Run(() => TrackingReplay.Build(Tap(events.ToBlockingEnumerable(ct), each)), ct);

    private static IEnumerable<IEvent> Tap(IEnumerable<(IEvent Event, AuditedEvent Row)> events, Action<(IEvent Event, AuditedEvent Row)>? each)
    {
        foreach (var e in events)
        {
            each?.Invoke(e);
            yield return e.Event;
        }
    }
}
