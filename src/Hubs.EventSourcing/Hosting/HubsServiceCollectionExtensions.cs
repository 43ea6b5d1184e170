using Hubs.EventSourcing;
using Hubs.EventSourcing.Storage;
using Hubs.EventSourcing.Tracking;
using Marten;

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
        services.AddSingleton(sp => new HubsCommands(sp.GetRequiredService<IDocumentStore>(), options));
        services.AddSingleton(sp => new HubsQueries(sp.GetRequiredService<IDocumentStore>()));
        services.AddSingleton(sp => new HubsTracking(sp.GetRequiredService<IDocumentStore>()));
        services.AddSingleton(sp => new HubsAudit(sp.GetRequiredService<IDocumentStore>(), options));
        return services;
    }
}
