using System.Text.Json;
using Hubs.EventSourcing;
using Hubs.EventSourcing.Tracking;
using Hubs.SampleHost.Infrastructure;

namespace Hubs.SampleHost.Views;

/// <summary>
/// Which targets in force are illustrative: those whose setting event cites an illustrative source (the demo's targets say
/// so in their source, <c>hubs demo (illustrative, not an official target)</c>; an analyst's own target does not). Read from
/// each stream's history, so it holds for the targets of any store, not only the demo's.
/// </summary>
internal sealed class TargetNotes
{
    private readonly HashSet<string> illustrative;

    private TargetNotes(HashSet<string> illustrative) => this.illustrative = illustrative;

    public static readonly TargetNotes None = new([]);

    public bool IsIllustrative(string owner, TargetTracking t) => illustrative.Contains(Key(owner, t.Metric.ToString(), t.Ranking));

    /// <summary>Reads the history of every cluster and region with a target, up to <paramref name="asOf"/>.</summary>
    public static async Task<TargetNotes> LoadAsync(HubsStore store, TrackingReport report, DateTimeOffset? asOf, CancellationToken ct)
    {
        var owners = report.Clusters.Where(c => c.Targets.Count > 0).Select(c => (c.Id, Key: $"cluster:{c.Id}"))
            .Concat(report.Regions.Where(r => r.Targets.Count > 0).Select(r => (r.Id, Key: $"region:{r.Id}")));
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, stream) in owners)
        {
            // The last setting of each metric wins, as in the read models.
            var latest = new Dictionary<string, bool>(StringComparer.Ordinal);
            await foreach (var e in store.Audit.HistoryAsync(stream, ct))
            {
                if (asOf is { } a && e.RecordedAt > a) break;
                if (!e.BaseEventType.EndsWith("_target_set", StringComparison.Ordinal)) continue;
                using var payload = JsonDocument.Parse(e.Payload);
                var metric = payload.RootElement.TryGetProperty("metric", out var m) ? m.GetString() ?? "" : "RdIntensity";
                var ranking = payload.RootElement.TryGetProperty("ranking", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
                latest[Key(id, metric, ranking)] = e.Source.Contains("illustrative", StringComparison.OrdinalIgnoreCase);
            }
            found.UnionWith(latest.Where(kv => kv.Value).Select(kv => kv.Key));
        }
        return new(found);
    }

    /// <summary>Metric names compared without case or separators: <c>rd-intensity</c>, <c>RdIntensity</c>, <c>rd_intensity</c>.</summary>
    private static string Key(string owner, string metric, string? ranking) =>
        $"{owner}|{new string(metric.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray())}|{ranking}";
}
