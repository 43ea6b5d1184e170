using System.Diagnostics;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Testing;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Hubs.EventSourcing.IntegrationTests.Observability;

/// <summary>
/// docs/operations.md's ASP.NET Core tracing, run for real: a command sent from a request handler must export the library's
/// spans. OpenTelemetry's default sampler follows the parent, and ASP.NET Core starts the request's activity whether or not
/// anyone samples it, so listening to the library's source alone exports nothing; the documented wiring also listens to
/// ASP.NET Core's source.
/// </summary>
public sealed class AspNetTracingTests
{
    /// <summary>The sources docs/operations.md tells an ASP.NET Core application to listen to.</summary>
    private static readonly string[] Documented = ["Hubs.EventSourcing", "Microsoft.AspNetCore"];

    [Fact]
    public async Task the_documented_aspnet_core_wiring_exports_the_librarys_spans_under_the_request()
    {
        var (trace, spans) = await SendFromARequestAsync(Documented);
        var command = spans.Where(a => a.TraceId == trace && a.Source.Name == "Hubs.EventSourcing").ToList();
        command.ShouldContain(a => a.OperationName == "hubs.command", "the command's span is exported");
        command.Count.ShouldBeGreaterThan(1, "with its child spans (validate, load, decide, append)");
        spans.ShouldContain(a => a.TraceId == trace && a.Source.Name == "Microsoft.AspNetCore", "the request span they hang under is exported too");
    }

    [Fact]
    public async Task listening_to_the_library_alone_exports_nothing_under_an_unsampled_request()
    {
        var (trace, spans) = await SendFromARequestAsync(["Hubs.EventSourcing"]);
        spans.Where(a => a.TraceId == trace).ShouldBeEmpty("this is why the documented wiring also names Microsoft.AspNetCore");
    }

    private static async Task<(ActivityTraceId Trace, List<Activity> Spans)> SendFromARequestAsync(string[] sources)
    {
        var exported = new List<Activity>();
        using (var tracing = Sdk.CreateTracerProviderBuilder().AddSource(sources).AddInMemoryExporter(exported).Build())
        {
            var schema = "otel_" + Guid.NewGuid().ToString("N")[..8];
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var cs = await TestPostgres.ConnectionStringAsync();
            builder.Services.AddMarten(o => { o.Connection(cs); o.DatabaseSchemaName = schema; });
            builder.Services.AddHubsEventSourcing();
            await using var app = builder.Build();
            var trace = default(ActivityTraceId);
            app.MapPost("/regions/{id}", async (string id, HubsCommands commands) =>
            {
                trace = Activity.Current?.TraceId ?? default;
                await commands.SendAsync(new RegisterRegion(id, "Sichuan", RegionKind.Province), CommandContext.New("analyst:otel", "tracing test", "test"));
                return Results.Ok();
            });
            await app.StartAsync();
            try
            {
                using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
                (await http.PostAsync("/regions/sichuan", null)).EnsureSuccessStatusCode();
            }
            finally
            {
                await app.StopAsync();
            }
            trace.ShouldNotBe(default, "ASP.NET Core started an activity for the request");
            tracing.ForceFlush();
            return (trace, exported.ToList());
        }
    }
}
