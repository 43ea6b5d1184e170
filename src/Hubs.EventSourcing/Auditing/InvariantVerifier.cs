using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Integrity;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Storage;
using Npgsql;

namespace Hubs.EventSourcing.Auditing;

/// <summary>
/// Re-checks the domain's cross-stream rules over the stored history, whatever the hashes say: a chain proves what was
/// appended, not that it was decided on a true state (a decision on an edited checkpoint, or a forged but correctly hashed
/// append, leaves a valid chain). Rules: a region is a member of at most one cluster at every point, the clusters'
/// member lists agree with the regions' own assignments, and no cluster counts a city beside the region it lies in
/// (<c>parent-and-child-in-cluster</c>: its figures would be counted twice).
/// </summary>
/// <remarks>
/// Membership events are taken in recorded-at order (then sequence). One unit of work carries one recorded-at, and a unit
/// that touches a region's stream is never recorded before an earlier unit on that stream, so the rules are checked after
/// each group of events sharing a recorded-at: never inside a unit (the cluster and region sides of a join are two rows).
/// </remarks>
internal sealed class InvariantVerifier
{
    private readonly Dictionary<string, SortedSet<string>> _memberOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _assignedTo = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _parentOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string StreamKey, long Version)> _touched = new(StringComparer.Ordinal);
    private readonly HashSet<string> _broken = new(StringComparer.Ordinal);
    private readonly List<ChainBreak> _breaks = [];
    private DateTimeOffset _groupAt = DateTimeOffset.MinValue;

    public static readonly string[] MembershipTypes =
    [
        EventNames.Of(typeof(RegionJoinedCluster)), EventNames.Of(typeof(RegionLeftCluster)),
        EventNames.Of(typeof(RegionAssignedToCluster)), EventNames.Of(typeof(RegionReleasedFromCluster)),
        EventNames.Of(typeof(RegionParentRecorded)),
    ];

    public static async Task<List<ChainBreak>> RunAsync(NpgsqlConnection conn, StoredEventReader reader, CancellationToken ct)
    {
        var verifier = new InvariantVerifier();
        await using var cmd = new NpgsqlCommand(EventLog.EventLogSql.EventsOfTypesByTime(reader.Schema), conn)
        {
            Parameters = { new NpgsqlParameter { Value = MembershipTypes } },
        };
        await using var rows = await cmd.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct).ConfigureAwait(false);
        while (await rows.ReadAsync(ct).ConfigureAwait(false))
        {
            var key = rows.GetString(0);
            var version = rows.GetInt64(1);
            var (type, payload, recordedAt) = (rows.GetString(2), rows.GetString(3), rows.GetFieldValue<DateTimeOffset>(4));
            // Membership events are the library's own types; on another application's stream they are not its history, and
            // one the library did not seal is not either (folds skip it; the hash pass reports it).
            if (!StoredEventReader.IsOwnedStream(key) || !EventSeal.IsSealed(rows.GetString(5))) continue;
            object? data;
            try
            {
                data = reader.ToEventData(type, payload, $"{key} v{version}");
            }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or NotSupportedException or InvalidOperationException
                                           or InvalidCastException or ArgumentException)
            {
                // Verify never stops on a row it meets.
                verifier._breaks.Add(new ChainBreak(key, version, BreakKind.InvariantViolation,
                    $"the membership event at version {version} cannot be read ({ex.Message}): the rules cannot be checked over it"));
                continue;
            }
            if (data is not null) verifier.Add(key, version, recordedAt, data);
        }
        return verifier.Finish();
    }

    /// <summary>Takes one membership event (other events are ignored), in recorded-at then sequence order.</summary>
    public void Add(string streamKey, long version, DateTimeOffset recordedAt, object data)
    {
        if (recordedAt != _groupAt)
        {
            CheckGroup();
            _groupAt = recordedAt;
        }
        string region;
        switch (data)
        {
            case RegionJoinedCluster e: MembersOf(region = e.RegionId).Add(e.ClusterId); break;
            case RegionLeftCluster e: MembersOf(region = e.RegionId).Remove(e.ClusterId); break;
            case RegionAssignedToCluster e: _assignedTo[region = e.RegionId] = e.ClusterId; break;
            case RegionReleasedFromCluster e: _assignedTo[region = e.RegionId] = null; break;
            case RegionParentRecorded e: _parentOf[region = e.RegionId] = e.ParentRegionId; break;
            default: return;
        }
        _touched[region] = (streamKey, version);
    }

    public List<ChainBreak> Finish()
    {
        CheckGroup();
        return _breaks;
    }

    /// <summary>The city and the region it lies in, both members of one cluster (either side may be the one just touched).</summary>
    private (string? Problem, string? Broken) ParentAndChild(string region, string? cluster)
    {
        if (cluster is null) return (null, null);
        var (city, parent) = _parentOf.TryGetValue(region, out var p) && MembersOf(p).Contains(cluster) ? (region, p)
            : (_parentOf.FirstOrDefault(kv => kv.Value == region && MembersOf(kv.Key).Contains(cluster)).Key, region);
        return city is null ? (null, null)
            : ($"after the change recorded at {HashChain.FormatTimestamp(_groupAt)}, cluster '{cluster}' counts city '{city}' beside " +
               $"'{parent}', the region it lies in: a cluster counts a place once (parent-and-child-in-cluster)", $"{city} in {parent}");
    }

    private SortedSet<string> MembersOf(string region) =>
        _memberOf.TryGetValue(region, out var set) ? set : _memberOf[region] = new SortedSet<string>(StringComparer.Ordinal);

    private void CheckGroup()
    {
        foreach (var (region, (key, version)) in _touched)
        {
            var clusters = MembersOf(region);
            _assignedTo.TryGetValue(region, out var assigned);
            string? problem = null;
            var broken = region;
            if (clusters.Count > 1)
                problem = $"after the change recorded at {HashChain.FormatTimestamp(_groupAt)}, region '{region}' is a member of " +
                          $"{clusters.Count} clusters at once ({string.Join(", ", clusters)}): a region belongs to at most one cluster";
            else if (!string.Equals(clusters.FirstOrDefault(), assigned, StringComparison.Ordinal))
                problem = $"after the change recorded at {HashChain.FormatTimestamp(_groupAt)}, the clusters list region '{region}' as a member of " +
                          $"{(clusters.Count == 0 ? "none" : $"'{clusters.Min}'")} but the region's stream assigns it to {(assigned is null ? "none" : $"'{assigned}'")}";
            else (problem, broken) = ParentAndChild(region, clusters.FirstOrDefault());
            // Reported where it starts (a city and its parent once, whichever side was touched); a rule that stays broken is not
            // reported again until it has held once more.
            if (problem is null) _broken.RemoveWhere(k => k == region || k.StartsWith(region + " in ", StringComparison.Ordinal)
                                                                      || k.EndsWith(" in " + region, StringComparison.Ordinal));
            else if (_broken.Add(broken!)) _breaks.Add(new ChainBreak(key, version, BreakKind.InvariantViolation, problem));
        }
        _touched.Clear();
    }
}
