using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Enterprises;
using Hubs.EventSourcing.ExchangeRates;
using Hubs.EventSourcing.Regions;

namespace Hubs.EventSourcing.Storage;

/// <summary>
/// The stable name under which each event is stored in <c>mt_events.type</c>, and the names earlier versions were stored
/// under. These names are part of the stored history: never change or reuse one; rename the CLR type freely. The hash chain
/// covers the name, not the CLR type. Version 1 of an event is stored as <c>name</c>, version N as <c>name_vN</c>
/// (docs/versioning.md).
/// </summary>
internal static class EventNames
{
    /// <summary>The name each event is written under today (its current version).</summary>
    public static readonly IReadOnlyDictionary<Type, string> ByType = new Dictionary<Type, string>
    {
        // Version 2 of the events with an enum: the enum stored in the documented kebab-case form (0.2.0).
        [typeof(ClusterEstablished)] = "cluster_established_v2",
        [typeof(ClusterScopeExpanded)] = "cluster_scope_expanded_v2",
        [typeof(RegionJoinedCluster)] = "region_joined_cluster",
        [typeof(RegionLeftCluster)] = "region_left_cluster",
        [typeof(ClusterTargetSet)] = "cluster_target_set_v2",
        [typeof(GlobalRankRecorded)] = "global_rank_recorded",
        [typeof(MemberExcludedFromComposite)] = "member_excluded_from_composite",
        [typeof(MemberReinstatedInComposite)] = "member_reinstated_in_composite",
        [typeof(RegionRegistered)] = "region_registered_v2",
        [typeof(RdIntensityReported)] = "rd_intensity_reported",
        [typeof(RdIntensityRevised)] = "rd_intensity_revised",
        [typeof(RegionTargetSet)] = "region_target_set_v2",
        [typeof(RegionAssignedToCluster)] = "region_assigned_to_cluster",
        [typeof(RegionReleasedFromCluster)] = "region_released_from_cluster",
        [typeof(EnterpriseRegistered)] = "enterprise_registered",
        [typeof(BranchPlanned)] = "branch_planned",
        [typeof(BranchOpened)] = "branch_opened",
        [typeof(BranchClosed)] = "branch_closed",
        [typeof(TechnologyTransferred)] = "technology_transferred",
        [typeof(ExchangeRateRecorded)] = "exchange_rate_recorded",
    };

    /// <summary>
    /// Every older stored name, with the upcast to today's event. Each upcast lives next to its event (e.g.
    /// Regions/RegionEvents.V1.cs); every reader goes through these — Marten's (HubsStoreConfiguration) and the library's
    /// raw readers (StoredEventReader.ToEventData) alike.
    /// </summary>
    public static readonly IReadOnlyList<EventUpcaster> Upcasters =
    [
        EventUpcaster.Of<ClusterEstablishedV1, ClusterEstablished>("cluster_established", v1 => v1.Upcast()),
        EventUpcaster.Of<ClusterScopeExpandedV1, ClusterScopeExpanded>("cluster_scope_expanded", v1 => v1.Upcast()),
        EventUpcaster.Of<ClusterTargetSetV1, ClusterTargetSet>("cluster_target_set", v1 => v1.Upcast()),
        EventUpcaster.Of<RegionRegisteredV1, RegionRegistered>("region_registered", v1 => v1.Upcast()),
        EventUpcaster.Of<RegionTargetSetV1, RegionTargetSet>("region_target_set", v1 => v1.Upcast()),
    ];

    /// <summary>
    /// True for a stored name of one of the library's events, in any version (older ones it upcasts, newer ones it refuses to
    /// read): any other type on its streams was appended without it.
    /// </summary>
    public static bool IsOwned(string storedName) => CurrentVersions.ContainsKey(Parse(storedName).BaseName);

    public static string Of(Type eventType) =>
        ByType.TryGetValue(eventType, out var name) ? name : throw new ArgumentException($"{eventType.Name} is not a Hubs event.");

    /// <summary>Splits a stored name into the event's base name and version: <c>region_registered_v2</c> → (<c>region_registered</c>, 2).</summary>
    public static (string BaseName, int Version) Parse(string storedName)
    {
        var at = storedName.LastIndexOf("_v", StringComparison.Ordinal);
        return at > 0 && int.TryParse(storedName.AsSpan(at + 2), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var version) && version >= 2
            ? (storedName[..at], version)
            : (storedName, 1);
    }

    /// <summary>Base name → the newest version this library reads.</summary>
    public static readonly IReadOnlyDictionary<string, int> CurrentVersions =
        ByType.Values.Select(Parse).ToDictionary(p => p.BaseName, p => p.Version, StringComparer.Ordinal);

    /// <summary>
    /// The error for a stored name of a Hubs event that this library cannot read: a later version (written by a newer
    /// release), or an older one without an upcast (a bug: every older version keeps its upcast for good). Null when the name
    /// is not a Hubs event at all — whatever a reader does with foreign events, it must never skip a Hubs one.
    /// </summary>
    public static Exception? VersionError(string storedName, string? where)
    {
        var (baseName, version) = Parse(storedName);
        if (!CurrentVersions.TryGetValue(baseName, out var current) || version == current) return null;
        var at = where is null ? "" : $" ({where})";
        return version > current
            ? new NotSupportedException(
                $"Stored event '{storedName}'{at} is version {version} of '{baseName}', but this release of Hubs.EventSourcing reads " +
                $"'{baseName}' up to version {current}. It was written by a newer release: upgrade the library to read it.")
            : new InvalidOperationException(
                $"Stored event '{storedName}'{at} is version {version} of '{baseName}' and no upcast to version {current} is registered " +
                "(Storage/EventNames.Upcasters): older versions must stay readable for good (docs/versioning.md).");
    }
}

/// <summary>An older stored form of an event and its upcast to today's event type.</summary>
/// <param name="StoredName">The name the older version is stored under.</param>
/// <param name="StoredType">The CLR shape of the stored payload (a <c>…V1</c> record next to the event).</param>
/// <param name="EventType">Today's event.</param>
/// <param name="Upcast">Stored object → today's event.</param>
/// <param name="Register">Registers the same upcast with Marten (for its aggregation and the async daemon).</param>
internal sealed record EventUpcaster(string StoredName, Type StoredType, Type EventType, Func<object, object> Upcast,
    Action<Marten.Events.IEventStoreOptions> Register)
{
    public static EventUpcaster Of<TStored, TEvent>(string storedName, Func<TStored, TEvent> upcast)
        where TStored : class where TEvent : class =>
        new(storedName, typeof(TStored), typeof(TEvent), stored => upcast((TStored)stored),
            events => events.Upcast(storedName, upcast));
}
