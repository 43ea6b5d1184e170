using System.Security.Cryptography;
using System.Text;
using Hubs.EventSourcing.Testing;
using Npgsql;

namespace Hubs.SampleHost.Tests;

/// <summary>A fresh schema on the test server for one test: the host is pointed at it with --connection and --schema.</summary>
internal sealed class TestDatabase
{
    private TestDatabase(string connectionString, string schema) => (ConnectionString, Schema) = (connectionString, schema);

    public string ConnectionString { get; }
    public string Schema { get; }

    /// <summary>The storage options to append to a host command line.</summary>
    public string[] Options => ["--connection", ConnectionString, "--schema", Schema];

    public static async Task<TestDatabase> CreateAsync(string name)
    {
        var cs = await TestPostgres.ConnectionStringAsync();
        var schema = "host_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..12];
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"drop schema if exists {schema} cascade", conn);
        await cmd.ExecuteNonQueryAsync();
        return new TestDatabase(cs, schema);
    }

    /// <summary>Events stored in the schema (0 when the host never created its tables).</summary>
    public async Task<long> EventCountAsync()
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var exists = new NpgsqlCommand($"select to_regclass('{Schema}.mt_events') is not null", conn);
        if (!(bool)(await exists.ExecuteScalarAsync())!) return 0;
        await using var count = new NpgsqlCommand($"select count(*) from {Schema}.mt_events where stream_id <> 'mt_tombstone'", conn);
        return Convert.ToInt64(await count.ExecuteScalarAsync());
    }

    /// <summary>Runs SQL as the test server's superuser (tampering, roles).</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>The first column of the first row of a query.</summary>
    public async Task<object?> ScalarAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return await cmd.ExecuteScalarAsync();
    }

    /// <summary>Appends the storage options to a command line.</summary>
    public string[] Args(params string[] args) => [.. args, .. Options];
}
