using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text.Json;
using Hubs.EventSourcing.Hosting;
using Npgsql;

namespace Hubs.SampleHost.Tests;

/// <summary>The embedded server is reachable from this machine only and its files by their owner only; a password is used, never shown.</summary>
public sealed class SecurityTests
{
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task the_embedded_server_listens_on_loopback_only_and_its_data_directory_is_owner_only()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), $"hubs-sec-{Guid.NewGuid():N}");
        using var serve = HostProcess.Start("storage", "serve", "--data-dir", dataDir, "--json");
        await serve.WaitForOutputAsync("connection-string");
        using var info = JsonDocument.Parse(serve.StdOut);
        var connection = info.RootElement.GetProperty("connection-string").GetString()!;
        var port = new NpgsqlConnectionStringBuilder(connection).Port;
        try
        {
            var listening = ListeningAddresses(port);
            listening.ShouldNotBeEmpty($"something listens on port {port}");
            listening.ShouldAllBe(a => IPAddress.IsLoopback(a), $"port {port} is bound to loopback only, not {string.Join(", ", listening)}");
            await using (var conn = new NpgsqlConnection(connection))
            {
                await conn.OpenAsync();
                await using var cmd = new NpgsqlCommand("show listen_addresses", conn);
                (await cmd.ExecuteScalarAsync()).ShouldBe("127.0.0.1");
            }
            foreach (var address in OwnNonLoopbackAddresses())
            {
                using var client = new TcpClient(address.AddressFamily);
                Should.Throw<SocketException>(() => client.Connect(address, port), $"{address}:{port} must refuse connections");
            }
            (File.GetUnixFileMode(dataDir) & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
                                             UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute))
                .ShouldBe(UnixFileMode.None, "the data directory is readable by its owner only (0700)");
        }
        finally
        {
            serve.Signal(15);
            (await serve.WaitAsync()).ShouldBe(0, serve.StdErr);
            try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    [Fact]
    public async Task a_password_protected_server_works_with_the_connection_string_and_the_password_appears_nowhere()
    {
        const string password = "Sec-9f3Kq!pass";
        await using var server = await PrivatePostgres.StartAsync(new PrivatePostgresOptions());
        await RequirePasswordAsync(server, password);
        var connection = server.ConnectionString + ";Password=" + password;
        var wrong = server.ConnectionString + ";Password=Wrong-7Hx2pass";
        var dir = Directory.CreateTempSubdirectory("hubs-sec-").FullName;
        string[] storage = ["--connection", connection, "--schema", "secured"];

        var results = new List<(string What, int Code, string Text)>();
        async Task Run(string what, params string[] args)
        {
            var (code, output, err) = await HostProcess.RunAsync([.. args, .. storage, "--verbose"]);
            results.Add((what, code, output + err));
        }
        await Run("register", "region", "register", "sichuan", "--kind", "province");
        await Run("verify", "verify", "--save-digest", Path.Combine(dir, "digest.json"));
        await Run("export", "export", "--all", "--out", Path.Combine(dir, "export.jsonl"));
        await Run("evidence", "evidence", "--out", Path.Combine(dir, "bundle"));
        await Run("history", "history", "region:sichuan", "--json");
        var rejected = await HostProcess.RunAsync(["region", "register", "bad\u0001name", .. storage]);
        var refused = await HostProcess.RunAsync(["verify", "--connection", wrong, "--schema", "secured"]);
        var fromEnvironment = await HostProcess.RunAsync(["verify", "--schema", "secured"],
            new Dictionary<string, string> { ["HUBS_CONNECTION_STRING"] = connection });

        foreach (var (what, code, text) in results)
        {
            code.ShouldBe(0, $"{what}: {text}");
            text.ShouldNotContain(password, Case.Insensitive, $"{what} printed the password");
        }
        rejected.Code.ShouldBe(1, rejected.Err);
        (rejected.Out + rejected.Err).ShouldNotContain(password);
        refused.Code.ShouldBe(4, refused.Err);
        refused.Err.ShouldContain("password authentication failed");
        (refused.Out + refused.Err).ShouldNotContain("Wrong-7Hx2pass");
        fromEnvironment.Code.ShouldBe(0, fromEnvironment.Err);
        (fromEnvironment.Out + fromEnvironment.Err).ShouldNotContain(password);
        foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
            (await File.ReadAllTextAsync(file)).ShouldNotContain(password, customMessage: $"{Path.GetFileName(file)} holds the password");
        Directory.Delete(dir, recursive: true);
    }

    /// <summary>Sets a password and switches loopback TCP connections from trust to scram-sha-256.</summary>
    private static async Task RequirePasswordAsync(PrivatePostgres server, string password)
    {
        await using (var conn = new NpgsqlConnection(server.ConnectionString))
        {
            await conn.OpenAsync();
            await using var alter = new NpgsqlCommand($"alter user postgres password '{password}'", conn);
            await alter.ExecuteNonQueryAsync();
        }
        var hba = Path.Combine(server.DataDirectory, "pg_hba.conf");
        await File.WriteAllTextAsync(hba, "host all all 127.0.0.1/32 scram-sha-256\nhost all all ::1/128 scram-sha-256\n");
        await using (var conn = new NpgsqlConnection(server.ConnectionString + ";Password=" + password))
        {
            await conn.OpenAsync();
            await using var reload = new NpgsqlCommand("select pg_reload_conf()", conn);
            await reload.ExecuteNonQueryAsync();
        }
        // The reload is asynchronous: wait until a connection without the password is refused.
        await Faults.FaultKit.UntilAsync(async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await using var trust = new NpgsqlConnection(server.ConnectionString);
            try { await trust.OpenAsync(); return false; }
            catch (PostgresException ex) when (ex.SqlState == "28P01" || ex.SqlState == "28000") { return true; }
            catch (NpgsqlException) { return true; }
        }, TimeSpan.FromSeconds(30), "the server requiring a password");
    }

    /// <summary>Local addresses of listening TCP sockets on a port, from /proc/net/tcp and tcp6.</summary>
    private static List<IPAddress> ListeningAddresses(int port)
    {
        var found = new List<IPAddress>();
        foreach (var (file, length) in new[] { ("/proc/net/tcp", 4), ("/proc/net/tcp6", 16) })
        {
            if (!File.Exists(file)) continue;
            foreach (var line in File.ReadLines(file).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var local = fields[1].Split(':');
                if (fields[3] != "0A" || int.Parse(local[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture) != port) continue;
                var bytes = Convert.FromHexString(local[0]);
                // The kernel prints each 32-bit word in host (little-endian) order.
                for (var w = 0; w < length; w += 4) Array.Reverse(bytes, w, 4);
                found.Add(new IPAddress(bytes));
            }
        }
        return found;
    }

    private static IEnumerable<IPAddress> OwnNonLoopbackAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces().Where(n => n.OperationalStatus == OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses).Select(u => u.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
}
