using System.Collections.Concurrent;
using Hubs.EventSourcing.Diagnostics;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Hubs.EventSourcing.IntegrationTests.Observability;

/// <summary>
/// Marten logs every failed command at error level; a lost race the library handles (re-read and retried) is not an error
/// in the application's logs: it is logged by the library at debug level. A genuine failure of the same write is still an
/// error. The store is wired the documented way (<c>AddMarten</c>, <c>AddHubsEventSourcing</c>, the application's
/// <c>ILoggerFactory</c>), its log lines captured.
/// </summary>
public sealed class HandledRaceLogTests(LoggedStore fx) : IClassFixture<LoggedStore>
{
    private static RegisterRegion Register(string id) => new(id, id, RegionKind.Province);
    private static ReportRdIntensity Report(string id, int year, decimal pct) => new(id, year, pct, null, null, new DateOnly(year + 1, 9, 1), "NBS");

    private List<LoggedStore.Line> LinesSince(int count) => fx.Lines.Skip(count).ToList();

    [Fact]
    public async Task a_lost_race_that_is_retried_logs_no_error_and_a_debug_line_saying_it_was_handled()
    {
        // Two instances on one store: the first holds a cached head that the second makes stale.
        var first = new HubsCommands(fx.Store, new HubsOptions(), fx.Log);
        var second = new HubsCommands(fx.Store, new HubsOptions(), fx.Log);
        await first.SendAsync(Register("log-race"), Ctx.New());
        await second.SendAsync(Report("log-race", 2023, 2.0m), Ctx.New());
        var before = fx.Lines.Count;

        var result = await first.SendAsync(Report("log-race", 2024, 2.1m), Ctx.New());

        result.Outcome.ShouldBe(CommandOutcome.Appended, "the retry after the lost race succeeds");
        var lines = LinesSince(before);
        lines.ShouldNotContain(l => l.Level >= LogLevel.Error, "a handled race is no error: " + string.Join(" | ", lines.Select(l => l.Message)));
        lines.ShouldContain(l => l.Level == LogLevel.Debug && l.Id.Name == "LostRaceHandled", "the library says at debug level that it handled a race");
    }

    [Fact]
    public async Task a_genuine_failure_of_a_library_write_is_still_logged_as_an_error()
    {
        await fx.Commands.SendAsync(Register("log-fail"), Ctx.New());
        // A database that refuses the write for a reason of its own: not a race, nothing the library can retry.
        await fx.ExecuteAsync($"""
            create function refuse_log_fail() returns trigger language plpgsql as $$
            begin
              if new.stream_id = 'region:log-fail' then raise exception 'refused by a trigger' using errcode = 'P0001'; end if;
              return new;
            end $$;
            create trigger refuse_log_fail before insert on mt_events for each row execute function refuse_log_fail();
            """);
        var before = fx.Lines.Count;
        try
        {
            await Should.ThrowAsync<Exception>(() => fx.Commands.SendAsync(Report("log-fail", 2024, 2.1m), Ctx.New()));

            LinesSince(before).ShouldContain(l => l.Level == LogLevel.Error && l.Message.Contains("refused by a trigger"),
                "Marten's error log of a failure the library does not handle is kept");
        }
        finally
        {
            await fx.ExecuteAsync($"drop trigger refuse_log_fail on mt_events; drop function refuse_log_fail()");
        }
    }
}

/// <summary>
/// A store wired as an ASP.NET Core application wires it: <c>AddLogging</c> with a provider (here one that captures every
/// line, debug included), <c>AddMarten</c>, <c>AddHubsEventSourcing</c>.
/// </summary>
public sealed class LoggedStore : IAsyncLifetime, ILoggerProvider
{
    public sealed record Line(string Category, LogLevel Level, EventId Id, string Message);

    private ServiceProvider _services = null!;

    public ConcurrentQueue<Line> Lines { get; } = new();
    public string Schema { get; } = "logged_" + Guid.NewGuid().ToString("N")[..8];
    private string ConnectionString { get; set; } = "";
    public IDocumentStore Store => _services.GetRequiredService<IDocumentStore>();
    public HubsCommands Commands => _services.GetRequiredService<HubsCommands>();
    internal HubsLog Log => _services.GetRequiredService<HubsLog>();

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.ConnectionStringAsync();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(this));
        services.AddMarten(opts =>
        {
            opts.Connection(ConnectionString);
            opts.DatabaseSchemaName = Schema;
        });
        services.AddHubsEventSourcing();
        _services = services.BuildServiceProvider();
        await Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"set search_path to {Schema}; {sql}", conn);
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        await ExecuteAsync($"drop schema if exists {Schema} cascade");
        await _services.DisposeAsync();
    }

    ILogger ILoggerProvider.CreateLogger(string categoryName) => new Logger(this, categoryName);

    void IDisposable.Dispose() { }

    private sealed class Logger(LoggedStore store, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            store.Lines.Enqueue(new(category, logLevel, eventId, formatter(state, exception) + (exception is null ? "" : " " + exception)));
    }
}
