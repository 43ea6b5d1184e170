using static Hubs.EventSourcing.EventLog.MartenTables;

namespace Hubs.EventSourcing.EventLog;

// The statements of a single command on warm heads (Storage/OneTripAppender): what Marten's SaveChangesAsync sends for the
// same unit of work (QuickWithServerTimestamps), statement for statement, so the rows are the same. Sent as one batch without
// an explicit transaction: PostgreSQL runs a batch that ends in one Sync as one implicit transaction, so it is still all or
// nothing, and it costs one round trip instead of three (BEGIN and batch, COMMIT).
internal static partial class EventLogSql
{
    /// <summary>
    /// Marten's append function: checks the stream is at <c>$14</c> (0: new, created with type <c>$2</c>), inserts the events at
    /// the next versions with sequence numbers from Marten's sequence, and moves <c>mt_streams</c> as Marten's append does.
    /// </summary>
    public static string QuickAppend(string schema) =>
        $"select {schema}.{QuickAppendFunction}($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)";

    /// <summary>
    /// The processed-command row as Marten's <c>Insert</c> writes it, but failing on a taken id (Marten's says
    /// <c>on conflict do nothing</c> and throws afterwards): placed first in the batch, a taken id stops it before anything else runs.
    /// </summary>
    public static string InsertProcessedCommand(string schema) =>
        $"insert into {schema}.{ProcessedCommands} (id, data, \"mt_version\", \"mt_dotnet_type\", \"mt_last_modified\") " +
        "values ($1, $2, $3, $4, transaction_timestamp())";

    /// <summary>A checkpoint document as Marten's <c>Store</c> writes it (an upsert).</summary>
    public static string UpsertCheckpoint(string schema) =>
        $"insert into {schema}.{Checkpoints} (id, data, \"mt_version\", \"mt_dotnet_type\", \"mt_last_modified\") " +
        "values ($1, $2, $3, $4, transaction_timestamp()) on conflict (id) do update set data = excluded.data, " +
        "\"mt_version\" = excluded.\"mt_version\", \"mt_dotnet_type\" = excluded.\"mt_dotnet_type\", " +
        "\"mt_last_modified\" = excluded.\"mt_last_modified\"";

    /// <summary>Whether a table an error names is the processed-command table (a taken command id).</summary>
    public static bool IsProcessedCommands(string? table) => table == ProcessedCommands;
}
