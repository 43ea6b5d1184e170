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

    public bool IsIllustrative(string owner, TargetTracking t) => IsIllustrative(owner, t.Metric, t.Ranking);

    public bool IsIllustrative(string owner, TargetMetric metric, string? ranking) => illustrative.Contains(Key(owner, metric.ToString(), ranking));

    /// <summary>Reads the history of every cluster and region with a target, up to <paramref name="asOf"/>.</summary>
    public static Task<TargetNotes> LoadAsync(HubsStore store, TrackingReport report, DateTimeOffset? asOf, CancellationToken ct) =>
        LoadAsync(store, report.Clusters.Where(c => c.Targets.Count > 0).Select(c => c.Id), report.Regions.Where(r => r.Targets.Count > 0).Select(r => r.Id), asOf, ct);

    /// <summary>Reads the history of the given clusters and regions, up to <paramref name="asOf"/>.</summary>
    public static async Task<TargetNotes> LoadAsync(HubsStore store, IEnumerable<string> clusters, IEnumerable<string> regions, DateTimeOffset? asOf, CancellationToken ct)
    {
        if (!store.HasEventStore) return None;
        var owners = clusters.Select(id => (Id: id, Key: $"cluster:{id}")).Concat(regions.Select(id => (Id: id, Key: $"region:{id}")));
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
