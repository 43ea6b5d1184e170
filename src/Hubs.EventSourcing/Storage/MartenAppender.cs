using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.Integrity;
using Marten;

namespace Hubs.EventSourcing.Storage;

/// <summary>
/// The ordinary write path: appends a <see cref="UnitOfWork"/>'s events through Marten, each with its recorded-at, reason,
/// source, command id, checkpoint seal and chain hash, plus the checkpoints and the processed-command row (signing the heads when a key is set), in one
/// <c>SaveChangesAsync</c> (every stream at its expected version, or none). Large units go to <see cref="BulkWriter"/>
/// instead; the rows are identical.
/// </summary>
internal sealed class MartenAppender(IDocumentStore store, ISerializer serializer, StateLoader loader, HeadSigner? signer = null,
    Diagnostics.HubsLog? log = null)
{
    public async Task<List<StreamHead>> AppendAsync(IReadOnlyList<StreamWrite> writes, CommandContext context, DateTimeOffset timestamp,
        ProcessedCommand processed, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        // A lost race is expected and handled by the caller: not an error in the application's logs.
        HandledRaceLogger.Install(session, log ?? Diagnostics.HubsLog.Silent);
        session.CorrelationId = context.CorrelationId;
        session.CausationId = context.CausationId;
        session.LastModifiedBy = context.Actor;

        var written = new List<StreamHead>(writes.Count);
        // The payloads' jsonb text is only hashed here (Marten serialises the events itself).
        using var payloads = new PayloadArena();
        var frame = EventSeal.Frame(context, timestamp);
        foreach (var write in writes)
        {
            var head = write.Head;
            var events = write.Events.ToArray();
            var action = head.Version == 0
                ? session.Events.StartStream(HubsModel.Of(head.Key).StateType, head.Key, events)
                : session.Events.Append(head.Key, head.Version + events.Length, events);

            var hash = head.LastHash;
            foreach (var link in EventSeal.Chain(write, serializer, loader, context, timestamp, payloads, frame))
            {
                var e = action.Events[link.Index];
                e.Timestamp = timestamp;
                e.SetHeader(HashChain.ReasonHeader, context.Reason);
                e.SetHeader(HashChain.SourceHeader, context.Source);
                e.SetHeader(HashChain.CommandIdHeader, link.CommandId);
                e.SetHeader(HashChain.HashHeader, link.Hash);
                if (link.Checkpoint is { } checkpoint)
                {
                    e.SetHeader(HashChain.CheckpointHeader, link.CheckpointSeal);
                    session.Store(checkpoint);
                }
                hash = link.Hash;
            }
            written.Add(new StreamHead(head.Key, write.State, head.Version + events.Length, hash, timestamp) { Signed = signer is not null });
        }

        session.Insert(signer is null ? processed : signer.Sign(processed, writes.Select((w, i) => SignedRange.Of(w.Head, written[i]))));
        await session.SaveChangesAsync(ct).ConfigureAwait(false);
        return written;
    }
}
