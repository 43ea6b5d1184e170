using Hubs.EventSourcing;
using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.Diagnostics;
using Hubs.EventSourcing.Storage;
using Hubs.EventSourcing.Tracking;
using Marten;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

// The ecosystem convention: DI extensions live in the DI namespace so they show up without an extra using.
// ReSharper disable once CheckNamespace
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Hubs.EventSourcing on top of Marten.</summary>
public static class HubsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Hubs event store conventions to the Marten store registered with <c>services.AddMarten(...)</c>
    /// (through Marten's <c>ConfigureMarten</c> hook), and registers <see cref="HubsCommands"/>, <see cref="HubsQueries"/>,
    /// <see cref="HubsTracking"/> and <see cref="HubsAudit"/>.
    /// </summary>
    /// <param name="services">The service collection that already holds (or will hold) <c>AddMarten</c>.</param>
    /// <param name="configure">Optional settings, e.g. a fake clock for tests.</param>
    public static IServiceCollection AddHubsEventSourcing(this IServiceCollection services, Action<HubsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new HubsOptions();
        configure?.Invoke(options);
        services.AddSingleton(options);
        services.ConfigureMarten(opts => HubsStoreConfiguration.Apply(opts, options));
        // Logging is optional: without an ILoggerFactory registered, the library is silent.
        services.TryAddSingleton(sp => new HubsLog(sp.GetService<ILoggerFactory>()));
        // One reader of stored events and one state loader for the store, shared by the facades.
        services.TryAddSingleton(sp => new StateLoader(Checked(sp.GetRequiredService<IDocumentStore>()),
            new StoredEventReader(sp.GetRequiredService<IDocumentStore>(), sp.GetRequiredService<HubsLog>())));
        services.AddSingleton(sp => new HubsCommands(sp.GetRequiredService<IDocumentStore>(), options, sp.GetRequiredService<StateLoader>(),
            sp.GetRequiredService<HubsLog>()));
        services.AddSingleton(sp => new HubsQueries(sp.GetRequiredService<IDocumentStore>(), sp.GetRequiredService<StateLoader>()));
        services.AddSingleton(sp => new HubsTracking(Checked(sp.GetRequiredService<IDocumentStore>()), sp.GetRequiredService<HubsLog>()));
        services.AddSingleton(sp => new HubsAudit(options, sp.GetRequiredService<StateLoader>(), sp.GetRequiredService<HubsLog>()));
        return services;
    }

    // Every ConfigureMarten has run once the store exists: check the names again before the library first uses it.
    private static IDocumentStore Checked(IDocumentStore store)
    {
        EventNameClashes.Check((StoreOptions)store.Options);
        return store;
    }

    /// <summary>
    /// Adds a health check of the Marten store that Hubs.EventSourcing uses: reachable, schema current, and the tracking
    /// projections within <see cref="HubsHealthCheckOptions.MaxProjectionLag"/> events of the log's end (degraded beyond).
    /// </summary>
    /// <param name="builder">From <c>services.AddHealthChecks()</c>.</param>
    /// <param name="configure">Optional settings, e.g. the lag bound.</param>
    /// <param name="name">The check's name in reports.</param>
    /// <param name="failureStatus">Reported when the store is unreachable or its schema is not current; unhealthy by default.</param>
    /// <param name="tags">Tags to filter checks by (e.g. <c>ready</c>).</param>
    public static IHealthChecksBuilder AddHubsEventSourcing(this IHealthChecksBuilder builder, Action<HubsHealthCheckOptions>? configure = null,
        string name = "hubs-event-store", HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new HubsHealthCheckOptions();
        configure?.Invoke(options);
        return builder.Add(new HealthCheckRegistration(name, sp => new HubsHealthCheck(sp.GetRequiredService<IDocumentStore>(), options),
            failureStatus, tags));
    }
}
