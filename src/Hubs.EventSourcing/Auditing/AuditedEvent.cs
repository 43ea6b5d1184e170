using Hubs.EventSourcing.Integrity;

namespace Hubs.EventSourcing.Auditing;

/// <summary>
/// One stored event with everything an auditor needs to attribute it and check its hash (see docs/auditing.md).
/// Values are exactly as stored; absent metadata reads as an empty string, as it is hashed.
/// </summary>
/// <param name="StreamKey">The stream, e.g. <c>region:beijing</c>.</param>
/// <param name="Version">Position in the stream, from 1.</param>
/// <param name="Sequence">Global sequence number across all streams (Marten's <c>seq_id</c>).</param>
/// <param name="EventType">Stable stored name, e.g. <c>rd_intensity_revised</c>.</param>
/// <param name="RecordedAt">When the library recorded the event (UTC, microseconds); assigned before the append and hashed.</param>
/// <param name="Actor">Who sent the command.</param>
/// <param name="Reason">Why.</param>
/// <param name="Source">Provenance of the facts.</param>
/// <param name="CommandId">The command that produced the event.</param>
/// <param name="CorrelationId">The business operation the command belonged to.</param>
/// <param name="CausationId">What caused the command, or empty.</param>
/// <param name="Payload">The event's data exactly as PostgreSQL prints the stored jsonb (<c>data::text</c>): the text the hash covers.</param>
/// <param name="Hash">The stored hash chaining this event to the previous event of its stream.</param>
public sealed record AuditedEvent(
    string StreamKey, long Version, long Sequence, string EventType, DateTimeOffset RecordedAt, string Actor, string Reason,
    string Source, string CommandId, string CorrelationId, string CausationId, string Payload, string Hash)
{
    /// <summary>
    /// Which version of its event the stored payload is: 1 for <c>name</c>, N for <c>name_vN</c> (docs/versioning.md). Readers
    /// upcast older versions to today's event; the payload here is always the stored one.
    /// </summary>
    public int EventVersion => Storage.EventNames.Parse(EventType).Version;

    /// <summary>The stored name without its version suffix (<c>region_registered</c> for <c>region_registered_v2</c>): the same for every version.</summary>
    public string BaseEventType => Storage.EventNames.Parse(EventType).BaseName;

    /// <summary>Recorded-at in the exact form hashed and exported: <c>2026-01-14T08:00:00.000000Z</c>.</summary>
    public string RecordedAtText => HashChain.FormatTimestamp(RecordedAt);

    /// <summary>
    /// On the event a state checkpoint stands on, the SHA-256 of the checkpoint's state text (<c>headers->>'checkpoint'</c>),
    /// covered by <see cref="Hash"/>; empty on every other event.
    /// </summary>
    public string CheckpointSeal { get; init; } = "";

    /// <summary>The hash this event should carry given the previous event's hash ("" for version 1).</summary>
    internal string ComputeHash(string previousHash) => HashChain.Compute(new ChainLink(StreamKey, Version, EventType, RecordedAt,
        Actor, Reason, Source, CommandId, CorrelationId, CausationId, Payload, previousHash, CheckpointSeal));
}

/// <summary>An aggregate's state at a point of its stream, with the event it stands on.</summary>
/// <param name="StreamKey">The stream.</param>
/// <param name="Version">Version of the last event folded.</param>
/// <param name="RecordedAt">Recorded-at of that event.</param>
/// <param name="Hash">Stored hash of that event: ties the state to the verified chain.</param>
/// <param name="State">The folded state (<c>Cluster</c>, <c>Region</c> or <c>Enterprise</c>).</param>
public sealed record AuditedState(string StreamKey, long Version, DateTimeOffset RecordedAt, string Hash, object State)
{
    /// <summary>The version of the checkpoint the fold started from, or null when every event from version 1 was folded.</summary>
    public long? CheckpointVersion { get; init; }

    /// <summary>
    /// A checkpoint that was found but not used because it does not match what the chain sealed at its version (edited,
    /// or its history rewritten): the state was folded from the events instead. Null when none was refused.
    /// <see cref="HubsAudit.VerifyAsync"/> reports such a checkpoint as <see cref="BreakKind.CheckpointMismatch"/>.
    /// </summary>
    public long? RefusedCheckpointVersion { get; init; }

    /// <summary>
    /// Events of the stream up to the point that the fold did not use: appended without the library
    /// (<see cref="BreakKind.UnsealedEvent"/>) or changed after they were sealed (<see cref="BreakKind.HashMismatch"/>), in
    /// version order; <see cref="HubsAudit.VerifyAsync"/> reports the same events. Empty when every event was used.
    /// </summary>
    public IReadOnlyList<ChainBreak> SkippedEvents { get; init; } = [];
}
