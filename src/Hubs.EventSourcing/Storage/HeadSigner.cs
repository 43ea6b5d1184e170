using System.Security.Cryptography;
using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.Integrity;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace Hubs.EventSourcing.Storage;

/// <summary>
/// A writer's signing key at work: signs the ranges each unit of work appends (<see cref="ChainSigning"/>), bound to the
/// store's identity, and refuses to build on a head no valid signature of the key covers — signing on top of it would vouch
/// for whatever wrote it. Heads this process signed are known from the head cache (<see cref="StreamHead.Signed"/>); only a
/// head read from the store costs a look-up, one indexed query for all of a unit's unknown heads, and is then known too.
/// </summary>
internal sealed class HeadSigner(IDocumentStore store, ECDsa key, HeadLoader heads, TimeProvider clock)
{
    public const string RefusalCode = "unsigned-head";

    private readonly ECDsa _publicKey = ChainSigning.PublicHalf(key);
    private readonly string _keyId = ChainSigning.KeyId(key);
    private readonly string _schema = store.Options.DatabaseSchemaName;
    private string? _storeId;

    /// <summary>Signs the ranges into the record; <see cref="EnsureSignedAsync"/> must have run first (it reads the store's identity).</summary>
    public ProcessedCommand Sign(ProcessedCommand processed, IEnumerable<SignedRange> ranges) =>
        ChainSigning.Sign(processed, ranges, key, _keyId,
            _storeId ?? throw new InvalidOperationException("The store's identity is read before the first signature."));

    /// <summary>
    /// Throws <see cref="CommandRejectedException"/> (<see cref="RefusalCode"/>) naming each head of <paramref name="before"/>
    /// (the heads a unit of work is about to append to) that no valid signature of the key covers; nothing is written.
    /// </summary>
    public async Task EnsureSignedAsync(IEnumerable<StreamHead> before, CancellationToken ct)
    {
        var unknown = before.Where(h => h.Version > 0 && !h.Signed).ToArray();
        // The store's identity comes with the look-up when there is one: a process's first command costs one round trip more, not two.
        var covered = unknown.Length == 0 ? [] : await CoveredAsync(unknown, ct).ConfigureAwait(false);
        var refused = unknown.Where(h => !covered.Contains(h.Key)).ToList();
        if (refused.Count > 0)
            throw new CommandRejectedException(refused.Select(h => new RuleViolation(RefusalCode, "streamKey", h.Key,
                $"Stream '{h.Key}' is at version {h.Version}, which no signature of this writer's key ({_keyId}) covers: it was written without " +
                "the key (before signing was turned on, or by a writer without it), or forged. Signing on top of it would vouch for it, so nothing " +
                "was written. Locate it with a verification by the public key (docs/auditing.md, \"Signed chain heads\").")).ToList());
        foreach (var h in unknown) heads.Remember(h with { Signed = true });
        // After the refusal: a refused command writes nothing, not even the identity.
        _storeId ??= await StoreIdentity.GetOrCreateAsync(store, clock, ct).ConfigureAwait(false);
    }

    /// <summary>The streams whose head (version and hash) is the end of a range a valid record of this key signed for this store.</summary>
    private async Task<HashSet<string>> CoveredAsync(StreamHead[] unknown, CancellationToken ct)
    {
        var covered = new HashSet<string>(StringComparer.Ordinal);
        await using var conn = store.Storage.Database.CreateConnection();
        await conn.OpenAsync(ct).ConfigureAwait(false);
        // Containment on the indexed ranges, one probe per head: a nested loop over the GIN index, not a scan of every record.
        await using var cmd = new NpgsqlCommand(EventLog.EventLogSql.RecordsSigningHeads(_schema, StoreIdentity.TheId), conn)
        {
            Parameters =
            {
                new() { Value = unknown.Select(h => h.Key).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar },
                new() { Value = unknown.Select(h => h.Version).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint },
                new() { Value = unknown.Select(h => h.LastHash).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar },
                new() { Value = _keyId },
            },
        };
        string[] records;
        try
        {
            await using var rows = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await rows.ReadAsync(ct).ConfigureAwait(false);
            _storeId ??= rows.IsDBNull(0) ? null : rows.GetString(0);
            records = rows.GetFieldValue<string[]>(1);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // Nothing was ever recorded or identified here (the tables come with the first record): nothing is signed.
            return covered;
        }
        // Without an identity nothing can be signed for this store yet; it is created before the first signature.
        if (_storeId is null) return covered;
        var wanted = unknown.ToDictionary(h => h.Key, StringComparer.Ordinal);
        foreach (var text in records)
        {
            if (SignedRecord.Read(text, out _, out _, out _, out _) is not { } record
                || record.Store != _storeId || !record.IsValid(_publicKey)) continue;
            foreach (var r in record.Ranges)
                if (wanted.TryGetValue(r.Stream, out var h) && h.Version == r.To && h.LastHash == r.Hash) covered.Add(r.Stream);
        }
        return covered;
    }
}
