using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Hubs.EventSourcing.Integrity;

/// <summary>
/// Reproduces PostgreSQL's <c>jsonb</c> text output (<c>data::text</c>) from any JSON text, so the hash of an event's
/// payload can be computed before the insert and recomputed later from what PostgreSQL returns. jsonb's rules:
/// object keys sorted by byte length then bytes, duplicate keys keep the last value, <c>", "</c> and <c>": "</c>
/// separators, numbers as PostgreSQL <c>numeric</c> prints them, strings escaped only for <c>"</c>, <c>\</c> and
/// control characters.
/// </summary>
internal static partial class JsonbText
{
    /// <summary>The jsonb text of <paramref name="json"/>: a single pass for flat objects (every event), else the general path.</summary>
    public static string Canonicalize(string json) => FlatObject.TryCanonicalize(json) ?? CanonicalizeAny(json);

    /// <summary>
    /// The jsonb text of <paramref name="json"/> as UTF-8, written into <paramref name="arena"/>: what the COPY stores and the
    /// hash covers, with no string in between (<see cref="Canonicalize"/> gives the same text).
    /// </summary>
    public static ReadOnlyMemory<byte> CanonicalizeUtf8(string json, PayloadArena arena)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(json.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(json, bytes);
            var written = FlatObject.TryWrite(bytes.AsSpan(0, length), arena.Reserve(FlatObject.MaxOutput(length)));
            if (written >= 0) return arena.Commit(written);
            var text = CanonicalizeAny(json);
            return arena.Commit(Encoding.UTF8.GetBytes(text, arena.Reserve(Encoding.UTF8.GetByteCount(text))));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>The general path: any JSON, through a <see cref="JsonDocument"/>.</summary>
    internal static string CanonicalizeAny(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var sb = new StringBuilder(json.Length + 16);
        Write(doc.RootElement, sb);
        return sb.ToString();
    }

    private static void Write(JsonElement e, StringBuilder sb)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                // Sorted by (key, position) so that of duplicate keys the last one written wins, as in jsonb.
                var props = new List<(string Key, int Index, JsonElement Value)>();
                foreach (var p in e.EnumerateObject())
                    props.Add((p.Name, props.Count, p.Value));
                props.Sort(static (a, b) =>
                {
                    var c = CompareKeys(a.Key, b.Key);
                    return c != 0 ? c : a.Index.CompareTo(b.Index);
                });
                sb.Append('{');
                var wrote = false;
                for (var i = 0; i < props.Count; i++)
                {
                    if (i + 1 < props.Count && string.Equals(props[i + 1].Key, props[i].Key, StringComparison.Ordinal)) continue;
                    if (wrote) sb.Append(", ");
                    wrote = true;
                    WriteString(props[i].Key, sb);
                    sb.Append(": ");
                    Write(props[i].Value, sb);
                }
                sb.Append('}');
                break;
            case JsonValueKind.Array:
                sb.Append('[');
                var first = true;
                foreach (var item in e.EnumerateArray())
                {
                    if (!first) sb.Append(", ");
                    first = false;
                    Write(item, sb);
                }
                sb.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(e.GetString()!, sb);
                break;
            case JsonValueKind.Number:
                sb.Append(Number(e.GetRawText()));
                break;
            case JsonValueKind.True: sb.Append("true"); break;
            case JsonValueKind.False: sb.Append("false"); break;
            default: sb.Append("null"); break;
        }
    }

    /// <summary>jsonb's key order: UTF-8 byte length, then bytes. For ASCII keys (the usual case) that is length, then ordinal.</summary>
    private static int CompareKeys(string a, string b)
    {
        if (Ascii.IsValid(a) && Ascii.IsValid(b))
            return a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b);
        var x = Encoding.UTF8.GetBytes(a);
        var y = Encoding.UTF8.GetBytes(b);
        return x.Length != y.Length ? x.Length.CompareTo(y.Length) : x.AsSpan().SequenceCompareTo(y);
    }

    /// <summary>PostgreSQL numeric output: plain notation, trailing zeros kept, no exponent, no "-0".</summary>
    internal static string Number(string raw)
    {
        if (raw.IndexOfAny(['e', 'E']) < 0)
        {
            var plain = raw;
            return IsNegativeZero(plain) ? plain[1..] : plain;
        }
        // Exponent form (doubles written by a serializer): numeric keeps the scale max(0, fractional digits - exponent).
        var mantissaEnd = raw.IndexOfAny(['e', 'E']);
        var mantissa = raw[..mantissaEnd];
        var exponent = int.Parse(raw[(mantissaEnd + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var negative = mantissa.StartsWith('-');
        if (negative) mantissa = mantissa[1..];
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        var fraction = dot < 0 ? 0 : mantissa.Length - dot - 1;
        var scale = fraction - exponent; // digits after the point in the exact value
        string text;
        if (scale <= 0)
            text = digits + new string('0', -scale);
        else if (scale >= digits.Length)
            text = "0." + new string('0', scale - digits.Length) + digits;
        else
            text = digits[..^scale] + "." + digits[^scale..];
        text = TrimLeadingZeros(text);
        if (negative && text.Any(ch => ch is >= '1' and <= '9'))
            text = "-" + text;
        return text;
    }

    private static bool IsNegativeZero(string s) => s.StartsWith('-') && !s.Any(ch => ch is >= '1' and <= '9');

    private static string TrimLeadingZeros(string s)
    {
        var i = 0;
        while (i < s.Length - 1 && s[i] == '0' && s[i + 1] != '.') i++;
        return s[i..];
    }

    private static readonly SearchValues<char> Escaped = SearchValues.Create(
        "\"\\\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f");

    private static void WriteString(string s, StringBuilder sb)
    {
        sb.Append('"');
        if (s.AsSpan().IndexOfAny(Escaped) < 0)
        {
            sb.Append(s);
        }
        else
        {
            foreach (var ch in s)
            {
                switch (ch)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\b': sb.Append("\\b"); break;
                    case '\f': sb.Append("\\f"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    default:
                        if (ch < ' ') sb.Append("\\u").Append(((int)ch).ToString("x4", CultureInfo.InvariantCulture));
                        else sb.Append(ch);
                        break;
                }
            }
        }
        sb.Append('"');
    }
}
