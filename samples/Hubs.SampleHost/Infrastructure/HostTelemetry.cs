using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Spectre.Console;

namespace Hubs.SampleHost.Infrastructure;

/// <summary>
/// What the host shows of the library's own signals: its log with <c>--verbose</c>, and with <c>HUBS_OTEL=console</c> its spans
/// and metrics through OpenTelemetry's console exporter. Both go to stderr, so <c>--json</c> output on stdout stays clean.
/// </summary>
internal static class HostTelemetry
{
    private const string Library = "Hubs.EventSourcing";

    /// <summary>The library's log lines, down to debug, on stderr; other components' only from warning up.</summary>
    public static void AddVerboseLogging(IServiceCollection services) =>
        services.AddLogging(b => b
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter(Library, LogLevel.Debug)
            .AddSimpleConsole(o => o.SingleLine = true)
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));

    /// <summary>Starts the console exporter when <c>HUBS_OTEL=console</c>; disposing flushes what is left (the metrics).</summary>
    public static IDisposable? Start()
    {
        var mode = Environment.GetEnvironmentVariable("HUBS_OTEL");
        if (string.IsNullOrWhiteSpace(mode)) return null;
        if (!string.Equals(mode.Trim(), "console", StringComparison.OrdinalIgnoreCase))
        {
            Consoles.Error.MarkupLineInterpolated($"[yellow]HUBS_OTEL={mode} is not known; only 'console' is. Telemetry is off.[/]");
            return null;
        }
        // The exporter writes to Console.Out; the host's own stdout writer was captured before this.
        _ = Consoles.Out;
        Console.SetOut(Console.Error);
        var tracer = Sdk.CreateTracerProviderBuilder().ConfigureResource(r => r.AddService("hubs")).AddSource(Library).AddConsoleExporter().Build();
        var meter = Sdk.CreateMeterProviderBuilder().ConfigureResource(r => r.AddService("hubs")).AddMeter(Library).AddConsoleExporter().Build();
        return new Both(tracer, meter);
    }

    private sealed class Both(IDisposable? first, IDisposable? second) : IDisposable
    {
        public void Dispose()
        {
            first?.Dispose();
            second?.Dispose();
        }
    }
}
