using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Hubs.EventSourcing.Integrity;

internal static partial class JsonbText
{
    /// <summary>
    /// The fast path of <see cref="Canonicalize"/> for what every event payload is: one object whose values are strings,
    /// numbers, booleans or null, with distinct keys. One <see cref="Utf8JsonReader"/> pass over the UTF-8 text records
    /// where each key and value lies, the entries are sorted by jsonb's key order, and the text is written once; no
    /// document, no per-key strings. Anything else (nesting, duplicate or escaped keys, more than 64 keys,
    /// or numbers in exponent form) returns null and takes the general path, which a test holds this one equal to.
    /// </summary>
    internal static class FlatObject
    {
        private const int MaxKeys = 64;

        private readonly record struct Entry(int KeyStart, int KeyLength, JsonTokenType Kind, int ValueStart, int ValueLength, bool Escaped);

        public static string? TryCanonicalize(string json)
        {
            var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(json.Length));
            var output = ArrayPool<byte>.Shared.Rent(MaxOutput(Encoding.UTF8.GetMaxByteCount(json.Length)));
            try
            {
                var length = Encoding.UTF8.GetBytes(json, bytes);
                var written = TryWrite(bytes.AsSpan(0, length), output);
                return written < 0 ? null : Encoding.UTF8.GetString(output, 0, written);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(bytes);
                ArrayPool<byte>.Shared.Return(output);
            }
        }

        /// <summary>The most <see cref="TryWrite"/> writes for an input of <paramref name="inputLength"/> UTF-8 bytes.</summary>
        public static int MaxOutput(int inputLength) => inputLength * 2 + 16;

        /// <summary>Writes the jsonb text of the UTF-8 JSON <paramref name="input"/> to <paramref name="output"/> (<see cref="MaxOutput"/> long).</summary>
        /// <returns>Bytes written, or -1 when the text is not a flat object this path handles.</returns>
        public static int TryWrite(ReadOnlySpan<byte> input, Span<byte> output)
        {
            Span<Entry> entries = stackalloc Entry[MaxKeys];
            var count = Read(input, entries);
            if (count < 0) return -1;
            var found = entries[..count];
            Sort(found, input);
            for (var i = 1; i < found.Length; i++)
                if (input.Slice(found[i].KeyStart, found[i].KeyLength).SequenceEqual(input.Slice(found[i - 1].KeyStart, found[i - 1].KeyLength)))
                    return -1; // duplicate keys: jsonb keeps the last; the general path knows how
            return Write(found, input, output);
        }

