namespace Hubs.EventSourcing;

/// <summary>
/// Who sends a command, why, on what evidence, and how it relates to other commands. Stored with every event
/// the command produces and covered by the event's hash, so each change is attributable.
/// </summary>
/// <param name="Actor">Who: a person or system, e.g. <c>analyst:wang</c> or <c>import:nbs-2024</c>.</param>
/// <param name="Reason">Why the change is made.</param>
/// <param name="Source">Provenance of the facts, e.g. <c>Xinhua 2026-01-14</c>.</param>
/// <param name="CommandId">
/// Idempotency key: re-sending the same command with an id already applied is a no-op (<see cref="CommandOutcome.AlreadyApplied"/>);
/// sending a different command with it is rejected (<c>command-id-reused</c>).
/// </param>
/// <param name="CorrelationId">Groups the commands of one business operation (e.g. one import).</param>
public sealed record CommandContext(string Actor, string Reason, string Source, Guid CommandId, string CorrelationId)
{
    /// <summary>The command (or event) that caused this one, if any.</summary>
    public string? CausationId { get; init; }

    /// <summary>
    /// Optimistic concurrency: the version of the command's stream <em>before</em> the command, as the caller last saw it
    /// (0 for a stream that should not exist yet). For a two-stream command (join, leave) it guards the first stream, the
    /// cluster's. When set, a different current version raises <see cref="HubsConcurrencyException"/> instead of
    /// re-deciding; when null, the library re-reads and re-decides a bounded number of times. Note that Marten's own
    /// <c>Append(key, expectedVersion, …)</c> means the version <em>after</em> the append.
    /// </summary>
    public long? ExpectedVersion { get; init; }

    /// <summary>A context with a new command id and a correlation id equal to it.</summary>
    public static CommandContext New(string actor, string reason, string source)
    {
        var id = Guid.NewGuid();
        return new CommandContext(actor, reason, source, id, id.ToString());
    }
}

/// <summary>What a command did.</summary>
/// <param name="CommandId">The command's id.</param>
/// <param name="Outcome">Whether events were appended, nothing needed changing, or the command had already been applied.</param>
/// <param name="Streams">
/// <see cref="CommandOutcome.Appended"/>: each stream written with its new version. <see cref="CommandOutcome.AlreadyApplied"/>:
/// each stream the first application wrote, with the version it left it at (what that command appended; later commands may
/// have moved the stream since) — empty for a command recorded by 0.1.0 or an earlier 0.2.0 build without a signing key,
/// whose record kept no versions (with a signing key, its signed ranges give them). <see cref="CommandOutcome.NoChange"/>: empty.
/// </param>
public sealed record CommandResult(Guid CommandId, CommandOutcome Outcome, IReadOnlyList<StreamVersion> Streams);

/// <summary>A stream and its version after a write.</summary>
public sealed record StreamVersion(string StreamKey, long Version);

/// <summary>The three ways a command can succeed.</summary>
public enum CommandOutcome
{
    /// <summary>Events were appended.</summary>
    Appended,
    /// <summary>The command was valid but the state already said what it asks (e.g. the same target again); nothing written.</summary>
    NoChange,
    /// <summary>A command with this id was applied before; nothing written (idempotent re-send).</summary>
    AlreadyApplied,
}

/// <summary>
/// A write lost an optimistic-concurrency race: the stream moved past the expected version, or retries were exhausted.
/// Nothing was written.
/// </summary>
public sealed class HubsConcurrencyException : Exception
{
    // Only the library raises it: callers catch it, they have no reason to construct one.
    internal HubsConcurrencyException(string streamKey, long? expectedVersion, long? actualVersion, string message, Exception? inner = null)
        : base(message, inner)
    {
        StreamKey = streamKey;
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
    }

    /// <summary>The contested stream.</summary>
    public string StreamKey { get; }
    /// <summary>The version the caller expected, if one was given.</summary>
    public long? ExpectedVersion { get; }
    /// <summary>The version found, when known.</summary>
    public long? ActualVersion { get; }
}
