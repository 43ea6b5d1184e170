using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.Storage;
using JasperFx.Events;
using Marten;

namespace Hubs.EventSourcing.Integrity;

/// <summary>
/// The chain hash of one event and the sealing of a stream's new events (<see cref="Chain"/>), as both write paths
/// (Marten's append and the COPY fast path) compute them, so the two can never drift apart; and the one rule for which
/// stored events the library's folds may use.
/// </summary>
/// <remarks>
/// An event is <b>sealed</b> when it carries a non-empty <c>hash</c> header: every event the library appends does, and a
/// plain Marten append does not (its headers are SQL NULL, jsonb <c>null</c>, or an object without the key). Only sealed
/// events of the library's own types on its own streams are ever folded — into state, command decisions, checkpoints,
/// read models, rebuilds and replays; the readers that see every hashed field (<see cref="ChainGate"/>) also drop a sealed
/// event whose hash does not match its chain. Verify reports both (<see cref="BreakKind.UnsealedEvent"/>,
/// <see cref="BreakKind.HashMismatch"/>).
/// </remarks>
internal static class EventSeal
{
    /// <summary>
    /// Seals a stream's new events in order, as both write paths store them: each event's command id, payload (its jsonb
    /// text, UTF-8, in <paramref name="payloads"/>), the seal of the checkpoint stored at its version (if any) and its chain
    /// hash, and the checkpoint document to store.
    /// </summary>
    /// <param name="write">The stream's new events, from its head.</param>
    /// <param name="serializer">The store's serializer (the payload as Marten would write it).</param>
    /// <param name="loader">Renders and seals checkpoint states.</param>
    /// <param name="context">Who, why, which correlation.</param>
    /// <param name="timestamp">The recorded-at of every event.</param>
    /// <param name="payloads">Receives each payload's jsonb text.</param>
    /// <param name="frame">The fields every event of the write shares (<see cref="Frame"/> of the same context and timestamp).</param>
    public static IEnumerable<SealedEvent> Chain(StreamWrite write, ISerializer serializer, StateLoader loader, CommandContext context,
        DateTimeOffset timestamp, PayloadArena payloads, LinkFrame? frame = null)
    {
        frame ??= Frame(context, timestamp);
        var head = write.Head;
        var hash = head.LastHash;
        var checkpoint = 0;
        for (var i = 0; i < write.Events.Count; i++)
        {
            var data = write.Events[i];
            var version = head.Version + i + 1;
            var commandId = write.CommandIds[i].ToString("D");
            // One serialisation: its jsonb text is both what the hash covers and what the COPY stores (jsonb would normalise
            // the serializer's text to the same value).
            var payload = JsonbText.CanonicalizeUtf8(serializer.ToJson(data), payloads);
            // A checkpoint at this version is sealed into the event's hash, so an edited one is refused at load.
            string? stateText = null, seal = "";
            if (checkpoint < write.Checkpoints.Count && write.Checkpoints[checkpoint].Version == version)
            {
                stateText = loader.StateText(write.Checkpoints[checkpoint++].State);
                seal = HashChain.StateSeal(stateText);
            }
            hash = frame.Hash(head.Key, version, EventNames.Of(data.GetType()), commandId, payload.Span, hash, seal);
            yield return new SealedEvent(i, version, commandId, payload, hash, seal,
                stateText is null ? null : loader.ToDocument(head.Key, version, timestamp, hash, stateText));
        }
    }

    /// <summary>The hashed fields a write's events share: recorded-at, actor, reason, source, correlation and causation.</summary>
    public static LinkFrame Frame(CommandContext context, DateTimeOffset timestamp) =>
        new(timestamp, context.Actor, context.Reason, context.Source, context.CorrelationId, context.CausationId ?? "");

    /// <summary>
    /// Whether a stored event is sealed, given its hash header as read (<c>coalesce(headers->>'hash', '')</c>: jsonb's
    /// <c>->></c> gives SQL NULL for a missing key and for headers that are not an object, so every shape reads as "").
    /// </summary>
    public static bool IsSealed(string storedHash) => storedHash.Length > 0;

    /// <summary>
    /// The same rule for an event Marten hands to a projection: its headers (null when the column is SQL NULL or jsonb
    /// <c>null</c>) carry a non-empty <c>hash</c>, and it lies on one of the library's streams.
    /// </summary>
    public static bool Folds(IEvent e) =>
        e.StreamKey is { } key && StoredEventReader.IsOwnedStream(key)
        && e.Headers is { } headers && headers.TryGetValue(HashChain.HashHeader, out var hash) && IsSealed(hash?.ToString() ?? "");
}

/// <summary>One event as sealed by <see cref="EventSeal.Chain"/>: its index in the write, version, command id (D form), payload
/// (jsonb text, UTF-8), chain hash, the checkpoint seal it carries ("" for none) and the checkpoint document stored with it.</summary>
internal readonly record struct SealedEvent(int Index, long Version, string CommandId, ReadOnlyMemory<byte> Payload, string Hash, string CheckpointSeal,
    StateCheckpoint? Checkpoint);
