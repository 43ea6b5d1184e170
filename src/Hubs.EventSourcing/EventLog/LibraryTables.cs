using Marten;

namespace Hubs.EventSourcing.EventLog;

/// <summary>
/// The tables the library itself needs in a store, schema-qualified: Marten's event tables, the library's own documents
/// (processed commands, checkpoints, the store identity) and the read models of the store's modules. The health check
/// judges "schema current" on these alone: an application sharing the store has documents of its own, which Marten in its
/// development mode creates lazily, and their absence says nothing about the event store.
/// </summary>
internal static class LibraryTables
{
    public static string[] Of(IDocumentStore store)
    {
        var events = store.Options.Events.DatabaseSchemaName;
        var schema = store.Options.DatabaseSchemaName;
        var documents = new[] { MartenTables.ProcessedCommands, MartenTables.Checkpoints, MartenTables.StoreIdentity }.Select(t => $"{schema}.{t}")
            .Concat(HubsModel.For(store).Modules.Where(m => m.Tracking is not null)
                .Select(m => store.Options.FindOrResolveDocumentType(m.Tracking!.DocumentType).TableName.QualifiedName));
        return new[] { MartenTables.Events, MartenTables.Streams, MartenTables.Progression }.Select(t => $"{events}.{t}")
            .Concat(documents).Distinct(StringComparer.Ordinal).ToArray();
    }
}
