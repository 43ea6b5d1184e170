using Marten;
using Npgsql;

namespace Hubs.EventSourcing.Auditing;

/// <summary>
/// The store's identity: a random id the first signing writer creates and keeps in the store (one document,
/// <c>mt_doc_hubs_store_identity</c>). Every signed record names it, so a unit of work signed with the same key for another
/// store (a staging database, another schema) does not verify here even when its event rows are copied along. A copy of the
/// whole database carries the same identity, as a restore from a backup must: telling a clone from its original is out of
/// its reach (docs/auditing.md, threat model).
/// </summary>
internal sealed class StoreIdentity
{
    public const string Alias = EventLog.MartenTables.StoreIdentityAlias;
    public const string TheId = "store";

    public string Id { get; set; } = TheId;

    /// <summary>A random GUID (D form), fixed for the life of the store.</summary>
    public string Value { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The store's identity, created on first use (two writers creating it at once agree on the first one stored).</summary>
    public static async Task<string> GetOrCreateAsync(IDocumentStore store, TimeProvider clock, CancellationToken ct)
    {
        await using (var query = store.QuerySession())
            if (await query.LoadAsync<StoreIdentity>(TheId, ct).ConfigureAwait(false) is { Value.Length: > 0 } found)
                return found.Value;
        try
        {
            await using var session = store.LightweightSession();
            var created = new StoreIdentity { Value = Guid.NewGuid().ToString("D"), CreatedAt = clock.GetUtcNow() };
            session.Insert(created);
            await session.SaveChangesAsync(ct).ConfigureAwait(false);
            return created.Value;
        }
        catch (JasperFx.DocumentAlreadyExistsException)
        {
            await using var again = store.QuerySession();
            return (await again.LoadAsync<StoreIdentity>(TheId, ct).ConfigureAwait(false))?.Value
                   ?? throw new InvalidOperationException("The store's identity record vanished while it was being created.");
        }
    }

    /// <summary>The identity as stored, or null when the store has none (never signed, or the record was removed).</summary>
    public static async Task<string?> ReadAsync(NpgsqlConnection conn, string documentSchema, CancellationToken ct)
    {
        await using (var exists = new NpgsqlCommand(EventLog.EventLogSql.HasStoreIdentity(documentSchema), conn))
            if (await exists.ExecuteScalarAsync(ct).ConfigureAwait(false) is not true) return null;
        await using var cmd = new NpgsqlCommand(EventLog.EventLogSql.ReadStoreIdentity(documentSchema, TheId), conn);
        return await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) as string;
    }
}
