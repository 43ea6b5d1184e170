namespace Hubs.EventSourcing.Storage;

/// <summary>
/// The stable name under which each event is stored in <c>mt_events.type</c>, and the names earlier versions were stored
/// under, read from the modules that declare them (<see cref="HubsModel"/>). These names are part of the stored history: never change or reuse one; rename the CLR type freely. The hash chain
/// covers the name, not the CLR type. Version 1 of an event is stored as <c>name</c>, version N as <c>name_vN</c>
/// (docs/versioning.md).
/// </summary>
internal static class EventNames
{
    /// <summary>The name each event is written under today (its current version), as its module declares it.</summary>
    public static IReadOnlyDictionary<Type, string> ByType => HubsModel.Current.NamesByType;

    /// <summary>
    /// Every older stored name, with the upcast to today's event, as the modules declare them (each upcast's payload type lives
    /// next to its event, e.g. Regions/RegionEvents.V1.cs); every reader goes through these — Marten's (HubsStoreConfiguration)
    /// and the library's raw readers (StoredEventReader.ToEventData) alike.
    /// </summary>
    public static IReadOnlyList<EventUpcaster> Upcasters => HubsModel.Current.Upcasters;

    /// <summary>
    /// True for a stored name of one of the library's events, in any version (older ones it upcasts, newer ones it refuses to
    /// read): any other type on its streams was appended without it.
    /// </summary>
    public static bool IsOwned(string storedName) => CurrentVersions.ContainsKey(Parse(storedName).BaseName);

    public static string Of(Type eventType) =>
        ByType.TryGetValue(eventType, out var name) ? name
            : throw new ArgumentException($"{eventType.Name} is not an event of any registered module (HubsOptions.AddModule).");

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
    public static IReadOnlyDictionary<string, int> CurrentVersions => HubsModel.Current.CurrentVersions;

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
                "(HubsModule.Upcast): older versions must stay readable for good (docs/versioning.md).");
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
