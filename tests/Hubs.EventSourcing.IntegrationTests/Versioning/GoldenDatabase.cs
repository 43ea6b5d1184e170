using System.Text.Json;
using Hubs.EventSourcing.IntegrationTests.Auditing;
using Hubs.EventSourcing.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Hubs.EventSourcing.IntegrationTests.Versioning;

/// <summary>
/// A golden store (tests/golden/&lt;release&gt;/) loaded into a database of its own on the test server, opened with this
/// release's configuration; the database is dropped when disposed.
/// </summary>
internal sealed class GoldenDatabase : IAsyncDisposable
{
    private readonly string _server;
    private readonly string _name;

    private GoldenDatabase(string server, string name, string directory, JsonDocument manifest)
    {
        _server = server;
        _name = name;
        Directory = directory;
        Manifest = manifest;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = false }.ConnectionString;
    }

    public static string Root => Path.Combine(AuditTestKit.RepositoryRoot(), "tests", "golden");

    public string ConnectionString { get; }
    public string Directory { get; }
    public JsonDocument Manifest { get; }
    public string Schema => Manifest.RootElement.GetProperty("schema").GetString()!;

    public static async Task<GoldenDatabase> LoadAsync(string release)
    {
        var directory = Path.Combine(Root, release);
        var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "manifest.json")));
        var server = await TestPostgres.ConnectionStringAsync();
        var name = $"golden_{release.Replace('.', '_')}_{Guid.NewGuid():N}"[..40];
        await ExecuteAsync(server, $"create database {name}");
        var database = new GoldenDatabase(server, name, directory, manifest);
        await ExecuteAsync(database.ConnectionString, await File.ReadAllTextAsync(Path.Combine(directory, "store.sql")));
        return database;
    }

    /// <summary>This release's library over the loaded store, with Marten's configured changes applied (the upgrade).</summary>
    public async Task<ServiceProvider> OpenAsync(Action<HubsOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddMarten(o =>
        {
            o.Connection(ConnectionString);
            o.DatabaseSchemaName = Schema;
        });
        services.AddHubsEventSourcing(configure);
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        return provider;
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"set search_path to {Schema}; {sql}", conn);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        Manifest.Dispose();
        await ExecuteAsync(_server, $"drop database if exists {_name} with (force)");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 300 };
        await cmd.ExecuteNonQueryAsync();
    }
}
