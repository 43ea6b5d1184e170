using System.Net.Sockets;
using Hubs.EventSourcing.Hosting;
using Npgsql;

namespace Hubs.EventSourcing.IntegrationTests.Hosting;

public sealed class PrivatePostgresTests
{
    [Fact]
    public async Task a_server_whose_owner_died_is_stopped_and_removed_by_the_next_start()
    {
        var orphan = await PrivatePostgres.StartAsync(new PrivatePostgresOptions { Durable = false });
        try
        {
            // Simulate a test run killed with -9: the owner recorded next to the data directory no longer exists.
            await File.WriteAllTextAsync(Path.Combine(orphan.DataDirectory, "hubs-owner.pid"), "2147483000 1");
            (await CanConnect(orphan.ConnectionString)).ShouldBeTrue();

            await using var next = await PrivatePostgres.StartAsync(new PrivatePostgresOptions { Durable = false });

            (await CanConnect(orphan.ConnectionString)).ShouldBeFalse("the orphaned server should have been stopped");
            Directory.Exists(orphan.DataDirectory).ShouldBeFalse("the orphan's throwaway data should have been deleted");
            (await CanConnect(next.ConnectionString)).ShouldBeTrue();
        }
        finally
        {
            await orphan.DisposeAsync();
        }
    }

    [Fact]
    public async Task a_persistent_data_directory_keeps_its_data_across_restarts_and_dispose_stops_the_server()
    {
        var dir = Path.Combine(Path.GetTempPath(), "hubs-persist-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await using (var first = await PrivatePostgres.StartAsync(new PrivatePostgresOptions { DataDirectory = dir }))
            {
                await Execute(first.ConnectionString, "create table kept(x int); insert into kept values (42)");
            }

            await using var second = await PrivatePostgres.StartAsync(new PrivatePostgresOptions { DataDirectory = dir });
            await using var conn = new NpgsqlConnection(second.ConnectionString);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("select x from kept", conn);
            ((int)(await cmd.ExecuteScalarAsync())!).ShouldBe(42);
            await conn.CloseAsync();

            await second.DisposeAsync();
            File.Exists(Path.Combine(dir, "postmaster.pid")).ShouldBeFalse("dispose should stop the server");
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task Execute(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<bool> CanConnect(string cs)
    {
        try
        {
            await using var conn = new NpgsqlConnection(cs + ";Timeout=3;Pooling=false");
            await conn.OpenAsync();
            return true;
        }
        catch (NpgsqlException) { return false; }
        catch (SocketException) { return false; }
    }
}
