using Marten;

namespace Hubs.EventSourcing.Storage;

/// <summary>
/// Refuses a store in which an event type of the application is stored under one of the library's names: Marten's default
/// alias of a type is its snake-cased name, so an application's own <c>BranchOpened</c> is stored as <c>branch_opened</c>,
/// which is also the library's, and Marten then reads one as the other. Checked when the library configures the store
/// (the types the application registered in <c>AddMarten</c>) and again when its services are first resolved (types
/// registered by any later <c>ConfigureMarten</c>). A type Marten meets only at its first append is not known before it;
/// docs/extending.md says how to keep names apart.
/// </summary>
internal static class EventNameClashes
{
    public static void Check(StoreOptions options)
    {
        var ours = new Dictionary<string, HashSet<Type>>(StringComparer.Ordinal);
        void Add(string name, params Type[] types)
        {
            if (!ours.TryGetValue(name, out var set)) ours[name] = set = [];
            set.UnionWith(types);
        }
        foreach (var (type, name) in EventNames.ByType) Add(name, type);
        // Marten registers each upcast under the older name for today's type.
        foreach (var u in EventNames.Upcasters) Add(u.StoredName, u.EventType, u.StoredType);

        var clashes = ((Marten.Events.EventGraph)options.Events).AllKnownEventTypes()
            .Where(t => ours.TryGetValue(t.EventTypeName, out var types) && !types.Contains(t.EventType))
            .Select(t => $"'{t.EventTypeName}' is the stored name of {string.Join(" and ", ours[t.EventTypeName].Select(x => x.FullName))} " +
                         $"but the store also maps {t.EventType.FullName} to it")
            .ToList();
        if (clashes.Count > 0)
            throw new InvalidOperationException(
                "Event types of the application are stored under names Hubs.EventSourcing uses: " + string.Join("; ", clashes) +
                ". Give them names of their own, e.g. opts.Events.MapEventType<MyEvent>(\"myapp.my_event\") (docs/extending.md).");
    }
}
