using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Hubs.EventSourcing.Integrity;

/// <summary>
/// <see cref="HashChain.Compute"/> for the events of one write, where most fields are the same for every event: the recorded-at,
/// actor, reason and source, and the correlation and causation ids are framed once, and the payload is hashed from the
/// UTF-8 jsonb text the COPY stores, never turned into a string. A test holds it equal to <see cref="HashChain.Compute"/>,
/// which verification keeps using.
/// </summary>
internal sealed class LinkFrame
{
    private static readonly byte[] FramedRecipe = Framed(HashChain.Recipe);

    /// <summary>Fields 5–8 (recorded-at, actor, reason, source), framed.</summary>
    private readonly byte[] _timestampToSource;

    /// <summary>Fields 10–11 (correlation id, causation id), framed.</summary>
    private readonly byte[] _correlationAndCausation;

    public LinkFrame(DateTimeOffset timestamp, string actor, string reason, string source, string correlationId, string causationId)
    {
        _timestampToSource = Framed(HashChain.FormatTimestamp(timestamp), actor, reason, source);
        _correlationAndCausation = Framed(correlationId, causationId);
    }

    /// <summary>
    /// The chain hash of one event, as <see cref="HashChain.Compute"/> gives it for the same fields (<see cref="ChainLink"/>);
    /// <paramref name="payload"/> is the payload's jsonb text (<see cref="JsonbText.Canonicalize"/>) in UTF-8, and
    /// <paramref name="checkpointSeal"/> "" on an event no checkpoint stands on.
    /// </summary>
    public string Hash(string streamKey, long version, string eventType, string commandId, ReadOnlySpan<byte> payload, string previousHash,
        string checkpointSeal)
    {
        var max = FramedRecipe.Length + _timestampToSource.Length + _correlationAndCausation.Length + payload.Length + 11
                  + MaxFramed(streamKey) + 31 + MaxFramed(eventType) + MaxFramed(commandId) + MaxFramed(previousHash) + MaxFramed(checkpointSeal);
        var buffer = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            var span = buffer.AsSpan();
            var at = Copy(FramedRecipe, span, 0);
            at = Frame(streamKey, span, at);
            at = Frame(version, span, at);
            at = Frame(eventType, span, at);
            at = Copy(_timestampToSource, span, at);
            at = Frame(commandId, span, at);
            at = Copy(_correlationAndCausation, span, at);
            at = Length(payload.Length, span, at);
            at = Copy(payload, span, at);
            at = Frame(previousHash, span, at);
            // The 14th field only when a checkpoint stands on the event, so every other event hashes as before it existed.
            if (checkpointSeal.Length > 0) at = Frame(checkpointSeal, span, at);
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(span[..at], hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int MaxFramed(string field) => Encoding.UTF8.GetMaxByteCount(field.Length) + 11;

    private static byte[] Framed(params ReadOnlySpan<string> fields)
    {
        var max = 0;
        foreach (var f in fields) max += MaxFramed(f);
        var bytes = new byte[max];
        var at = 0;
        foreach (var f in fields) at = Frame(f, bytes, at);
        return bytes[..at];
    }

    private static int Frame(string field, Span<byte> to, int at)
    {
        at = Length(Encoding.UTF8.GetByteCount(field), to, at);
        return at + Encoding.UTF8.GetBytes(field, to[at..]);
    }

    private static int Frame(long number, Span<byte> to, int at)
    {
        // The number's decimal digits are ASCII: their byte length is their count.
        Span<byte> digits = stackalloc byte[20];
        number.TryFormat(digits, out var count, provider: CultureInfo.InvariantCulture);
        at = Length(count, to, at);
        return Copy(digits[..count], to, at);
    }

    private static int Length(int length, Span<byte> to, int at)
    {
        length.TryFormat(to[at..], out var digits, provider: CultureInfo.InvariantCulture);
        to[at + digits] = (byte)':';
        return at + digits + 1;
    }

    private static int Copy(ReadOnlySpan<byte> bytes, Span<byte> to, int at)
    {
        bytes.CopyTo(to[at..]);
        return at + bytes.Length;
    }
}
