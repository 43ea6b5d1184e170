using Hubs.EventSourcing.Hosting;

namespace Hubs.EventSourcing.Testing;

/// <summary>
/// The PostgreSQL a test run uses: <c>HUBS_CONNECTION_STRING</c> when set, otherwise one private server per test process
/// (fsync off, throwaway data directory), started on first use and stopped when the process exits. A run killed half-way
/// leaves its server behind only until the next run starts, which stops it.
/// </summary>
public static class TestPostgres
{
    /// <summary>Environment variable that points tests (and the host) at an existing server.</summary>
    public const string ConnectionStringVariable = "HUBS_CONNECTION_STRING";

    private static readonly Lazy<Task<string>> Shared = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The private server, when one was started (null when <c>HUBS_CONNECTION_STRING</c> is used).</summary>
    public static PrivatePostgres? Server { get; private set; }

    /// <summary>Connection string of the server for this test run.</summary>
    public static Task<string> ConnectionStringAsync() => Shared.Value;

    private static async Task<string> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
        Server = await PrivatePostgres.StartAsync(new PrivatePostgresOptions { Durable = false }).ConfigureAwait(false);
        return Server.ConnectionString;
    }
}
