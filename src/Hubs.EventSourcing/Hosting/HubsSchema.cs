using Hubs.EventSourcing.Storage;
using Marten;

namespace Hubs.EventSourcing;

/// <summary>
/// Applies the store's schema changes only when the configuration changed: a fingerprint of the DDL Marten generates for
/// the configured store (events, the library's own tables, the read models) is stored in <c>hubs_schema_fingerprint</c>
/// after each full apply, and a later start that finds its own fingerprint there does no schema work at all (one query).
/// Concurrent starts on a new schema wait for each other on a PostgreSQL advisory lock (docs/operations.md).
/// </summary>
public static class HubsSchema
{
    /// <summary>
    /// Checks the stored fingerprint and, only when it differs (or none is stored), applies every configured change with
    /// Marten's <c>ApplyAllConfiguredChangesToDatabaseAsync</c> and stores the new fingerprint. Call it at start-up instead
    /// of applying the changes every time.
    /// </summary>
    /// <param name="store">The Marten store the library is registered on.</param>
    /// <param name="cancellationToken">Cancels the check (not an apply under way).</param>
    public static Task<SchemaCheck> ApplyChangesIfNeededAsync(IDocumentStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return SchemaFingerprint.EnsureAsync(store, force: false, cancellationToken);
    }

    /// <summary>
    /// Compares the whole database with the configuration and applies every difference, whatever fingerprint is stored,
    /// then stores the fingerprint: the migration step of a deployment that runs with <c>AutoCreate.None</c>, and the way to
    /// repair a schema changed by hand.
    /// </summary>
    /// <param name="store">The Marten store the library is registered on.</param>
    /// <param name="cancellationToken">Cancels waiting for the lock.</param>
    public static Task<SchemaCheck> ApplyChangesAsync(IDocumentStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return SchemaFingerprint.EnsureAsync(store, force: true, cancellationToken);
    }

    /// <summary>Whether the database holds the fingerprint of this configuration (one query; nothing is changed).</summary>
    /// <param name="store">The Marten store the library is registered on.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public static Task<bool> IsCurrentAsync(IDocumentStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return SchemaFingerprint.IsStampedAsync(store, SchemaFingerprint.Compute(store), cancellationToken);
    }

    /// <summary>
    /// Whether the store's event schema holds an event store at all (Marten's event table exists; nothing is created or
    /// changed): what a read-only tool asks before reading a schema not stamped by this release.
    /// </summary>
    /// <param name="store">The Marten store the library is registered on.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public static async Task<bool> HasEventStoreAsync(IDocumentStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        await using var conn = store.Storage.Database.CreateConnection();
        await conn.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var find = new Npgsql.NpgsqlCommand(EventLog.EventLogSql.HasEventTable, conn);
        find.Parameters.Add(new Npgsql.NpgsqlParameter { Value = store.Options.Events.DatabaseSchemaName });
        return await find.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true;
    }
}

/// <summary>What <see cref="HubsSchema"/> did.</summary>
public enum SchemaCheckOutcome
{
    /// <summary>The stored fingerprint matched: no schema work was done.</summary>
    Unchanged,

    /// <summary>The database was compared with the configuration, every difference applied and the fingerprint stored.</summary>
    Applied,
}

/// <summary>The result of a schema check.</summary>
/// <param name="Outcome">Whether schema work was done.</param>
/// <param name="Fingerprint">The configuration's fingerprint (64 hex digits).</param>
/// <param name="Elapsed">How long the check (and any apply) took.</param>
public sealed record SchemaCheck(SchemaCheckOutcome Outcome, string Fingerprint, TimeSpan Elapsed);
