using System.Text.Json;
using System.Text.Json.Serialization;
using JasperFx.Events;
using Marten;
using Weasel.Core;

namespace Hubs.EventSourcing.Storage;

/// <summary>Everything the library needs from Marten's <see cref="StoreOptions"/>, applied through <c>ConfigureMarten</c>.</summary>
internal static class HubsStoreConfiguration
{
    public static void Apply(StoreOptions opts, HubsOptions hubs)
    {
        // The application's modules join the model before anything reads it (event names, projections, routing).
        foreach (var module in hubs.Modules)
            HubsModel.Register(module);
        var model = HubsModel.Bind(opts, hubs.Modules);
        // Readable stream keys (region:beijing) instead of GUIDs, for people and auditors alike.
        opts.Events.StreamIdentity = StreamIdentity.AsString;
        // Timestamps are assigned by the library before the append (they are hashed); this mode honours them.
        opts.Events.AppendMode = EventAppendMode.QuickWithServerTimestamps;
        opts.Events.TimeProvider = hubs.TimeProvider;
        opts.Events.MetadataConfig.CorrelationIdEnabled = true;
        opts.Events.MetadataConfig.CausationIdEnabled = true;
        opts.Events.MetadataConfig.HeadersEnabled = true;
        opts.Events.MetadataConfig.UserNameEnabled = true;
        foreach (var (type, name) in EventNames.ByType)
            opts.Events.MapEventType(type, name);
        // Older stored versions read as today's events in Marten too (aggregation, the async daemon): docs/versioning.md.
        foreach (var upcaster in EventNames.Upcasters)
            upcaster.Register(opts.Events);
        // The application's own event types registered so far must not be stored under the library's names.
        EventNameClashes.Check(opts);

        // Enums as stable kebab-case strings ("special-administrative-region"), never as integers. First in the list: with
        // EnumStorage.AsString Marten adds its own JsonStringEnumConverter (C# names) before this callback runs, and the first
        // converter that accepts a type wins. Reading accepts both spellings (0.1.0 stored the C# names in documents).
        opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase,
            o => o.Converters.Insert(0, new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower)));

        // The GIN index serves a signing writer's one question about a head it did not sign: which record signed it (HeadSigner).
        opts.Schema.For<ProcessedCommand>().Identity(x => x.Id).GinIndexJsonDataMember(x => x.Ranges!);
        opts.Schema.For<Auditing.StoreIdentity>().DocumentAlias(Auditing.StoreIdentity.Alias);
        // Read by raw SQL (StateLoader) under a fixed name; the index serves "latest checkpoint of this stream".
        opts.Schema.For<StateCheckpoint>().DocumentAlias(EventLog.MartenTables.CheckpointAlias).Index(x => x.StreamKey);

        // Tracking read models: async, so commands never pay for them (docs/tracking.md).
        foreach (var module in model.Modules)
            module.Tracking?.Register(opts);
        // Without AddAsyncDaemon(...) the projections are run by HubsTracking.CatchUpAsync/RebuildAsync, not by nobody:
        // say so, or Marten prints a "daemon is disabled" warning on stdout and corrupts --json output of one-shot tools.
        if (opts.Projections.AsyncMode == JasperFx.Events.Daemon.DaemonMode.Disabled)
            opts.Projections.AsyncMode = JasperFx.Events.Daemon.DaemonMode.ExternallyManaged;
    }
}
