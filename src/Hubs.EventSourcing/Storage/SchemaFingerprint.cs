using System.Security.Cryptography;
using System.Text;
using Marten;
using Npgsql;
using Weasel.Core.Migrations;

namespace Hubs.EventSourcing.Storage;

/// <summary>
/// A stored fingerprint of the schema the store is configured with, so that a process can tell with one query that the
/// database already has it and skip Marten's schema check (a catalogue sweep of every table, index and function: most of a
/// second on a small machine). The fingerprint is a SHA-256 of the DDL Marten generates for the whole configuration — the
/// event store, every document table including the library's own (<c>hubs_checkpoint</c>, processed commands) and the
/// projections' read models — so any change of configuration, of Marten's generated DDL or of the library's tables changes
/// it. It is written into <c>{schema}.hubs_schema_fingerprint</c> only after a full apply succeeded, under the same
/// advisory lock as <see cref="SchemaLock"/>.
/// </summary>
/// <remarks>
/// A matching fingerprint is trusted: DDL run by hand behind the library's back is not noticed until the next change of
/// configuration, or until <see cref="HubsSchema.ApplyChangesAsync"/> (the host's <c>hubs storage migrate</c>) checks everything again.
/// </remarks>
internal static class SchemaFingerprint
{
    public const string TableName = "hubs_schema_fingerprint";
    // Bump when what the fingerprint covers changes, so every database is checked once more.
    private const string Format = "hubs-schema-v1";
    private const int Kept = 10;

    public static string Compute(IDocumentStore store)
    {
        var ddl = store.Storage.ToDatabaseScript();
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Format + "\n" + ddl)));
    }

    public static async Task<SchemaCheck> EnsureAsync(IDocumentStore store, bool force, CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        // A process's first connection is slow (Npgsql loads the server's types): open it while the DDL is generated.
        var opening = force ? null : OpenAsync(store, ct);
        string fingerprint;
        try
        {
            fingerprint = Compute(store);
        }
        catch
        {
            if (opening is not null) await (await opening.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            throw;
        }
        if (opening is not null && await IsStampedAsync(await opening.ConfigureAwait(false), store, fingerprint, ct).ConfigureAwait(false))
            return Done(store, SchemaCheckOutcome.Unchanged, fingerprint, started);

        var outcome = SchemaCheckOutcome.Unchanged;
        await SchemaLock.RunAsync(store, async () =>
        {
            // Another process may have applied this very configuration while this one waited for the lock.
            if (!force && await IsStampedAsync(store, fingerprint, ct).ConfigureAwait(false)) return;
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync().ConfigureAwait(false);
            await StampAsync(store, fingerprint, ct).ConfigureAwait(false);
            outcome = SchemaCheckOutcome.Applied;
        }, ct).ConfigureAwait(false);
        return Done(store, outcome, fingerprint, started);
    }

    public static async Task<bool> IsStampedAsync(IDocumentStore store, string fingerprint, CancellationToken ct) =>
        await IsStampedAsync(await OpenAsync(store, ct).ConfigureAwait(false), store, fingerprint, ct).ConfigureAwait(false);

    private static async Task<NpgsqlConnection> OpenAsync(IDocumentStore store, CancellationToken ct)
    {
        var conn = store.Storage.Database.CreateConnection();
        try
        {
            await conn.OpenAsync(ct).ConfigureAwait(false);
            return conn;
        }
        catch
        {
            await conn.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Disposes <paramref name="conn"/>.</summary>
    private static async Task<bool> IsStampedAsync(NpgsqlConnection conn, IDocumentStore store, string fingerprint, CancellationToken ct)
    {
        await using var _ = conn;
        await using var find = new NpgsqlCommand($"select exists(select 1 from {Table(store)} where fingerprint = $1)", conn);
        find.Parameters.Add(new NpgsqlParameter { Value = fingerprint });
        try
        {
            return await find.ExecuteScalarAsync(ct).ConfigureAwait(false) is true;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
        {
            // Never stamped: a new database, or one written by 0.1.0.
            return false;
        }
    }

    private static async Task StampAsync(IDocumentStore store, string fingerprint, CancellationToken ct)
    {
        await using var conn = store.Storage.Database.CreateConnection();
        await conn.OpenAsync(ct).ConfigureAwait(false);
        // Keyed by fingerprint, several kept: two configurations sharing a schema (an older and a newer host during a
        // rolling upgrade) would otherwise overwrite each other's stamp and each pay a full check on every start.
        await using var batch = new NpgsqlBatch(conn)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand($"create table if not exists {Table(store)} (fingerprint text primary key, applied_at timestamptz not null)"),
                new NpgsqlBatchCommand($"""
                    insert into {Table(store)} (fingerprint, applied_at) values ($1, now())
                        on conflict (fingerprint) do update set applied_at = excluded.applied_at
                    """) { Parameters = { new NpgsqlParameter { Value = fingerprint } } },
                new NpgsqlBatchCommand($"""
                    delete from {Table(store)} where fingerprint not in
                        (select fingerprint from {Table(store)} order by applied_at desc limit {Kept})
                    """),
            },
        };
        await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static SchemaCheck Done(IDocumentStore store, SchemaCheckOutcome outcome, string fingerprint, long started)
    {
        // Marten would otherwise check each document type's tables again on its first use in this process.
        if (store.Storage.Database is DatabaseBase<NpgsqlConnection> database) database.MarkAllFeaturesAsChecked();
        return new SchemaCheck(outcome, fingerprint, System.Diagnostics.Stopwatch.GetElapsedTime(started));
    }

    private static string Table(IDocumentStore store) => $"{store.Options.DatabaseSchemaName}.{TableName}";
}
