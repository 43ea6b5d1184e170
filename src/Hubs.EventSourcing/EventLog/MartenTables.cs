using Marten;

namespace Hubs.EventSourcing.EventLog;

/// <summary>
/// The names of Marten's tables, sequence and columns that the library reads or writes with its own SQL (state loading,
/// the audit reader, the binary-COPY writer, verification, the health check, the one-pass rebuild). They are Marten's, not
/// ours: a test (MartenTablesTests) compares every one with the schema Marten creates, so an upgrade that renames one fails
/// there instead of in production. Only this folder names them (an architecture test keeps it so: docs/decisions.md, ADR 16).
/// </summary>
internal static class MartenTables
{
    public const string Events = "mt_events";
    public const string Streams = "mt_streams";
    public const string EventSequence = "mt_events_sequence";
    public const string Progression = "mt_event_progression";

    /// <summary>Marten's append function (QuickWithServerTimestamps), called by the one-round-trip path of single commands.</summary>
    public const string QuickAppendFunction = "mt_quick_append_events";

    /// <summary>Marten's placeholder stream for failed appends (rows in <see cref="Events"/> that are not history).</summary>
    public const string TombstoneStream = "mt_tombstone";

    /// <summary>The checkpoint documents' alias (<c>DocumentAlias</c>): the table is <see cref="Checkpoints"/>.</summary>
    public const string CheckpointAlias = "hubs_checkpoint";
    public const string Checkpoints = "mt_doc_" + CheckpointAlias;
    public const string ProcessedCommands = "mt_doc_processedcommand";

    /// <summary>The store identity's alias (<c>DocumentAlias</c>): the table is <see cref="StoreIdentity"/>.</summary>
    public const string StoreIdentityAlias = "hubs_store_identity";
    public const string StoreIdentity = "mt_doc_" + StoreIdentityAlias;

    /// <summary>Every column of <see cref="Events"/> the library names (the COPY writes all of them).</summary>
    public static readonly IReadOnlyList<string> EventColumns =
    [
        "seq_id", "id", "stream_id", "version", "data", "type", "timestamp", "tenant_id", "mt_dotnet_type", "is_archived",
        "correlation_id", "causation_id", "headers", "user_name",
    ];

    /// <summary>Every column of <see cref="Streams"/> the library names.</summary>
    public static readonly IReadOnlyList<string> StreamColumns = ["id", "type", "version", "timestamp", "tenant_id", "is_archived"];

    /// <summary>The document tables' columns the library names (checkpoints and processed commands are read as <c>data</c>).</summary>
    public static readonly IReadOnlyList<string> DocumentColumns = ["id", "data"];

    /// <summary>
    /// What Marten's own append stores in <c>mt_streams.type</c> for a stream started as <paramref name="stateType"/>
    /// (<c>StartStream(type, …)</c>): the type's alias, <c>exchange_rate_series</c> for <c>ExchangeRateSeries</c> — not the
    /// stream prefix, which coincides with it only where the state type is named after the prefix (cluster, region, enterprise).
    /// Marten's <c>FetchStreamStateAsync</c> maps it back to the aggregate type; the library's own reads never use it.
    /// </summary>
    public static string StreamType(IDocumentStore store, Type stateType) =>
        ((Marten.Events.EventGraph)store.Options.Events).AggregateAliasFor(stateType);
}
