using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Hubs.EventSourcing;
using Hubs.EventSourcing.Tracking;
using Microsoft.Extensions.DependencyInjection;

namespace Hubs.EventSourcing.Golden;

/// <summary>
/// What a golden store must read back as, in a form independent of the library's storage choices: the verification, every
/// stream's state (folded from version 1 and through checkpoints), the report, an as-of report and an as-known-at report.
/// Compiled against the release that writes a golden store (tests/golden/make-golden.sh) and against the current library
/// (the golden-store test), so it only uses public API that every release since 0.1.0 has.
/// </summary>
internal static class GoldenSnapshot
{
    /// <summary>Enums by their C# names and records as plain camelCase JSON, whatever the store writes.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static async Task<JsonObject> CaptureAsync(IServiceProvider services, DateTimeOffset asOf, DateOnly knownAt)
    {
        var audit = services.GetRequiredService<HubsAudit>();
        var tracking = services.GetRequiredService<HubsTracking>();
        var verify = await audit.VerifyAsync();
        var streams = new JsonObject();
        foreach (var s in verify.Digest.Streams.OrderBy(s => s.StreamKey, StringComparer.Ordinal))
        {
            var full = await audit.StateAsync(s.StreamKey, fullReplay: true);
            var fast = await audit.StateAsync(s.StreamKey);
            streams[s.StreamKey] = new JsonObject
            {
                ["version"] = full!.Version,
                ["hash"] = full.Hash,
                ["state"] = Node(full.State),
                ["stateThroughCheckpoint"] = Node(fast!.State),
                ["checkpointVersion"] = fast.CheckpointVersion,
            };
        }
        await tracking.CatchUpAsync(TimeSpan.FromMinutes(2));
        return new JsonObject
        {
            ["verify"] = new JsonObject
            {
                ["isIntact"] = verify.IsIntact,
                ["eventsChecked"] = verify.EventsChecked,
                ["breaks"] = Node(verify.Breaks),
                ["digestRoot"] = verify.Digest.Root,
                ["highestSequence"] = verify.Digest.HighestSequence,
            },
            ["streams"] = streams,
            ["report"] = Node(await tracking.GetReportAsync()),
            ["asOf"] = asOf.ToString("O"),
            ["reportAsOf"] = Node(await tracking.GetReportAsync(asOf, null)),
            ["knownAt"] = knownAt.ToString("O"),
            ["reportKnownAt"] = Node(await tracking.GetReportAsync(null, knownAt)),
        };
    }

    private static JsonNode? Node(object value) => JsonSerializer.SerializeToNode(value, value.GetType(), Json);

    /// <summary>
    /// Where <paramref name="actual"/> differs from <paramref name="expected"/>. Properties that only <paramref name="actual"/>
    /// has are allowed: a later release may add optional fields (docs/versioning.md); it may not lose or change one.
    /// </summary>
    public static List<string> Differences(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        var found = new List<string>();
        Compare(expected, actual, path, found);
        return found;
    }

    private static void Compare(JsonNode? expected, JsonNode? actual, string path, List<string> found)
    {
        switch (expected)
        {
            case null when actual is null:
                return;
            case JsonObject e when actual is JsonObject a:
                foreach (var (name, value) in e)
                {
                    if (!a.ContainsKey(name)) found.Add($"{path}.{name}: missing (expected {value?.ToJsonString()})");
                    else Compare(value, a[name], $"{path}.{name}", found);
                }
                return;
            case JsonArray e when actual is JsonArray a:
                if (e.Count != a.Count) found.Add($"{path}: {a.Count} items, expected {e.Count}");
                for (var i = 0; i < Math.Min(e.Count, a.Count); i++) Compare(e[i], a[i], $"{path}[{i}]", found);
                return;
            case JsonValue e when actual is JsonValue a && JsonNode.DeepEquals(e, a):
                return;
            default:
                found.Add($"{path}: {actual?.ToJsonString() ?? "null"}, expected {expected?.ToJsonString() ?? "null"}");
                return;
        }
    }
}
