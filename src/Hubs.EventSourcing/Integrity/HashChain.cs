using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Hubs.EventSourcing.Integrity;

/// <summary>
/// The fields an event's hash covers. The recipe (docs/auditing.md): SHA-256 over the concatenation, for each field in
/// this order, of its UTF-8 byte length in decimal, a colon, and its UTF-8 bytes; lower-case hex.
/// </summary>
/// <remarks>
/// <see cref="CheckpointSeal"/> is non-empty only on an event a state checkpoint stands on; it is then framed as a 14th
/// field, so every other event hashes exactly as before.
/// </remarks>
internal readonly record struct ChainLink(
    string StreamKey, long Version, string EventType, DateTimeOffset Timestamp, string Actor, string Reason, string Source,
    string CommandId, string CorrelationId, string CausationId, string Payload, string PreviousHash, string CheckpointSeal = "");

/// <summary>Computes the hash chaining an event to the previous event of its stream.</summary>
internal static class HashChain
{
    /// <summary>Version tag of the recipe; the first field hashed.</summary>
    public const string Recipe = "hubs-chain-v1";

    /// <summary>Header keys written on every event.</summary>
    public const string HashHeader = "hash", ReasonHeader = "reason", SourceHeader = "source", CommandIdHeader = "commandId";

    /// <summary>
    /// Header on the event at a checkpoint's version: <see cref="StateSeal"/> of the checkpoint's state text, covered by the
    /// event's hash, so a checkpoint edited in the database no longer matches what the chain sealed.
    /// </summary>
    public const string CheckpointHeader = "checkpoint";

    /// <summary>The seal of a checkpoint's state: SHA-256 (lower-case hex) of its text's UTF-8 bytes.</summary>
    public static string StateSeal(string stateText) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(stateText)));

    /// <summary>Recorded-at as hashed: UTC, microseconds, e.g. <c>2026-01-14T08:00:00.000000Z</c>.</summary>
    public static string FormatTimestamp(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Floors a time to whole microseconds, PostgreSQL's precision, so stored equals hashed.</summary>
    public static DateTimeOffset ToMicroseconds(DateTimeOffset t)
    {
        var utc = t.ToUniversalTime();
        return new DateTimeOffset(utc.UtcTicks - utc.UtcTicks % 10, TimeSpan.Zero);
    }

    [ThreadStatic]
    private static IncrementalHash? _sha256;

    public static string Compute(in ChainLink link) => link.CheckpointSeal.Length == 0
        ? Frame([Recipe, link.StreamKey, link.Version.ToString(CultureInfo.InvariantCulture), link.EventType,
            FormatTimestamp(link.Timestamp), link.Actor, link.Reason, link.Source, link.CommandId, link.CorrelationId,
            link.CausationId, link.Payload, link.PreviousHash])
        : Frame([Recipe, link.StreamKey, link.Version.ToString(CultureInfo.InvariantCulture), link.EventType,
            FormatTimestamp(link.Timestamp), link.Actor, link.Reason, link.Source, link.CommandId, link.CorrelationId,
            link.CausationId, link.Payload, link.PreviousHash, link.CheckpointSeal]);

    /// <summary>
    /// SHA-256, lower-case hex, over each field framed as its UTF-8 byte length in decimal, a colon, and its UTF-8 bytes.
    /// The one framing of the library: event hashes and the digest root both use it.
    /// </summary>
    public static string Frame(params ReadOnlySpan<string> fields)
    {
        // Verify hashes millions of events: one pooled buffer per call, no intermediate strings.
        var max = 0;
        foreach (var f in fields) max += Encoding.UTF8.GetMaxByteCount(f.Length) + 11;
        var buffer = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            var at = 0;
            foreach (var f in fields)
            {
                var length = Encoding.UTF8.GetByteCount(f);
                length.TryFormat(buffer.AsSpan(at), out var digits, provider: CultureInfo.InvariantCulture);
                at += digits;
                buffer[at++] = (byte)':';
                at += Encoding.UTF8.GetBytes(f, buffer.AsSpan(at));
            }
            Span<byte> hash = stackalloc byte[32];
            // A reused context per thread: creating one per event costs more than hashing a small event.
            var sha = _sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            sha.AppendData(buffer.AsSpan(0, at));
            sha.GetHashAndReset(hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
