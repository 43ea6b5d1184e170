using Hubs.EventSourcing.Testing;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Hubs.EventSourcing.IntegrationTests.Tracking;

/// <summary>
/// A node of a hot/cold daemon cluster on a test store: its own container, told apart by its connections' application
/// name, with the test class's own daemon lock id (so no other test's daemon competes for its shards).
/// </summary>
internal static class DaemonNodes
{
    public static ServiceProvider Build(HubsTestStore store, string applicationName, int lockId)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMarten(o =>
        {
            o.Connection(new NpgsqlConnectionStringBuilder(store.ConnectionString) { ApplicationName = applicationName }.ConnectionString);
            o.DatabaseSchemaName = store.Schema;
            o.Projections.DaemonLockId = lockId;
            o.Projections.LeadershipPollingTime = 500;
        }).AddAsyncDaemon(DaemonMode.HotCold);
        services.AddHubsEventSourcing();
        return services.BuildServiceProvider();
    }
}
