using Hubs.EventSourcing.Auditing;
using Marten;

namespace Hubs.EventSourcing.Storage;

/// <summary>
/// The chain hash of one event as both write paths (Marten's append and the COPY fast path) must compute it, so the two
/// can never drift apart.
/// </summary>
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
}
