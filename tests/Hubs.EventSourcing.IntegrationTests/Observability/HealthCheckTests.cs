using Hubs.EventSourcing.Diagnostics;
using Hubs.EventSourcing.Regions;
using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Hubs.EventSourcing.IntegrationTests.Observability;

public sealed class HealthCheckTests(ObservedStore fx) : IClassFixture<ObservedStore>
{
    [Fact]
    public async Task a_projection_behind_the_log_is_degraded_until_it_catches_up()
    {
        await fx.Commands.SendAsync(new RegisterRegion("health-a", "Health A", RegionKind.Province), Ctx.New());

        var behind = await fx.CheckHealthAsync();
        behind.Status.ShouldBe(HealthStatus.Degraded, behind.Description);
        behind.Data.Keys.ShouldContain(k => k.StartsWith("lag:", StringComparison.Ordinal));

        await fx.Tracking.CatchUpAsync(TimeSpan.FromSeconds(60));
        var caughtUp = await fx.CheckHealthAsync();
        caughtUp.Status.ShouldBe(HealthStatus.Healthy, caughtUp.Description);
    }

    [Fact]
    public async Task a_missing_table_makes_the_store_unhealthy_and_is_named()
    {
        var table = $"{fx.Schema}.mt_doc_hubs_checkpoint";
        await fx.ExecuteAsync($"drop table {table}");
        try
        {
            var report = await fx.CheckHealthAsync();
            report.Status.ShouldBe(HealthStatus.Unhealthy);
            report.Description.ShouldNotBeNull().ShouldContain("schema is not current");
            ((IEnumerable<string>)report.Data["missingTables"]).ShouldContain(table);
        }
        finally
        {
            await fx.Store.Storage.Database.ApplyAllConfiguredChangesToDatabaseAsync();
        }
    }

    public sealed class AppNote
    {
        public string Id { get; set; } = "";
    }

    [Fact]
    public async Task the_applications_own_documents_missing_their_tables_do_not_make_the_event_store_unhealthy()
    {
        // The application maps a document of its own (Marten's development mode creates its table lazily, on first use).
        await using (var session = fx.Store.QuerySession())
            await session.LoadAsync<AppNote>("nothing");
        var table = fx.Store.Options.FindOrResolveDocumentType(typeof(AppNote)).TableName.QualifiedName;
        await fx.ExecuteAsync($"drop table if exists {table}");
        await fx.Tracking.CatchUpAsync(TimeSpan.FromSeconds(60));

        var report = await fx.CheckHealthAsync();

        report.Status.ShouldBe(HealthStatus.Healthy, report.Description);
        report.Data.ContainsKey("missingTables").ShouldBeFalse("only the library's tables are the event store's schema");
    }

    [Fact]
    public async Task an_unreachable_store_is_unhealthy_without_its_connection_string_in_the_report()
    {
        using var store = DocumentStore.For(o => o.Connection($"Host=127.0.0.1;Port=1;Database=nowhere;Username=u;Password={ObservedStore.Password};Timeout=2"));
        var check = new HubsHealthCheck(store, new HubsHealthCheckOptions());

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        result.Status.ShouldBe(HealthStatus.Unhealthy);
        result.Description.ShouldNotBeNull().ShouldNotContain(ObservedStore.Password);
        result.Description.ShouldNotContain("Port=1");
    }
}

public sealed class ForeignEventLogTests(ObservedStore fx) : IClassFixture<ObservedStore>
{
    private sealed record NoteAdded(string Text);

    [Fact]
    public async Task an_event_type_the_library_does_not_own_is_skipped_with_one_warning_per_type()
    {
        await fx.Commands.SendAsync(new RegisterRegion("foreign-a", "Foreign A", RegionKind.Province), Ctx.New());
        await using (var session = fx.Store.LightweightSession())
        {
            session.Events.Append("region:foreign-a", new NoteAdded("secret-note-1"), new NoteAdded("secret-note-2"));
            await session.SaveChangesAsync();
        }

        await fx.Tracking.GetReportAsync(DateTimeOffset.UtcNow.AddDays(1), null);
        await fx.Tracking.GetReportAsync(DateTimeOffset.UtcNow.AddDays(1), null);

        var warnings = fx.Logs.Lines.Where(l => l.Id.Name == "ForeignEventSkipped").ToList();
        warnings.Count.ShouldBe(1, "two replays over two events of one foreign type should warn once");
        warnings[0].Level.ShouldBe(LogLevel.Warning);
        warnings[0].Message.ShouldContain("note_added");
        fx.Logs.Lines.ShouldNotContain(l => l.Message.Contains("secret-note"), "a payload value must not be logged");
    }
}
