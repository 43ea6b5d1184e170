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
    public IDocumentStore Documents => _services.GetRequiredService<IDocumentStore>();

    /// <summary>When the store recorded its first event (null for an empty store): what an empty as-of report is measured against.</summary>
    public async Task<DateTimeOffset?> FirstRecordedAtAsync(CancellationToken ct)
    {
        if (!HasEventStore) return null;
        await using var session = Documents.QuerySession();
        var first = await session.Events.QueryAllRawEvents().OrderBy(e => e.Sequence).FirstOrDefaultAsync(ct);
        return first?.Timestamp;
    }

    /// <summary>Whether verify checks signed ranges (a public or signing key was given).</summary>
    public bool SignaturesChecked => _services.GetRequiredService<HubsOptions>().VerificationKey is not null;
    public PrivatePostgres? Server { get; }
    public string ConnectionString { get; }
    public string Schema { get; }

    /// <summary>Time from process start until the store was ready for the first command (measured for cold start).</summary>
    public TimeSpan ReadyAfter { get; private set; }

    /// <summary>Time from process start until the server was up (or the connection string known).</summary>
    public TimeSpan ConnectingAfter { get; private set; }

    /// <summary>Time from process start until Marten's store was built (before any schema work).</summary>
    public TimeSpan OpenedAfter { get; private set; }

    /// <summary>What the schema check did on opening, and how long it took (null when the command manages the schema itself).</summary>
    public (string Work, TimeSpan Took)? SchemaChecked { get; private set; }

    /// <summary>Time from process start until the host's Main ran (the .NET runtime's own start).</summary>
    public static TimeSpan MainAfter { get; private set; }

    /// <summary>Called first thing in Main, for <see cref="MainAfter"/>.</summary>
    public static void MarkMain() => MainAfter = DateTime.Now - Process.GetCurrentProcess().StartTime;

    /// <summary>
    /// <c>HUBS_AUTO_MIGRATE=0</c>: the host never changes the schema (Marten's <c>AutoCreate.None</c>); a schema whose stored
    /// fingerprint is not this release's is refused until <c>hubs storage migrate</c> has run.
    /// </summary>
    public static bool AutomaticSchemaChanges =>
        !string.Equals(Environment.GetEnvironmentVariable("HUBS_AUTO_MIGRATE")?.Trim(), "0", StringComparison.Ordinal);

    /// <summary>Whether this process opened the store to write (what a storage failure's message may claim about writes).</summary>
    public static bool OpenedForWriting { get; private set; }

    /// <summary>
    /// False when a read-only command found no event store in the schema (nothing was ever written there): it reports that
    /// instead of creating one.
    /// </summary>
    public bool HasEventStore { get; private set; } = true;

    /// <summary>
    /// Opens the store for a command that only reads (verify, export, evidence, history, replay, report, diff, leaderboard):
    /// it must work under a role that may only SELECT, and change nothing — no DDL, no fingerprint, no read-model rows. A
    /// schema without an event store is a usage error (exit 2) unless <paramref name="emptyIsAnAnswer"/> (a report says
    /// "no events yet").
    /// </summary>
    public static async Task<HubsStore> OpenReadOnlyAsync(StoreSettings settings, CancellationToken ct, bool emptyIsAnAnswer = false)
    {
        var store = await OpenAsync(settings, ct, readOnly: true).ConfigureAwait(false);
        if (store.HasEventStore || emptyIsAnAnswer) return store;
        await store.DisposeAsync().ConfigureAwait(false);
        throw new UsageException(
            $"The schema '{settings.Schema}' holds no event store: nothing has been written to it (check --schema and --connection). A read-only command never creates one.");
    }

    /// <param name="settings">Where the store is.</param>
    /// <param name="ct">Cancels opening.</param>
    /// <param name="daemon">Whether to run Marten's async daemon.</param>
    /// <param name="checkSchema">False for a command that manages the schema itself (<c>storage migrate</c>).</param>
    /// <param name="readOnly">The command only reads: no schema change whatever the fingerprint (<see cref="OpenReadOnlyAsync"/>).</param>
    public static async Task<HubsStore> OpenAsync(StoreSettings settings, CancellationToken ct, DaemonMode daemon = DaemonMode.Disabled,
        bool checkSchema = true, bool readOnly = false)
    {
        OpenedForWriting |= !readOnly;
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
            // A reader never changes the schema: Marten would otherwise apply its DDL on first use of a table.
            if (!AutomaticSchemaChanges || !checkSchema || readOnly) opts.AutoCreateSchemaObjects = JasperFx.AutoCreate.None;
        });
        if (daemon != DaemonMode.Disabled)
        {
            services.AddLogging();
            marten.AddAsyncDaemon(daemon);
        }
        if (settings.Verbose) HostTelemetry.AddVerboseLogging(services);
        services.AddHubsEventSourcing(o =>
        {
            o.RefuseFuturePublications = true;
            SigningKeys.Apply(o, settings);
        });
        var provider = services.BuildServiceProvider();
        var store = new HubsStore(provider, server, connection, settings.Schema);
        try
        {
            ct.ThrowIfCancellationRequested();
            var documents = provider.GetRequiredService<IDocumentStore>();
            store.OpenedAfter = DateTime.Now - Process.GetCurrentProcess().StartTime;
            if (readOnly) store.SchemaChecked = await store.CheckSchemaReadOnlyAsync(documents, ct).ConfigureAwait(false);
            else if (checkSchema) store.SchemaChecked = await CheckSchemaAsync(documents, settings.Schema, ct).ConfigureAwait(false);
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
    /// Applies the schema changes only when the stored schema fingerprint differs from this release's configuration
    /// (<see cref="HubsSchema"/>: one query on a schema already current), with other hosts of this schema held off by the
    /// library's advisory lock (<c>hashtextextended('hubs-schema:' || schema, 0)</c>) while it applies: several first runs
    /// at once would otherwise race to create the same tables. With automatic changes off, a schema not current is refused.
    /// </summary>
    private static async Task<(string, TimeSpan)> CheckSchemaAsync(IDocumentStore store, string schema, CancellationToken ct)
    {
        if (AutomaticSchemaChanges)
        {
            var check = await HubsSchema.ApplyChangesIfNeededAsync(store, ct).ConfigureAwait(false);
            return (check.Outcome == SchemaCheckOutcome.Unchanged ? "fingerprint matched, no schema work" : "changes checked and applied", check.Elapsed);
        }
        var started = Stopwatch.GetTimestamp();
        if (!await HubsSchema.IsCurrentAsync(store, ct).ConfigureAwait(false))
            throw new StorageUnavailableException(
                $"the schema '{schema}' is not migrated to this release, and HUBS_AUTO_MIGRATE=0 keeps this command from changing it: run 'hubs storage migrate' first.");
        return ("fingerprint matched, automatic changes off", Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// A reader's schema check changes nothing: a current fingerprint is used as for a writer; a schema this release never
    /// stamped (written by an application using the library directly, or by an older release) is read as found, since the
    /// fingerprint table is the host's and a reader must not create it; a schema with no event table has nothing to read.
    /// With automatic changes off, a schema not current is refused as for every command.
    /// </summary>
    private async Task<(string, TimeSpan)> CheckSchemaReadOnlyAsync(IDocumentStore store, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        if (await HubsSchema.IsCurrentAsync(store, ct).ConfigureAwait(false))
            return (AutomaticSchemaChanges ? "fingerprint matched, no schema work" : "fingerprint matched, automatic changes off",
                Stopwatch.GetElapsedTime(started));
        if (!AutomaticSchemaChanges)
            throw new StorageUnavailableException(
                $"the schema '{Schema}' is not migrated to this release, and HUBS_AUTO_MIGRATE=0 keeps this command from changing it: run 'hubs storage migrate' first.");
        HasEventStore = await HubsSchema.HasEventStoreAsync(store, ct).ConfigureAwait(false);
        return (HasEventStore ? "schema not stamped by this release, read as found (a reader changes nothing)" : "no event store in the schema, nothing created",
            Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// With HUBS_TIMINGS set, prints the cold start's split on stderr, each from process start: the runtime's start (Main),
    /// PostgreSQL (its own start alone, then up), the store open, the schema check (and what it did), and the milestone.
    /// </summary>
    public void ReportTimings(string milestone)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("HUBS_TIMINGS"))) return;
        _timingsReported = true;
        var now = DateTime.Now - Process.GetCurrentProcess().StartTime;
        var schema = SchemaChecked is var (work, took)
            ? FormattableString.Invariant($"schema check {took.TotalSeconds:0.000} s ({work})")
            : "schema not checked";
        Consoles.Error.WriteLine(FormattableString.Invariant(
            $"timings: process start (to Main) {MainAfter.TotalSeconds:0.000} s; server start took {Server?.StartupTime.TotalSeconds ?? 0:0.000} s; after process start: server up {ConnectingAfter.TotalSeconds:0.000} s, store open {OpenedAfter.TotalSeconds:0.000} s, {schema}, schema checked {ReadyAfter.TotalSeconds:0.000} s, {milestone} {now.TotalSeconds:0.000} s"));
    }

    private bool _timingsReported;

    public async ValueTask DisposeAsync()
    {
        // Every command that opened the store gets its line (demo, verify, leaderboard, history…), not only the two that
        // name a milestone of their own: the command's work is done when it lets go of the store.
        if (!_timingsReported && ReadyAfter > TimeSpan.Zero) ReportTimings("command done");
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
