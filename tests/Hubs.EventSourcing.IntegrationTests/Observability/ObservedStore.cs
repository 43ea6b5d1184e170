using System.Collections.Concurrent;
using System.Diagnostics;
using Hubs.EventSourcing.Diagnostics;
using Hubs.EventSourcing.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Hubs.EventSourcing.IntegrationTests.Observability;

/// <summary>
/// A store registered as a service would register it, with logging captured, a health check, and a password in its
/// connection string (the test server trusts local connections, so the password is accepted and ignored: enough to check
/// that it never shows up in a log line, a span or a health report).
/// </summary>
public sealed class ObservedStore : IAsyncLifetime
{
    public const string Password = "pw-Sekr1t-7f3a";

    private ServiceProvider _services = null!;

    public CapturedLogs Logs { get; } = new();
    public string Schema { get; } = "obs_" + Guid.NewGuid().ToString("N")[..8];
    public string ConnectionString { get; private set; } = "";
    public IDocumentStore Store => _services.GetRequiredService<IDocumentStore>();
    public HubsCommands Commands => _services.GetRequiredService<HubsCommands>();
    public HubsAudit Audit => _services.GetRequiredService<HubsAudit>();
    public Hubs.EventSourcing.Tracking.HubsTracking Tracking => _services.GetRequiredService<Hubs.EventSourcing.Tracking.HubsTracking>();
    public HubsOptions Options => _services.GetRequiredService<HubsOptions>();
    internal HubsLog Log => _services.GetRequiredService<HubsLog>();

    public async Task InitializeAsync()
    {
        var builder = new NpgsqlConnectionStringBuilder(await TestPostgres.ConnectionStringAsync()) { Password = Password };
        ConnectionString = builder.ConnectionString;
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(Logs);
        services.AddMarten(opts =>
        {
            opts.Connection(ConnectionString);
            opts.DatabaseSchemaName = Schema;
        });
        services.AddHubsEventSourcing();
        services.AddHealthChecks().AddHubsEventSourcing(o => o.MaxProjectionLag = 0);
        _services = services.BuildServiceProvider();
        await Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
    }

    public async Task<HealthReportEntry> CheckHealthAsync()
    {
        var registration = _services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.Single();
        var result = await registration.Factory(_services).CheckHealthAsync(new HealthCheckContext { Registration = registration });
        return new HealthReportEntry(result.Status, result.Description, TimeSpan.Zero, result.Exception, result.Data);
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql.Replace("mt_events", $"{Schema}.mt_events", StringComparison.Ordinal), conn);
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        await ExecuteAsync($"drop schema if exists {Schema} cascade");
        await _services.DisposeAsync();
    }

    /// <summary>
    /// Records what the library sends to OpenTelemetry while it is alive: spans of one trace only (the test's own root span,
    /// so spans of tests running in parallel never mix in), and the library's metrics.
    /// </summary>
    public sealed class Recording : IDisposable
    {
        private static readonly ActivitySource TestSource = new("Hubs.EventSourcing.IntegrationTests");
        private readonly List<Activity> _spans = [];
        private readonly List<MetricSnapshot> _metrics = [];
        private readonly TracerProvider _tracer;
        private readonly MeterProvider _meter;
        private readonly Activity _root;

        public Recording()
        {
            _tracer = Sdk.CreateTracerProviderBuilder().AddSource(HubsTelemetry.Name, TestSource.Name).AddInMemoryExporter(_spans).Build()!;
            _meter = Sdk.CreateMeterProviderBuilder().AddMeter(HubsTelemetry.Name).AddInMemoryExporter(_metrics).Build()!;
            _root = TestSource.StartActivity("test")!;
        }

        public ActivityTraceId TraceId => _root.TraceId;

        /// <summary>Ends the test's root span and returns the finished spans of its trace.</summary>
        public IReadOnlyList<Activity> Spans()
        {
            _root.Stop();
            _tracer.ForceFlush();
            lock (_spans) return _spans.Where(s => s.TraceId == _root.TraceId && s.Source.Name == HubsTelemetry.Name).ToList();
        }

        /// <summary>The sum of a counter (or the count of a histogram) over the points whose tags include every given one.</summary>
        public double Sum(string instrument, params (string Key, object Value)[] tags)
        {
            _meter.ForceFlush();
            var points = _metrics.Where(m => m.Name == instrument).GroupBy(m => m.Name).Select(g => g.Last())
                .SelectMany(m => m.MetricPoints.Select(p => (m.MetricType, Point: p)));
            double total = 0;
            foreach (var (type, point) in points)
            {
                var pointTags = new Dictionary<string, object?>();
                foreach (var t in point.Tags) pointTags[t.Key] = t.Value;
                if (!tags.All(t => pointTags.TryGetValue(t.Key, out var v) && Equals(v, t.Value))) continue;
                total += type == MetricType.Histogram ? point.GetHistogramCount() : point.GetSumLong();
            }
            return total;
        }

        public void Dispose()
        {
            _root.Dispose();
            _tracer.Dispose();
            _meter.Dispose();
        }
    }
}

/// <summary>Every log line the library writes, formatted, with its structured values.</summary>
public sealed class CapturedLogs : ILoggerFactory
{
    public ConcurrentQueue<(string Category, LogLevel Level, EventId Id, string Message, string State)> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);
    public void AddProvider(ILoggerProvider provider) { }
    public void Dispose() { }

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(";", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            logs.Lines.Enqueue((category, logLevel, eventId, formatter(state, exception) + (exception is null ? "" : " " + exception), values));
        }
    }
}
