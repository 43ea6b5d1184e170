namespace Hubs.EventSourcing.Storage;

/// <summary>
/// The names of Marten's tables, sequence and columns that the library reads or writes with its own SQL (state loading,
/// the audit reader, the binary-COPY writer, verification, the health check). They are Marten's, not ours: a test
/// (MartenTablesTests) compares every one with the schema Marten creates, so an upgrade that renames one fails there
/// instead of in production.
/// </summary>
internal static class MartenTables
{
    public const string Events = "mt_events";
    public const string Streams = "mt_streams";
    public const string EventSequence = "mt_events_sequence";

    /// <summary>The checkpoint documents' alias (<c>DocumentAlias</c>): the table is <see cref="Checkpoints"/>.</summary>
    public const string CheckpointAlias = "hubs_checkpoint";
    public const string Checkpoints = "mt_doc_" + CheckpointAlias;
    public const string ProcessedCommands = "mt_doc_processedcommand";

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
}
