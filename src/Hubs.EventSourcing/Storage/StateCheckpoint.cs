using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.EventLog;

namespace Hubs.EventSourcing.Storage;

/// <summary>
/// A stream's folded state as of every <see cref="HubsOptions.CheckpointInterval"/>-th version, written in the transaction of
/// the events it folds (a Marten document, <c>mt_doc_hubs_checkpoint</c>). A cache, never a source of truth: it is only used
/// when the stored event at its version still carries <see cref="Hash"/>, and <see cref="HubsAudit.VerifyAsync"/> refolds
/// the stream to check its <see cref="State"/>.
/// </summary>
internal sealed class StateCheckpoint
{
    /// <summary><c>{stream key}@{version}</c>.</summary>
    public string Id { get; set; } = "";
    public string StreamKey { get; set; } = "";
    public long Version { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    /// <summary>The chain hash of the event at <see cref="Version"/>: the anchor that ties the checkpoint to the history.</summary>
    public string Hash { get; set; } = "";
    /// <summary>The state, serialized as Marten serializes documents.</summary>
    public string State { get; set; } = "";
    /// <summary>
    /// The shape of <see cref="State"/> (<see cref="HubsModule.StateVersion"/> when written; absent, thus 1, in 0.1.0's checkpoints).
    /// A checkpoint of another shape is never read: the stream is folded from its events instead.
    /// </summary>
    public int StateVersion { get; set; } = 1;

    /// <summary>SQL condition: the checkpoint row (<c>data</c>) is of the state shape the library folds today for this stream.</summary>
    public static string OfCurrentShape(string streamKey) =>
        $"coalesce((data->>'stateVersion')::int, 1) = {HubsModel.Of(streamKey).StateVersion}";

    public static string IdOf(string streamKey, long version) => $"{streamKey}@{version}";
}

/// <summary>What <see cref="StateLoader"/> read: the state after <see cref="Version"/> (0 and null state when nothing).</summary>
internal sealed record LoadedState(string Key, object? State, long Version, string Hash, DateTimeOffset RecordedAt, long? CheckpointVersion)
{
    /// <summary>A checkpoint found but refused (it does not match what the chain sealed); the state was folded instead.</summary>
    public long? RefusedCheckpointVersion { get; init; }

    /// <summary>Events of the stream the fold did not use (unsealed, or not matching their hash), in version order.</summary>
    public IReadOnlyList<ChainBreak> Skipped { get; init; } = [];

    public StreamHead ToHead() => Version == 0 ? StreamHead.Empty(Key) : new StreamHead(Key, State, Version, Hash, RecordedAt);
}
