using System.Security.Cryptography;
using System.Text;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Hubs.EventSourcing.Testing;

/// <summary>
/// A Hubs store in its own, freshly emptied PostgreSQL schema on <see cref="TestPostgres"/>: one per test class keeps
/// tests from seeing each other's data. Registered exactly as an application registers the library.
/// </summary>
public sealed class HubsTestStore : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private HubsTestStore(ServiceProvider services, string schema, string connectionString)
    {
        _services = services;
        Schema = schema;
        ConnectionString = connectionString;
    }

    /// <summary>The schema holding this store's tables.</summary>
    public string Schema { get; }

    /// <summary>Connection string of the server.</summary>
    public string ConnectionString { get; }

    /// <summary>The container the store was registered in.</summary>
    public IServiceProvider Services => _services;

    /// <summary>The Marten store.</summary>
    public IDocumentStore Store => _services.GetRequiredService<IDocumentStore>();

    /// <summary>The command service.</summary>
    public HubsCommands Commands => _services.GetRequiredService<HubsCommands>();

    /// <summary>The aggregate queries.</summary>
    public HubsQueries Queries => _services.GetRequiredService<HubsQueries>();

    /// <summary>The 2035 target tracking (scorecards, trackers, leaderboards; call <see cref="Tracking.HubsTracking.CatchUpAsync"/> first).</summary>
    public Tracking.HubsTracking Tracking => _services.GetRequiredService<Tracking.HubsTracking>();

    /// <summary>The auditor's view: history, time travel, verification, export.</summary>
    public HubsAudit Audit => _services.GetRequiredService<HubsAudit>();

    /// <summary>
    /// Creates a store in a schema derived from <paramref name="name"/> (e.g. the test class name), dropping whatever a
    /// previous run left there, and creates the tables.
    /// </summary>
    public static async Task<HubsTestStore> CreateAsync(string name, Action<HubsOptions>? configure = null,
        Action<StoreOptions>? configureMarten = null)
    {
        var connectionString = await TestPostgres.ConnectionStringAsync().ConfigureAwait(false);
        var schema = SchemaName(name);
        await using (var conn = new NpgsqlConnection(connectionString))
        {
            await conn.OpenAsync().ConfigureAwait(false);
            await using var cmd = new NpgsqlCommand($"drop schema if exists {schema} cascade", conn);
            await cmd.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        var services = new ServiceCollection();
        services.AddMarten(opts =>
        {
            opts.Connection(connectionString);
            opts.DatabaseSchemaName = schema;
            configureMarten?.Invoke(opts);
        });
        services.AddHubsEventSourcing(configure);
        var provider = services.BuildServiceProvider();
        var store = new HubsTestStore(provider, schema, connectionString);
        await store.Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync().ConfigureAwait(false);
        return store;
    }

    /// <summary>Runs a scalar SQL query against this store's schema (e.g. to count or tamper with rows).</summary>
    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync().ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand($"set search_path to {Schema}; {sql}", conn);
        var result = await cmd.ExecuteScalarAsync().ConfigureAwait(false);
        return (T)Convert.ChangeType(result!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Runs a SQL statement against this store's schema; returns the rows affected.</summary>
    public async Task<int> ExecuteAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync().ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand($"set search_path to {Schema}; {sql}", conn);
        return await cmd.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>Disposes the container (and the store).</summary>
    public ValueTask DisposeAsync() => _services.DisposeAsync();

    private static string SchemaName(string name)
    {
        var slug = new string(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..8];
        return $"t_{(slug.Length > 40 ? slug[..40] : slug)}_{hash}";
    }
}
