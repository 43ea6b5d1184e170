using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Hubs.EventSourcing.Auditing;

/// <summary>
/// The fields an event's hash covers. The recipe (docs/auditing.md): SHA-256 over the concatenation, for each field in
/// this order, of its UTF-8 byte length in decimal, a colon, and its UTF-8 bytes; lower-case hex.
/// </summary>
internal readonly record struct ChainLink(
    string StreamKey, long Version, string EventType, DateTimeOffset Timestamp, string Actor, string Reason, string Source,
    string CommandId, string CorrelationId, string CausationId, string Payload, string PreviousHash);

/// <summary>Computes the hash chaining an event to the previous event of its stream.</summary>
internal static class HashChain
{
    /// <summary>Version tag of the recipe; the first field hashed.</summary>
    public const string Recipe = "hubs-chain-v1";

    /// <summary>Header keys written on every event.</summary>
    public const string HashHeader = "hash", ReasonHeader = "reason", SourceHeader = "source", CommandIdHeader = "commandId";

    /// <summary>Recorded-at as hashed: UTC, microseconds, e.g. <c>2026-01-14T08:00:00.000000Z</c>.</summary>
    public static string FormatTimestamp(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Floors a time to whole microseconds, PostgreSQL's precision, so stored equals hashed.</summary>
    public static DateTimeOffset ToMicroseconds(DateTimeOffset t)
    {
        var utc = t.ToUniversalTime();
        return new DateTimeOffset(utc.UtcTicks - utc.UtcTicks % 10, TimeSpan.Zero);
    }

    public static string Compute(in ChainLink link)
    {
        var buffer = new StringBuilder(link.Payload.Length + 512);
        Field(buffer, Recipe);
        Field(buffer, link.StreamKey);
        Field(buffer, link.Version.ToString(CultureInfo.InvariantCulture));
        Field(buffer, link.EventType);
        Field(buffer, FormatTimestamp(link.Timestamp));
        Field(buffer, link.Actor);
        Field(buffer, link.Reason);
        Field(buffer, link.Source);
        Field(buffer, link.CommandId);
        Field(buffer, link.CorrelationId);
        Field(buffer, link.CausationId);
        Field(buffer, link.Payload);
        Field(buffer, link.PreviousHash);
        var bytes = Encoding.UTF8.GetBytes(buffer.ToString());
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    private static void Field(StringBuilder sb, string value) =>
        sb.Append(Encoding.UTF8.GetByteCount(value).ToString(CultureInfo.InvariantCulture)).Append(':').Append(value);
}
