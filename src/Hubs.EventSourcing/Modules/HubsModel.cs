using System.Runtime.CompilerServices;
using FluentValidation;
using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Enterprises;
using Hubs.EventSourcing.ExchangeRates;
using Hubs.EventSourcing.Indicators;
using Hubs.EventSourcing.Rankings;
using Hubs.EventSourcing.Regions;

namespace Hubs.EventSourcing;

/// <summary>
/// The one list of aggregate modules, and everything derived from it: which module owns a stream, which stream an event
/// belongs to, the stored name of every event, every command's rules and plan. Routing, state loading, the Marten
/// registration, <c>HubsSpec</c>, the tracking replay and the host's stream keys all read it. The model is process-wide, as
/// the CLR types it maps are (docs/decisions.md, "Aggregate modules"): registering a module is additive and idempotent, and
/// one that clashes with a registered module (prefix, stored name, event or command type) is refused.
/// </summary>
internal static class HubsModel
{
    /// <summary>The library's own aggregates. Adding one: a folder with its module, and a line here.</summary>
    public static readonly IReadOnlyList<HubsModule> BuiltIn =
    [
        ClusterModule.Module,
        RegionModule.Module,
        EnterpriseModule.Module,
        ExchangeRateModule.Module,
        IndicatorModule.Module,
        RankingModule.Module,
    ];

    private static readonly Lock Gate = new();
    private static volatile Snapshot _current = Snapshot.Of(BuiltIn);

    // A model in force for one flow of work (a spec over its own module set), instead of the process-wide one.
    private static readonly AsyncLocal<Snapshot?> Ambient = new();

    public static Snapshot Current => Ambient.Value ?? _current;

    /// <summary>Runs <paramref name="work"/> with <paramref name="model"/> as the model every lookup reads, on this flow only.</summary>
    public static T Within<T>(Snapshot model, Func<T> work)
    {
        var outer = Ambient.Value;
        Ambient.Value = model;
        try
        {
            return work();
        }
        finally
        {
            Ambient.Value = outer;
        }
    }

    /// <summary>The library's modules and <paramref name="added"/>, as a model of its own (not registered process-wide).</summary>
    public static Snapshot With(IEnumerable<HubsModule> added)
    {
        var modules = added.Where(m => !BuiltIn.Contains(m)).Distinct().ToList();
        var model = Snapshot.Of([.. BuiltIn, .. modules]);
        foreach (var m in modules) m.Frozen = true;
        return model;
    }

    // Each store's own model: the library's modules and the ones its HubsOptions added, nothing another store added.
    private static readonly ConditionalWeakTable<Marten.StoreOptions, Snapshot> ByStore = new();

    /// <summary>Binds a store's options to its module set (the library's modules, then <paramref name="added"/>).</summary>
    public static Snapshot Bind(Marten.StoreOptions options, IEnumerable<HubsModule> added)
    {
        var model = With(added);
        ByStore.AddOrUpdate(options, model);
        return model;
    }

    /// <summary>
    /// The modules of one store: what its read models, rebuilds, loads and health checks are derived from, so two stores in one
    /// process can hold different module sets. A store not configured through the library sees the process-wide union.
    /// </summary>
    public static Snapshot For(Marten.IDocumentStore store) =>
        store.Options is Marten.StoreOptions options && ByStore.TryGetValue(options, out var model) ? model : _current;

    public static IReadOnlyList<HubsModule> All => Current.Modules;

    /// <summary>Adds a module to the model (no-op when it is registered already); refuses one that clashes.</summary>
    public static void Register(HubsModule module)
    {
        ArgumentNullException.ThrowIfNull(module);
        lock (Gate)
        {
            if (_current.Modules.Contains(module)) return;
            _current = Snapshot.Of([.. _current.Modules, module]);
            module.Frozen = true;
        }
    }

    public static HubsModule Of(string streamKey) =>
        TryOf(streamKey)
        ?? throw new ArgumentException(
            $"'{streamKey}' is not a Hubs stream key (expected {string.Join(", ", All.Select(k => k.Prefix + ":…"))}).", nameof(streamKey));

    /// <summary>The module owning a stream, or null for a stream no module owns (another application's, in a shared store).</summary>
    public static HubsModule? TryOf(string streamKey)
    {
        foreach (var m in Current.Modules)
            if (streamKey.Length > m.Prefix.Length && streamKey[m.Prefix.Length] == ':' && streamKey.StartsWith(m.Prefix, StringComparison.Ordinal))
                return m;
        return null;
    }

    /// <summary>The stream an event belongs to, from its module's declaration.</summary>
    public static string StreamOf(object e) =>
        Current.EventsByType.TryGetValue(e.GetType(), out var d)
            ? d.StreamKey(e)
            : throw new ArgumentException($"{e.GetType().Name} is not an event of any registered module (HubsOptions.AddModule).");

    /// <summary>Everything derived from one list of modules, built once per registration.</summary>
    internal sealed class Snapshot
    {
        private Snapshot(IReadOnlyList<HubsModule> modules)
        {
            Modules = modules;
            var prefixes = new HashSet<string>(StringComparer.Ordinal);
            var names = new Dictionary<string, Type>(StringComparer.Ordinal);
            foreach (var m in modules)
            {
                if (!prefixes.Add(m.Prefix)) throw new ArgumentException($"Two modules claim the stream prefix '{m.Prefix}'.");
                foreach (var e in m.Events)
                {
                    if (!EventsByType.TryAdd(e.Type, e)) throw new ArgumentException($"{e.Type.Name} is declared by two modules.");
                    if (!names.TryAdd(e.StoredName, e.Type))
                        throw new ArgumentException($"The stored name '{e.StoredName}' is declared for both {names[e.StoredName].Name} and {e.Type.Name}.");
                }
                foreach (var u in m.Upcasters)
                    if (!names.TryAdd(u.StoredName, u.StoredType))
                        throw new ArgumentException($"The stored name '{u.StoredName}' is declared twice (upcast of {u.EventType.Name}).");
                foreach (var c in m.Commands)
                    if (!Commands.TryAdd(c.Type, c with { Validator = c.Validator is null ? null : NameFieldsAsInJson(c.Validator) }))
                        throw new ArgumentException($"{c.Type.Name} is declared by two modules.");
            }
            NamesByType = EventsByType.ToDictionary(p => p.Key, p => p.Value.StoredName);
            Upcasters = modules.SelectMany(m => m.Upcasters).ToList();
            CurrentVersions = NamesByType.Values.Select(Storage.EventNames.Parse)
                .ToDictionary(p => p.BaseName, p => p.Version, StringComparer.Ordinal);
        }

        public static Snapshot Of(IReadOnlyList<HubsModule> modules) => new(modules);

        public IReadOnlyList<HubsModule> Modules { get; }
        public Dictionary<Type, EventDeclaration> EventsByType { get; } = [];
        public Dictionary<Type, CommandDeclaration> Commands { get; } = [];
        public IReadOnlyDictionary<Type, string> NamesByType { get; }
        public IReadOnlyList<Storage.EventUpcaster> Upcasters { get; }
        public IReadOnlyDictionary<string, int> CurrentVersions { get; }

        /// <summary>Messages name fields as users know them from JSON (<c>regionId</c>), not as C# or FluentValidation spell them (<c>Region Id</c>).</summary>
        private static IValidator NameFieldsAsInJson(IValidator validator)
        {
            foreach (var rule in (IEnumerable<IValidationRule>)validator)
                if (rule.PropertyName is { } name) rule.SetDisplayName(MessageCulture.FieldName(name));
            return validator;
        }
    }
}
