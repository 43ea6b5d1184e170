using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.Storage;
using JasperFx.Events;
using Marten;

namespace Hubs.EventSourcing.Integrity;

/// <summary>
/// The chain hash of one event as both write paths (Marten's append and the COPY fast path) must compute it, so the two
/// can never drift apart; and the one rule for which stored events the library's folds may use.
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
    public static string Hash(ISerializer serializer, string streamKey, long version, object data, DateTimeOffset timestamp,
        CommandContext context, string commandId, string previousHash, string checkpointSeal) =>
        Hash(streamKey, version, data, timestamp, context, commandId, serializer.ToJson(data), previousHash, checkpointSeal);

    // checkpointSeal: the HashChain.StateSeal of the checkpoint stored at this version, or "".
    public static string Hash(string streamKey, long version, object data, DateTimeOffset timestamp, CommandContext context,
        string commandId, string json, string previousHash, string checkpointSeal) =>
        HashChain.Compute(new ChainLink(streamKey, version, EventNames.Of(data.GetType()), timestamp, context.Actor, context.Reason,
            context.Source, commandId, context.CorrelationId, context.CausationId ?? "", JsonbText.Canonicalize(json), previousHash,
            checkpointSeal));

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