        /// <returns>The number of entries, or -1 when the text is not a flat object this path handles.</returns>
        private static int Read(ReadOnlySpan<byte> input, Span<Entry> entries)
        {
            var reader = new Utf8JsonReader(input, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return -1;
            var count = 0;
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject)
                    return reader.Read() ? -1 : count;
                if (reader.TokenType != JsonTokenType.PropertyName || reader.ValueIsEscaped || count == entries.Length) return -1;
                var keyStart = (int)reader.TokenStartIndex + 1;
                var keyLength = reader.ValueSpan.Length;
                if (!reader.Read()) return -1;
                var kind = reader.TokenType;
                if (kind is not (JsonTokenType.String or JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null))
                    return -1;
                var valueStart = (int)reader.TokenStartIndex + (kind == JsonTokenType.String ? 1 : 0);
                entries[count++] = new Entry(keyStart, keyLength, kind, valueStart, reader.ValueSpan.Length, reader.ValueIsEscaped);
            }
            return -1;
        }

        /// <summary>jsonb's key order: byte length, then bytes (insertion sort: events have a handful of keys).</summary>
        private static void Sort(Span<Entry> entries, ReadOnlySpan<byte> input)
        {
            for (var i = 1; i < entries.Length; i++)
            {
                var current = entries[i];
                var j = i - 1;
                while (j >= 0 && Compare(entries[j], current, input) > 0)
                {
                    entries[j + 1] = entries[j];
                    j--;
                }
                entries[j + 1] = current;
            }
        }

        private static int Compare(in Entry a, in Entry b, ReadOnlySpan<byte> input) =>
            a.KeyLength != b.KeyLength
                ? a.KeyLength.CompareTo(b.KeyLength)
                : input.Slice(a.KeyStart, a.KeyLength).SequenceCompareTo(input.Slice(b.KeyStart, b.KeyLength));

        /// <returns>Bytes written, or -1 when a value needs the general path.</returns>
        private static int Write(ReadOnlySpan<Entry> entries, ReadOnlySpan<byte> input, Span<byte> output)
        {
            var at = 0;
            output[at++] = (byte)'{';
            for (var i = 0; i < entries.Length; i++)
            {
                var e = entries[i];
                if (i > 0) Append(output, ref at, ", "u8);
                output[at++] = (byte)'"';
                Append(output, ref at, input.Slice(e.KeyStart, e.KeyLength));
                Append(output, ref at, "\": "u8);
                var value = input.Slice(e.ValueStart, e.ValueLength);
                switch (e.Kind)
                {
                    case JsonTokenType.String:
                        output[at++] = (byte)'"';
                        if (!e.Escaped) Append(output, ref at, value); // raw JSON text holds no '"', '\' or control bytes
                        else if (!AppendUnescaped(value, output, ref at)) return -1;
                        output[at++] = (byte)'"';
                        break;
                    case JsonTokenType.Number:
                        if (value.IndexOfAny((byte)'e', (byte)'E') >= 0) return -1; // exponent form (doubles): the general path expands it
                        if (value[0] == (byte)'-' && value.IndexOfAnyInRange((byte)'1', (byte)'9') < 0) value = value[1..]; // "-0" prints as "0"
                        Append(output, ref at, value);
                        break;
                    default:
                        Append(output, ref at, value); // true, false, null
                        break;
                }
            }
            output[at++] = (byte)'}';
            return at;
        }

        /// <summary>Decodes a JSON string's escapes and re-escapes it as jsonb does: only '"', '\' and control characters.</summary>
        private static bool AppendUnescaped(ReadOnlySpan<byte> escaped, Span<byte> output, ref int at)
        {
            var text = ArrayPool<byte>.Shared.Rent(escaped.Length);
            try
            {
                var reader = new Utf8JsonReader(Quote(escaped));
                if (!reader.Read()) return false;
                var length = reader.CopyString(text); // unescaped text is never longer than its escaped form
                foreach (var b in text.AsSpan(0, length))
                {
                    switch (b)
                    {
                        case (byte)'"': Append(output, ref at, "\\\""u8); break;
                        case (byte)'\\': Append(output, ref at, "\\\\"u8); break;
                        case (byte)'\b': Append(output, ref at, "\\b"u8); break;
                        case (byte)'\f': Append(output, ref at, "\\f"u8); break;
                        case (byte)'\n': Append(output, ref at, "\\n"u8); break;
                        case (byte)'\r': Append(output, ref at, "\\r"u8); break;
                        case (byte)'\t': Append(output, ref at, "\\t"u8); break;
                        default:
                            if (b < 0x20)
                            {
                                Append(output, ref at, "\\u00"u8);
                                output[at++] = (byte)"0123456789abcdef"[b >> 4];
                                output[at++] = (byte)"0123456789abcdef"[b & 0xF];
                            }
                            else output[at++] = b;
                            break;
                    }
                }
                return true;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(text);
            }
        }

        private static byte[] Quote(ReadOnlySpan<byte> content)
        {
            var quoted = new byte[content.Length + 2];
            quoted[0] = quoted[^1] = (byte)'"';
            content.CopyTo(quoted.AsSpan(1));
            return quoted;
        }

        private static void Append(Span<byte> output, ref int at, ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(output[at..]);
            at += bytes.Length;
        }
    }
}
