using System.Security.Cryptography;
using System.Text.Json;
using Hubs.EventSourcing.Storage;
using Npgsql;

namespace Hubs.EventSourcing.Auditing;

/// <summary>
/// With a verification key: every head of the library's streams must be one that a unit of work signed (see
/// <see cref="ChainSigning"/>). The chain links each head to everything before it, so checking heads is enough: a forged
/// append moves the head past the last signed version; a rewrite recomputing every hash changes the head's hash; a deleted
/// tail leaves a signed version beyond the end. Records signed with another key cover nothing.
/// </summary>
internal static class SignatureVerifier
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<List<ChainBreak>> RunAsync(NpgsqlConnection conn, string eventSchema, string documentSchema, ECDsa publicKey,
        CancellationToken ct)
    {
        var keyId = ChainSigning.KeyId(publicKey);
        var breaks = new List<ChainBreak>();
        // Per stream: every (version → hash) some valid signature covers.
        var signed = new Dictionary<string, Dictionary<long, string>>(StringComparer.Ordinal);
        await using (var cmd = new NpgsqlCommand(
            $"select data::text from {documentSchema}.mt_doc_processedcommand where data->>'signature' is not null order by id", conn))
        await using (var rows = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
            while (await rows.ReadAsync(ct).ConfigureAwait(false))
            {
                var record = JsonSerializer.Deserialize<ProcessedCommand>(rows.GetString(0), Json)!;
                if (record.KeyId != keyId || record.Heads is null) continue;
                if (!ChainSigning.IsValid(record, publicKey))
                {
                    foreach (var h in record.Heads)
                        breaks.Add(new ChainBreak(h.Stream, h.Version, BreakKind.SignatureMismatch,
                            $"the signed head record of command {record.Id:D} does not verify with the public key (key {keyId}): it was edited, so it covers nothing"));
                    continue;
                }
                foreach (var h in record.Heads)
                {
                    if (!signed.TryGetValue(h.Stream, out var versions)) signed[h.Stream] = versions = [];
                    versions[h.Version] = h.Hash;
                }
            }

        var present = new HashSet<string>(StringComparer.Ordinal);
        await using (var cmd = new NpgsqlCommand($"""
            select distinct on (stream_id) stream_id, version, coalesce(headers->>'{HashChain.HashHeader}', '')
            from {eventSchema}.mt_events where stream_id <> '{StoredEventReader.TombstoneStream}' order by stream_id, version desc
            """, conn))
        await using (var rows = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
            while (await rows.ReadAsync(ct).ConfigureAwait(false))
            {
                var (stream, version, hash) = (rows.GetString(0), rows.GetInt64(1), rows.GetString(2));
                if (!StoredEventReader.IsOwnedStream(stream)) continue;
                present.Add(stream);
                if (Check(stream, version, hash, signed.GetValueOrDefault(stream), keyId) is { } found) breaks.Add(found);
            }

        foreach (var (stream, versions) in signed)
            if (!present.Contains(stream))
                breaks.Add(new ChainBreak(stream, versions.Keys.Max(), BreakKind.SignatureMismatch,
                    $"the stream was signed up to version {versions.Keys.Max()} but has no events any more: removed"));
        return breaks;
    }

    private static ChainBreak? Check(string stream, long version, string hash, Dictionary<long, string>? versions, string keyId)
    {
        var highest = versions is null || versions.Count == 0 ? 0 : versions.Keys.Max();
        if (highest > version)
            return new ChainBreak(stream, version + 1, BreakKind.SignatureMismatch,
                $"version {highest} was signed but the stream ends at version {version}: its tail was deleted");
        if (versions is not null && versions.TryGetValue(version, out var signedHash))
            return signedHash == hash ? null
                : new ChainBreak(stream, version, BreakKind.SignatureMismatch,
                    $"the head's hash {Short(hash)} is not the signed {Short(signedHash)}: history up to this version was rewritten");
        return highest == 0
            ? new ChainBreak(stream, 1, BreakKind.SignatureMismatch,
                $"no signature by key {keyId} covers any head of this stream (it ends at version {version}): written without the signing key, or before it was configured")
            : new ChainBreak(stream, highest + 1, BreakKind.SignatureMismatch,
                $"versions {highest + 1}–{version} are covered by no signature (the last signed head is version {highest}): appended without the signing key — forged, even though every hash is correct");
    }

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] + "…" : hash;
}
