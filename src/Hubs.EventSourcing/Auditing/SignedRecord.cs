using System.Text.Json;
using Hubs.EventSourcing.Integrity;

namespace Hubs.EventSourcing.Auditing;

/// <summary>
/// A signed idempotency record as stored, read field by field from its JSON so that any shape someone with write access can
/// give it is an answer — readable, retired, or unreadable with a reason — and never an exception (<see cref="SignatureVerifier"/>
/// must locate tampering, not crash on it).
/// </summary>
internal sealed record SignedRecord(Guid Id, string KeyId, string Store, DateTimeOffset AppliedAt, string Fingerprint, string Signature,
    SignedRange[] Ranges)
{
    /// <summary>Whether the signature is valid for these fields under <paramref name="publicKey"/>.</summary>
    public bool IsValid(System.Security.Cryptography.ECDsa publicKey) =>
        ChainSigning.IsValid(Signature, KeyId, Store, Id, AppliedAt, Fingerprint, Ranges, publicKey);

    /// <summary>
    /// Reads a record's <c>data</c>. Returns the record, or null with <paramref name="problem"/> saying why it cannot be read
    /// (for a record of the retired recipe, <paramref name="retired"/> is true); <paramref name="streams"/> receives every
    /// stream key it names that can be read, so even an unreadable record is reported where it claims to be.
    /// </summary>
    public static SignedRecord? Read(string json, out string? keyId, out string problem, out bool retired, out List<(string Stream, long Version)> streams)
    {
        keyId = null;
        problem = "";
        retired = false;
        streams = [];
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            problem = $"not JSON ({ex.Message})";
            return null;
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = $"a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object";
                return null;
            }
            keyId = Text(root, "keyId");
            Named(root, streams);
            var recipe = Text(root, "recipe");
            if (recipe is null && root.TryGetProperty("heads", out _))
            {
                retired = true;
                problem = $"signed with the retired recipe {ChainSigning.RetiredRecipe}, which signed heads only (a later signed write could launder a forgery under them); this version accepts {ChainSigning.Recipe} only";
                return null;
            }
            if (recipe != ChainSigning.Recipe)
            {
                problem = recipe is null ? "it has no recipe" : $"its recipe '{Cut(recipe)}' is not {ChainSigning.Recipe}";
                return null;
            }
            var missing = new[] { "id", "keyId", "store", "appliedAt", "fingerprint", "signature" }.Where(n => Text(root, n) is null).ToArray();
            if (missing.Length > 0)
            {
                problem = $"{string.Join(", ", missing)} {(missing.Length == 1 ? "is" : "are")} missing or not text";
                return null;
            }
            if (!Guid.TryParse(Text(root, "id"), out var id))
            {
                problem = "its id is not a GUID";
                return null;
            }
            if (!root.GetProperty("appliedAt").TryGetDateTimeOffset(out var appliedAt))
            {
                problem = "its appliedAt is not a timestamp";
                return null;
            }
            if (!root.TryGetProperty("ranges", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
            {
                problem = "its ranges are missing or not a non-empty array";
                return null;
            }
            var ranges = new List<SignedRange>(list.GetArrayLength());
            foreach (var item in list.EnumerateArray())
            {
                if (ReadRange(item) is not { } range)
                {
                    problem = $"range #{ranges.Count} is not {{stream, from, to, previous, hash}} with 1 ≤ from ≤ to";
                    return null;
                }
                ranges.Add(range);
            }
            return new SignedRecord(id, keyId!, Text(root, "store")!, appliedAt, Text(root, "fingerprint")!, Text(root, "signature")!, [.. ranges]);
        }
    }

    private static SignedRange? ReadRange(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object) return null;
        var (stream, previous, hash) = (Text(e, "stream"), Text(e, "previous"), Text(e, "hash"));
        if (stream is not { Length: > 0 } || previous is null || hash is null) return null;
        if (!Number(e, "from", out var from) || !Number(e, "to", out var to) || from < 1 || to < from) return null;
        return new SignedRange(stream, from, to, previous, hash);
    }

    /// <summary>Every (stream, first version) the record names that can be read, from its ranges, its v1 heads or its stream list.</summary>
    private static void Named(JsonElement root, List<(string, long)> streams)
    {
        foreach (var name in (string[])["ranges", "heads"])
            if (root.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array)
                foreach (var item in list.EnumerateArray())
                    if (item.ValueKind == JsonValueKind.Object && Text(item, "stream") is { Length: > 0 } stream)
                        streams.Add((stream, Number(item, "from", out var v) || Number(item, "version", out v) ? Math.Max(v, 0) : 0));
        if (streams.Count == 0 && root.TryGetProperty("streams", out var keys) && keys.ValueKind == JsonValueKind.Array)
            foreach (var item in keys.EnumerateArray())
                if (item.ValueKind == JsonValueKind.String && item.GetString() is { Length: > 0 } stream)
                    streams.Add((stream, 0));
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool Number(JsonElement e, string name, out long value)
    {
        value = 0;
        return e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out value);
    }

    private static string Cut(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
