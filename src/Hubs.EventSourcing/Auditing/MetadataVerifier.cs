using Hubs.EventSourcing.Integrity;
using Hubs.EventSourcing.Storage;
using Npgsql;

namespace Hubs.EventSourcing.Auditing;

/// <summary>
/// Checks the columns of a library event that its hash does not cover but that change what Marten or the library reads:
/// the archived flag (Marten's own reads skip archived events), the CLR type name Marten deserialises by, the tenant, and
/// header keys the library never writes. One extra pass over <c>mt_events</c>, filtered in the database, over the library's own
/// streams only (another application's events are outside its chains, whatever their names).
/// </summary>
internal static class MetadataVerifier
{
    /// <summary>Every header key the library writes.</summary>
    public static readonly string[] KnownHeaders =
        [HashChain.HashHeader, HashChain.ReasonHeader, HashChain.SourceHeader, HashChain.CommandIdHeader, HashChain.CheckpointHeader];

    public const string DefaultTenant = "*DEFAULT*";

    public static async Task<List<ChainBreak>> RunAsync(NpgsqlConnection conn, string schema, CancellationToken ct)
    {
        var names = EventNames.ByType.ToArray();
        await using var cmd = new NpgsqlCommand(EventLog.EventLogSql.OddMetadata(schema, DefaultTenant), conn)
        {
            Parameters =
            {
                new NpgsqlParameter { Value = names.Select(n => n.Value).ToArray() },
                new NpgsqlParameter { Value = names.Select(n => BulkWriter.DotNetTypeName(n.Key)).ToArray() },
                new NpgsqlParameter { Value = KnownHeaders },
            },
        };
        var breaks = new List<ChainBreak>();
        await using var rows = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await rows.ReadAsync(ct).ConfigureAwait(false))
        {
            var found = new List<string>();
            if (rows.GetBoolean(2)) found.Add("it is flagged archived (Marten's reads now skip it; the library never archives)");
            var tenant = rows.IsDBNull(3) ? null : rows.GetString(3);
            if (tenant != DefaultTenant) found.Add($"its tenant is '{tenant}', not '{DefaultTenant}'");
            var dotnet = rows.IsDBNull(4) ? null : rows.GetString(4);
            if (dotnet != rows.GetString(5))
                found.Add($"its CLR type name is '{dotnet}' but its stored name maps to '{rows.GetString(5)}' (Marten deserialises by the CLR name)");
            var unknown = rows.GetFieldValue<string[]>(6);
            if (unknown.Length > 0) found.Add($"it carries header keys the library never writes: {string.Join(", ", unknown)}");
            if (!rows.IsDBNull(7))
                found.Add($"its headers are not a JSON object but a jsonb {rows.GetString(7)}, which Marten's own readers cannot load " +
                          "(its async daemon stops at this event until the column is repaired)");
            breaks.Add(new ChainBreak(rows.GetString(0), rows.GetInt64(1), BreakKind.MetadataMismatch,
                string.Join("; ", found) + ": a column the hash does not cover was changed"));
        }
        return breaks;
    }
}
