using System.Diagnostics;
using Hubs.EventSourcing;
using Hubs.EventSourcing.Hosting;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Spectre.Console;

namespace Hubs.SampleHost.Infrastructure;

/// <summary>
/// The event store a command works on: an existing server, or the embedded one started for the command's lifetime.
/// Disposing it stops the embedded server, which is what every exit path (including a signal) unwinds to.
/// </summary>
internal sealed class HubsStore : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private HubsStore(ServiceProvider services, PrivatePostgres? server, string connectionString, string schema)
    {
        _services = services;
        Server = server;
        ConnectionString = connectionString;
        Schema = schema;
    }

    /// <summary>Marten's hosted services (the async daemon's coordinator when one was asked for).</summary>
    public IEnumerable<Microsoft.Extensions.Hosting.IHostedService> HostedServices =>
        _services.GetServices<Microsoft.Extensions.Hosting.IHostedService>();

    public HubsCommands Commands => _services.GetRequiredService<HubsCommands>();
    public HubsQueries Queries => _services.GetRequiredService<HubsQueries>();
    public Hubs.EventSourcing.Tracking.HubsTracking Tracking => _services.GetRequiredService<Hubs.EventSourcing.Tracking.HubsTracking>();
    public HubsAudit Audit => _services.GetRequiredService<HubsAudit>();

    /// <summary>When the store recorded its first event (null for an empty store): what an empty as-of report is measured against.</summary>
    public async Task<DateTimeOffset?> FirstRecordedAtAsync(CancellationToken ct)
    {
        await using var session = _services.GetRequiredService<IDocumentStore>().QuerySession();
        var first = await session.Events.QueryAllRawEvents().OrderBy(e => e.Sequence).FirstOrDefaultAsync(ct);
        return first?.Timestamp;
    }

    /// <summary>Whether verify checks signed heads (a public or signing key was given).</summary>
    public bool SignaturesChecked => _services.GetRequiredService<HubsOptions>().VerificationKey is not null;
    public PrivatePostgres? Server { get; }
    public string ConnectionString { get; }
    public string Schema { get; }

    /// <summary>Time from process start until the store was ready for the first command (measured for cold start).</summary>
    public TimeSpan ReadyAfter { get; private set; }

    /// <summary>Time from process start until the server was up (or the connection string known).</summary>
    public TimeSpan ConnectingAfter { get; private set; }

    public static async Task<HubsStore> OpenAsync(StoreSettings settings, CancellationToken ct, DaemonMode daemon = DaemonMode.Disabled)
    {
        var connection = settings.Connection ?? NonEmpty(Environment.GetEnvironmentVariable("HUBS_CONNECTION_STRING"));
        if (connection is not null) CheckConnectionString(connection, settings.Connection is not null ? "--connection" : "HUBS_CONNECTION_STRING");
        PrivatePostgres? server = null;
        if (connection is null)
        {
            var dataDirectory = settings.Ephemeral ? null : settings.DataDirectory ?? StoreLocation.DefaultDataDirectory();
            try
            {
                // Not cancellable on purpose: abandoning pg_ctl half-way could leave a server nobody stops.
                server = await PrivatePostgres.StartAsync(
                    new PrivatePostgresOptions { DataDirectory = dataDirectory, Durable = dataDirectory is not null },
                    CancellationToken.None).ConfigureAwait(false);
            }
            catch (InvalidOperationException ex)
            {
                throw new StorageUnavailableException("the embedded PostgreSQL could not start. " + ex.Message, ex);
            }
            Consoles.Error.MarkupLineInterpolated(
                $"[grey]storage: embedded PostgreSQL, data {server.DataDirectory}{(settings.Ephemeral ? " (ephemeral)" : "")}, started in {server.StartupTime.TotalSeconds:0.00} s[/]");
            connection = server.ConnectionString;
        }

        var connecting = DateTime.Now - Process.GetCurrentProcess().StartTime;
        var services = new ServiceCollection();
        var marten = services.AddMarten(opts =>
        {
            opts.Connection(connection);
            opts.DatabaseSchemaName = settings.Schema;
        });
        if (daemon != DaemonMode.Disabled)
        {
            services.AddLogging();
            marten.AddAsyncDaemon(daemon);
        }
        if (settings.Verbose) HostTelemetry.AddVerboseLogging(services);
        services.AddHubsEventSourcing(o => SigningKeys.Apply(o, settings));
        var provider = services.BuildServiceProvider();
        var store = new HubsStore(provider, server, connection, settings.Schema);
        try
        {
            ct.ThrowIfCancellationRequested();
            await ApplySchemaAsync(provider.GetRequiredService<IDocumentStore>(), connection, settings.Schema, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw new StorageUnavailableException($"cannot use the event store ({Describe(connection)}): {ex.Message}", ex);
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        store.ConnectingAfter = connecting;
        store.ReadyAfter = DateTime.Now - Process.GetCurrentProcess().StartTime;
        return store;
    }

    /// <summary>
    /// A malformed connection string is a usage error (exit 2), said without echoing a password; a valid one's password is
    /// remembered so that no later message can print it.
    /// </summary>
    private static void CheckConnectionString(string connection, string origin)
    {
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connection).ConnectionString;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException or InvalidCastException or OverflowException)
        {
            throw new UsageException($"{origin} is not a valid PostgreSQL connection string: {Secrets.Redact(ex.Message)}");
        }
        Secrets.Register(connection);
    }

    /// <summary>
    /// Creates or updates the store's tables with the other hosts of this schema held off by a PostgreSQL advisory lock:
    /// several first runs at once (three importers on a new database) would otherwise race to create the same tables and
    /// all but one fail with 42P07. The lock is taken by key <c>hashtextextended('hubs-schema:' || schema, 0)</c>.
    /// </summary>
    private static async Task ApplySchemaAsync(IDocumentStore store, string connection, string schema, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync(ct).ConfigureAwait(false);
        await using (var timeout = new NpgsqlCommand("set lock_timeout = '120s'", conn))
            await timeout.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        await using (var lockCmd = new NpgsqlCommand("select pg_advisory_lock(hashtextextended('hubs-schema:' || $1, 0))", conn))
        {
            lockCmd.Parameters.Add(new NpgsqlParameter { Value = schema });
            await lockCmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        try
        {
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync().ConfigureAwait(false);
        }
        finally
        {
            // Explicitly: a pooled connection keeps its session locks while idle in the pool (the library takes the same
            // lock for its own lazy table creation). A process that dies releases them with its connection.
            await using var release = new NpgsqlCommand("select pg_advisory_unlock(hashtextextended('hubs-schema:' || $1, 0))", conn);
            release.Parameters.Add(new NpgsqlParameter { Value = schema });
            await release.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>With HUBS_TIMINGS set, prints cold-start figures on stderr: server start, store ready, and now.</summary>
    public void ReportTimings(string milestone)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("HUBS_TIMINGS"))) return;
        var now = DateTime.Now - Process.GetCurrentProcess().StartTime;
        Consoles.Error.WriteLine(FormattableString.Invariant(
            $"timings: server start took {Server?.StartupTime.TotalSeconds ?? 0:0.000} s; after process start: server up {ConnectingAfter.TotalSeconds:0.000} s, schema checked {ReadyAfter.TotalSeconds:0.000} s, {milestone} {now.TotalSeconds:0.000} s"));
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync().ConfigureAwait(false);
        if (Server is not null) await Server.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Host and database only: a connection string may carry a password.</summary>
    private static string Describe(string connection)
    {
        try
        {
            var b = new NpgsqlConnectionStringBuilder(connection);
            return $"host {b.Host}:{b.Port}, database {b.Database}";
        }
        catch (ArgumentException)
        {
            return "unparsable connection string";
        }
    }

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
