using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Hubs.EventSourcing.Storage;

namespace Hubs.EventSourcing.Auditing;

/// <summary>A stream's head as a unit of work left it, as signed in its <see cref="ProcessedCommand"/>.</summary>
internal sealed record SignedHead(string Stream, long Version, string Hash);

/// <summary>
/// Signed chain heads: when <see cref="HubsOptions.SigningKey"/> is set, every unit of work (a command or a batch) signs the
/// heads it leaves behind (each stream's new version and last hash) with ECDSA P-256 / SHA-256, in the idempotency record
/// inserted in the same transaction as its events. The hash chain makes each head stand for the whole stream before it, so
/// a head covered by a valid signature proves that history was written by a holder of the key; a head no signature covers
/// (an append forged with a correctly computed hash) is reported by <see cref="SignatureVerifier"/>.
/// Recipe (docs/auditing.md): the signed message is the ASCII text of the framed SHA-256 of
/// <c>hubs-heads-v1</c>, key id, command id, applied-at, fingerprint, head count, then stream, version, hash per head in
/// UTF-8 key order; the signature is IEEE P1363 (r‖s, 64 bytes), base64.
/// </summary>
internal static class ChainSigning
{
    public const string Recipe = "hubs-heads-v1";

    /// <summary>OID of NIST P-256 (secp256r1), the only curve accepted.</summary>
    private const string P256 = "1.2.840.10045.3.1.7";

    /// <summary>Signs the heads a unit of work leaves into its idempotency record; unchanged when no key is configured.</summary>
    public static ProcessedCommand Sign(ProcessedCommand processed, IEnumerable<StreamHead> heads, ECDsa? key)
    {
        if (key is null) return processed;
        processed.Heads = heads.Select(h => new SignedHead(h.Key, h.Version, h.LastHash)).OrderBy(h => h.Stream, Utf8Order.Instance).ToArray();
        processed.KeyId = KeyId(key);
        var message = Message(processed);
        // ECDsa instances are not documented as thread-safe; signing takes ~0.1 ms.
        byte[] signature;
        lock (key) signature = key.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        processed.Signature = Convert.ToBase64String(signature);
        return processed;
    }

    /// <summary>Whether the record's signature is valid for its heads under <paramref name="publicKey"/>.</summary>
    public static bool IsValid(ProcessedCommand record, ECDsa publicKey)
    {
        if (record.Signature is null || record.Heads is null) return false;
        Span<byte> signature = stackalloc byte[64];
        if (!Convert.TryFromBase64String(record.Signature, signature, out var length) || length != 64) return false;
        lock (publicKey)
            return publicKey.VerifyData(Message(record), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>The first 16 hex digits of SHA-256 over the key's SubjectPublicKeyInfo: names the key a record was signed with.</summary>
    public static string KeyId(ECDsa key) => Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16];

    /// <summary>Rejects keys that are not on P-256, so every signature can be checked the same way anywhere.</summary>
    public static ECDsa? Checked(ECDsa? key, string name)
    {
        if (key is null) return null;
        var curve = key.ExportParameters(false).Curve;
        if (curve.Oid?.Value != P256 && curve.Oid?.FriendlyName is not ("nistP256" or "ECDSA_P256" or "secp256r1"))
            throw new ArgumentException($"{name} must be an ECDSA key on the P-256 curve (secp256r1); this one is {curve.Oid?.FriendlyName ?? "of another curve"}.", name);
        return key;
    }

    private static byte[] Message(ProcessedCommand p)
    {
        var heads = p.Heads ?? [];
        var fields = new string[6 + 3 * heads.Length];
        fields[0] = Recipe;
        fields[1] = p.KeyId ?? "";
        fields[2] = p.Id.ToString("D");
        fields[3] = HashChain.FormatTimestamp(p.AppliedAt);
        fields[4] = p.Fingerprint;
        fields[5] = heads.Length.ToString(CultureInfo.InvariantCulture);
        for (var i = 0; i < heads.Length; i++)
        {
            fields[6 + 3 * i] = heads[i].Stream;
            fields[7 + 3 * i] = heads[i].Version.ToString(CultureInfo.InvariantCulture);
            fields[8 + 3 * i] = heads[i].Hash;
        }
        return Encoding.ASCII.GetBytes(HashChain.Frame(fields));
    }
}
