using System.Globalization;
using System.Text;
using System.Text.Json;
using Hubs.EventSourcing.Integrity;

namespace Hubs.EventSourcing.Auditing;

/// <summary>
/// A fingerprint of the whole store for an auditor to keep outside the database: each stream's head (last version and
/// its stored hash) plus the event count and highest sequence, combined into one SHA-256 <see cref="Root"/>
/// (recipe in docs/auditing.md). Because every head hash chains over all earlier events of its stream, a later
/// verification against this digest detects removed streams, deleted tails and rewritten history, and names the stream.
/// </summary>
public sealed class Digest
{
    /// <summary>Version tag of the digest recipe; the first field of <see cref="Root"/>.</summary>
    public const string Recipe = "hubs-digest-v1";

    internal Digest(long eventCount, long highestSequence, IReadOnlyList<StreamDigest> streams, DateTimeOffset computedAt)
    {
        EventCount = eventCount;
        HighestSequence = highestSequence;
        Streams = streams.OrderBy(s => s.StreamKey, Utf8Order.Instance).ToArray();
        ComputedAt = computedAt;
        Root = ComputeRoot(EventCount, HighestSequence, Streams);
    }

    /// <summary>Number of events (tombstones excluded).</summary>
    public long EventCount { get; }

    /// <summary>Highest global sequence of an event (0 when empty).</summary>
    public long HighestSequence { get; }

    /// <summary>Each stream's head, ordered by stream key (UTF-8 byte order).</summary>
    public IReadOnlyList<StreamDigest> Streams { get; }

    /// <summary>When the digest was computed (informative; not covered by <see cref="Root"/>).</summary>
    public DateTimeOffset ComputedAt { get; }

    /// <summary>SHA-256 (lower-case hex) over the recipe, the totals and every head: the one value to write down.</summary>
    public string Root { get; }

    /// <summary>The digest as a JSON document (the file an auditor keeps).</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("recipe", Recipe);
            w.WriteString("computedAt", HashChain.FormatTimestamp(ComputedAt));
            w.WriteNumber("eventCount", EventCount);
            w.WriteNumber("highestSequence", HighestSequence);
            w.WriteString("root", Root);
            w.WriteStartArray("streams");
            foreach (var s in Streams)
            {
                w.WriteStartObject();
                w.WriteString("stream", s.StreamKey);
                w.WriteNumber("version", s.Version);
                w.WriteString("hash", s.Hash);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Reads a digest written by <see cref="ToJson"/>, checking that its root matches its heads.</summary>
    /// <exception cref="FormatException">
    /// The text is not a digest (not JSON, a field missing, null or of the wrong type, a stream listed twice), or its root does
    /// not match its contents (edited). Every malformed input gives this exception and no other.
    /// </exception>
    public static Digest Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"Not a Hubs digest: {ex.Message}", ex);
        }
        using (doc)
        {
            var r = doc.RootElement;
            if (r.ValueKind != JsonValueKind.Object) throw new FormatException($"Not a Hubs digest: a JSON {Kind(r)}, not an object.");
            var recipe = Text(r, "recipe", "");
            if (recipe != Recipe) throw new FormatException($"Digest recipe '{recipe}' is not supported; expected '{Recipe}'.");
            if (!r.TryGetProperty("streams", out var list) || list.ValueKind != JsonValueKind.Array)
                throw new FormatException("Not a Hubs digest: 'streams' is missing or not an array.");
            var streams = new List<StreamDigest>(list.GetArrayLength());
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var s in list.EnumerateArray())
            {
                var at = $"streams[{streams.Count}]";
                if (s.ValueKind != JsonValueKind.Object) throw new FormatException($"Not a Hubs digest: {at} is a JSON {Kind(s)}, not an object.");
                var stream = Text(s, "stream", at + ".");
                if (stream.Length == 0) throw new FormatException($"Not a Hubs digest: {at}.stream is empty.");
                if (!seen.Add(stream)) throw new FormatException($"Not a Hubs digest: stream '{stream}' is listed twice ({at}).");
                streams.Add(new StreamDigest(stream, Number(s, "version", at + "."), Text(s, "hash", at + ".")));
            }
            var computedText = Text(r, "computedAt", "");
            if (!DateTimeOffset.TryParse(computedText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var computedAt))
                throw new FormatException($"Not a Hubs digest: computedAt '{computedText}' is not a timestamp.");
            var digest = new Digest(Number(r, "eventCount", ""), Number(r, "highestSequence", ""), streams, computedAt);
            var root = Text(r, "root", "");
            if (root != digest.Root)
                throw new FormatException($"Digest root '{root}' does not match its contents (recomputed '{digest.Root}'): the file was edited.");
            return digest;
        }
    }

    private static string Kind(JsonElement e) => e.ValueKind.ToString().ToLowerInvariant();

    private static string Text(JsonElement e, string name, string path) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()!
        : throw new FormatException($"Not a Hubs digest: {path}{name} is {(v.ValueKind == JsonValueKind.Undefined ? "missing" : $"a JSON {Kind(v)}")}, not text.");

    private static long Number(JsonElement e, string name, string path) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) && n >= 0 ? n
        : throw new FormatException($"Not a Hubs digest: {path}{name} is {(v.ValueKind == JsonValueKind.Undefined ? "missing" : "not a whole number of 0 or more")}.");

    internal static string ComputeRoot(long eventCount, long highestSequence, IReadOnlyList<StreamDigest> orderedStreams)
    {
        var fields = new string[3 + 3 * orderedStreams.Count];
        fields[0] = Recipe;
        fields[1] = eventCount.ToString(CultureInfo.InvariantCulture);
        fields[2] = highestSequence.ToString(CultureInfo.InvariantCulture);
        for (var i = 0; i < orderedStreams.Count; i++)
        {
            fields[3 + 3 * i] = orderedStreams[i].StreamKey;
            fields[4 + 3 * i] = orderedStreams[i].Version.ToString(CultureInfo.InvariantCulture);
            fields[5 + 3 * i] = orderedStreams[i].Hash;
        }
        return HashChain.Frame(fields);
    }
}

/// <summary>A stream's head in a <see cref="Digest"/>.</summary>
/// <param name="StreamKey">The stream.</param>
/// <param name="Version">Its last version.</param>
/// <param name="Hash">The stored hash of that event.</param>
public sealed record StreamDigest(string StreamKey, long Version, string Hash);

/// <summary>Orders strings by their UTF-8 bytes (= Unicode code points), as any other language's plain sort does.</summary>
internal sealed class Utf8Order : IComparer<string>
{
    public static readonly Utf8Order Instance = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null) return (x is null ? 0 : 1) - (y is null ? 0 : 1);
        // UTF-16 ordinal order differs from code point order only around surrogates; compare code points.
        var i = 0;
        var j = 0;
        while (i < x.Length && j < y.Length)
        {
            var a = CodePoint(x, ref i);
            var b = CodePoint(y, ref j);
            if (a != b) return a.CompareTo(b);
        }
        return (x.Length - i).CompareTo(y.Length - j);
    }

    private static int CodePoint(string s, ref int index)
    {
        if (char.IsHighSurrogate(s[index]) && index + 1 < s.Length && char.IsLowSurrogate(s[index + 1]))
        {
            var cp = char.ConvertToUtf32(s[index], s[index + 1]);
            index += 2;
            return cp;
        }
        return s[index++];
    }
}
