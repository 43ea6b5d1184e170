using Marten;
using Npgsql;

namespace Hubs.EventSourcing.Storage;

/// <summary>
/// Serialises the creation of the store's tables across processes with a PostgreSQL advisory lock, keyed by
/// <c>hashtextextended('hubs-schema:' || schema, 0)</c> (the key the sample host also takes around Marten's
/// <c>ApplyAllConfiguredChangesToDatabaseAsync</c>): several first runs on a new schema would otherwise race to create the
/// same table or index and all but one fail with 42P07.
/// </summary>
internal static class SchemaLock
{
    public static async Task RunAsync(IDocumentStore store, Func<ValueTask> create, CancellationToken ct)
    {
        await using var conn = store.Storage.Database.CreateConnection();
        await conn.OpenAsync(ct).ConfigureAwait(false);
        await using (var timeout = new NpgsqlCommand("set lock_timeout = '120s'", conn))
            await timeout.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        await using (var take = new NpgsqlCommand("select pg_advisory_lock(hashtextextended('hubs-schema:' || $1, 0))", conn))
        {
            take.Parameters.Add(new NpgsqlParameter { Value = store.Options.DatabaseSchemaName });
            await take.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        try
        {
            await create().ConfigureAwait(false);
        }
        finally
        {
            // Explicitly: a pooled connection keeps its session locks while idle in the pool. A process that dies
            // releases them with its connection.
            await using var release = new NpgsqlCommand("select pg_advisory_unlock(hashtextextended('hubs-schema:' || $1, 0))", conn);
            release.Parameters.Add(new NpgsqlParameter { Value = store.Options.DatabaseSchemaName });
            await release.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
