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
    // checkpointSeal: the HashChain.StateSeal of the checkpoint stored at this version, or "".
    public static string Hash(string streamKey, long version, object data, DateTimeOffset timestamp, CommandContext context,
        string commandId, string json, string previousHash, string checkpointSeal) =>
        HashChain.Compute(new ChainLink(streamKey, version, EventNames.Of(data.GetType()), timestamp, context.Actor, context.Reason,
            context.Source, commandId, context.CorrelationId, context.CausationId ?? "", JsonbText.Canonicalize(json), previousHash,
            checkpointSeal));

    /// <summary>
    /// Seals a stream's new events in order, as both write paths store them: each event's command id, payload JSON, the
    /// seal of the checkpoint stored at its version (if any) and its chain hash, and the checkpoint document to store.
    /// </summary>
    public static IEnumerable<SealedEvent> Chain(StreamWrite write, ISerializer serializer, StateLoader loader, CommandContext context,
        DateTimeOffset timestamp)
    {
        var head = write.Head;
        var hash = head.LastHash;
        var checkpoint = 0;
        for (var i = 0; i < write.Events.Count; i++)
        {
            var data = write.Events[i];
            var version = head.Version + i + 1;
            var commandId = write.CommandIds[i].ToString("D");
            var json = serializer.ToJson(data);
            // A checkpoint at this version is sealed into the event's hash, so an edited one is refused at load.
            string? stateText = null, seal = "";
            if (checkpoint < write.Checkpoints.Count && write.Checkpoints[checkpoint].Version == version)
            {
                stateText = loader.StateText(write.Checkpoints[checkpoint++].State);
                seal = HashChain.StateSeal(stateText);
            }
            hash = Hash(head.Key, version, data, timestamp, context, commandId, json, hash, seal);
            yield return new SealedEvent(i, version, commandId, json, hash, seal,
                stateText is null ? null : loader.ToDocument(head.Key, version, timestamp, hash, stateText));
        }
    }

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
/// JSON, chain hash, the checkpoint seal it carries ("" for none) and the checkpoint document stored with it.</summary>
internal readonly record struct SealedEvent(int Index, long Version, string CommandId, string Json, string Hash, string CheckpointSeal,
    StateCheckpoint? Checkpoint);
