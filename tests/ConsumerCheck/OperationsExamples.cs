using Hubs.EventSourcing.Hosting;
using JasperFx;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace ConsumerCheck;

/// <summary>
/// The configuration shown in docs/operations.md. Compiled against the packed package (never run here: it needs a
/// production server), so a changed API breaks the consumer check instead of the page.
/// </summary>
internal static class OperationsExamples
{
    public static void AddHubsForProduction(IServiceCollection services)
    {
        // begin-snippet: operations-production
        var connectionString = Environment.GetEnvironmentVariable("HUBS_CONNECTION_STRING")
            ?? throw new InvalidOperationException("Set HUBS_CONNECTION_STRING, e.g. Host=db;Username=hubs;Password=…;Database=hubs");
        services.AddMarten(options =>
            {
                options.Connection(connectionString);
                options.DatabaseSchemaName = "hubs";
                options.AutoCreateSchemaObjects = AutoCreate.None;  // schema changes are applied explicitly (db-apply)
            })
            .AddAsyncDaemon(DaemonMode.HotCold);  // async projections run on one node at a time, with fail-over
        services.AddHubsEventSourcing();
        // end-snippet
    }

    public static async Task MigrateAsync(IServiceProvider provider)
    {
        // begin-snippet: operations-migrate
        var store = provider.GetRequiredService<IDocumentStore>();
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        // end-snippet
    }

    public static async Task RebuildAsync(IDocumentStore store, string projectionName, CancellationToken cancellationToken)
    {
        // begin-snippet: operations-rebuild
        using var daemon = await store.BuildProjectionDaemonAsync();
        await daemon.RebuildProjectionAsync(projectionName, cancellationToken);
        // end-snippet
    }

    public static async Task<string> StartPersistentServerAsync()
    {
        // begin-snippet: operations-private-postgres
        var server = await PrivatePostgres.StartAsync(new PrivatePostgresOptions { DataDirectory = "/var/lib/hubs/pg" });
        Console.WriteLine($"PostgreSQL on port {server.Port}, data in {server.DataDirectory}");
        // end-snippet
        await server.DisposeAsync();
        return server.ConnectionString;
    }
}
