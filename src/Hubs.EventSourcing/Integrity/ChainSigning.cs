using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.Storage;

namespace Hubs.EventSourcing.Integrity;

/// <summary>
/// The versions of one stream a unit of work appended, as signed in its <see cref="ProcessedCommand"/>: from
/// <paramref name="From"/> to <paramref name="To"/>, chained onto <paramref name="Previous"/> (the stored hash at
/// <c>From − 1</c>, empty for a new stream) and ending at <paramref name="Hash"/>.
/// </summary>
internal sealed record SignedRange(string Stream, long From, long To, string Previous, string Hash)
{
    /// <summary>What a unit of work appended to a stream, read from its head before and after.</summary>
    public static SignedRange Of(StreamHead before, StreamHead after) =>
        new(after.Key, before.Version + 1, after.Version, before.LastHash, after.LastHash);
}

/// <summary>
/// Signed ranges: when <see cref="HubsOptions.SigningKey"/> is set, every unit of work (a command or a batch) signs exactly
/// the versions it appended to each stream — first and last version, the hash it chained onto and the hash it left — with
/// ECDSA P-256 / SHA-256, in the idempotency record inserted in the same transaction as its events, bound to the store's
/// identity (<see cref="StoreIdentity"/>). <see cref="SignatureVerifier"/> then requires the valid ranges of each stream to
/// tile it from version 1 to its end, each chained onto the stored hash before it: a version no signature covers is
/// located wherever it sits, even under later signed versions.
/// Recipe (docs/auditing.md): the signed message is the ASCII text of the framed SHA-256 of <c>hubs-heads-v2</c>, key id,
/// store id, command id, applied-at, fingerprint, range count, then stream, from, to, previous hash, hash per range in
/// UTF-8 key order; the signature is IEEE P1363 (r‖s, 64 bytes), base64.
/// </summary>
internal static class ChainSigning
{
    public const string Recipe = "hubs-heads-v2";

    /// <summary>The recipe of 0.2.0's pre-releases: signed heads only, which a later signed write could launder. No longer accepted.</summary>
    public const string RetiredRecipe = "hubs-heads-v1";

    /// <summary>OID of NIST P-256 (secp256r1), the only curve accepted.</summary>
    private const string P256 = "1.2.840.10045.3.1.7";

    /// <summary>Signs the ranges a unit of work appended into its idempotency record.</summary>
    public static ProcessedCommand Sign(ProcessedCommand processed, IEnumerable<SignedRange> ranges, ECDsa key, string keyId, string storeId)
    {
        processed.Recipe = Recipe;
        processed.Ranges = ranges.OrderBy(r => r.Stream, Utf8Order.Instance).ToArray();
        processed.KeyId = keyId;
        processed.Store = storeId;
        var message = Message(processed.KeyId, processed.Store, processed.Id, processed.AppliedAt, processed.Fingerprint, processed.Ranges);
        // ECDsa instances are not documented as thread-safe; signing takes ~0.1 ms.
        byte[] signature;
        lock (key) signature = key.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        processed.Signature = Convert.ToBase64String(signature);
        return processed;
    }

    /// <summary>Whether <paramref name="signature"/> (base64) is valid for these fields under <paramref name="publicKey"/>; false for malformed base64.</summary>
    public static bool IsValid(string signature, string keyId, string storeId, Guid id, DateTimeOffset appliedAt, string fingerprint,
        IReadOnlyList<SignedRange> ranges, ECDsa publicKey)
    {
        Span<byte> bytes = stackalloc byte[64];
        if (signature.Length > 96 || !Convert.TryFromBase64String(signature, bytes, out var length) || length != 64) return false;
        var message = Message(keyId, storeId, id, appliedAt, fingerprint, ranges);
        lock (publicKey)
            return publicKey.VerifyData(message, bytes, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>The first 16 hex digits of SHA-256 over the key's SubjectPublicKeyInfo: names the key a record was signed with.</summary>
    public static string KeyId(ECDsa key) => Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16];

    /// <summary>The public half of a key, for checking signatures beside signing with it.</summary>
    public static ECDsa PublicHalf(ECDsa key)
    {
        var publicKey = ECDsa.Create();
        publicKey.ImportSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo(), out _);
        return publicKey;
    }

    /// <summary>Rejects keys that are not on P-256, so every signature can be checked the same way anywhere.</summary>
    public static ECDsa? Checked(ECDsa? key, string name)
    {
        if (key is null) return null;
        var curve = key.ExportParameters(false).Curve;
        if (curve.Oid?.Value != P256 && curve.Oid?.FriendlyName is not ("nistP256" or "ECDSA_P256" or "secp256r1"))
            throw new ArgumentException($"{name} must be an ECDSA key on the P-256 curve (secp256r1); this one is {curve.Oid?.FriendlyName ?? "of another curve"}.", name);
        return key;
    }

    private static byte[] Message(string keyId, string storeId, Guid id, DateTimeOffset appliedAt, string fingerprint, IReadOnlyList<SignedRange> ranges)
    {
        var fields = new string[7 + 5 * ranges.Count];
        fields[0] = Recipe;
        fields[1] = keyId;
        fields[2] = storeId;
        fields[3] = id.ToString("D");
        fields[4] = HashChain.FormatTimestamp(appliedAt);
        fields[5] = fingerprint;
        fields[6] = ranges.Count.ToString(CultureInfo.InvariantCulture);
        for (var i = 0; i < ranges.Count; i++)
        {
            var r = ranges[i];
            fields[7 + 5 * i] = r.Stream;
            fields[8 + 5 * i] = r.From.ToString(CultureInfo.InvariantCulture);
            fields[9 + 5 * i] = r.To.ToString(CultureInfo.InvariantCulture);
            fields[10 + 5 * i] = r.Previous;
            fields[11 + 5 * i] = r.Hash;
        }
        return Encoding.ASCII.GetBytes(HashChain.Frame(fields));
    }
}
