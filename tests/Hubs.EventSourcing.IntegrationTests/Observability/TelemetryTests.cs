using System.Diagnostics;
using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.Diagnostics;
using Hubs.EventSourcing.Regions;
using Marten;
using Microsoft.Extensions.Logging;
using Tags = Hubs.EventSourcing.Diagnostics.HubsTelemetry;

namespace Hubs.EventSourcing.IntegrationTests.Observability;

/// <summary>
/// Metrics come from one static meter: this collection runs after the parallel ones, alone, so the values it reads are its own.
/// Spans are told apart by the test's own trace.
/// </summary>
[CollectionDefinition(nameof(TelemetryTests), DisableParallelization = true)]
public sealed class TelemetryCollection;

[Collection(nameof(TelemetryTests))]
public sealed class TelemetryTests(ObservedStore fx) : IClassFixture<ObservedStore>
{
    private static RegisterRegion Register(string id) => new(id, "Region " + id, RegionKind.Province);

    private static ReportRdIntensity Report(string id, int year, decimal pct) =>
        new(id, year, pct, null, null, new DateOnly(year + 1, 9, 30), "NBS");

    [Fact]
    public async Task a_command_has_a_span_with_its_type_streams_events_and_outcome_and_is_counted()
    {
        using var recording = new ObservedStore.Recording();
        var ctx = Ctx.New();

        await fx.Commands.SendAsync(Register("tel-cmd"), ctx);

        var spans = recording.Spans();
        var command = spans.Single(s => s.OperationName == Tags.CommandSpan);
        command.DisplayName.ShouldBe("send register-region");
        command.GetTagItem(Tags.CommandType).ShouldBe("register-region");
        command.GetTagItem(Tags.CommandId).ShouldBe(ctx.CommandId.ToString("D"));
        command.GetTagItem(Tags.StreamKeys).ShouldBe(new[] { "region:tel-cmd" });
        command.GetTagItem(Tags.EventCount).ShouldBe(1L);
        command.GetTagItem(Tags.Outcome).ShouldBe("appended");
        command.GetTagItem(Tags.RetryCount).ShouldBe(0);
        command.Status.ShouldBe(ActivityStatusCode.Unset);
        spans.Where(s => s.ParentSpanId == command.SpanId).Select(s => s.OperationName).ShouldBe(
            [Tags.ValidateSpan, Tags.IdempotencySpan, Tags.LoadSpan, Tags.DecideSpan, Tags.AppendSpan], ignoreOrder: true,
            "the pipeline's stages should be child spans of the command's");
        recording.Sum("hubs.commands", (Tags.CommandType, "register-region"), (Tags.Outcome, "appended")).ShouldBe(1);
        recording.Sum("hubs.command.duration", (Tags.CommandType, "register-region")).ShouldBe(1, "one latency should be recorded");
        recording.Sum("hubs.events.appended", (Tags.CommandType, "register-region")).ShouldBe(1);
    }

    [Fact]
    public async Task a_command_sent_inside_a_trace_stores_the_trace_id_as_its_correlation_id_unless_the_caller_set_one()
    {
        using var recording = new ObservedStore.Recording();

        await fx.Commands.SendAsync(Register("tel-trace"), Ctx.New());
        await fx.Commands.SendAsync(Register("tel-own"), Ctx.New() with { CorrelationId = "import-42" });
        Activity.Current.ShouldNotBeNull().OperationName.ShouldBe("test", "the caller's current activity should be left as it was");

        await using var session = fx.Store.QuerySession();
        (await session.Events.FetchStreamAsync("region:tel-trace")).Single().CorrelationId.ShouldBe(recording.TraceId.ToHexString());
        (await session.Events.FetchStreamAsync("region:tel-own")).Single().CorrelationId.ShouldBe("import-42");
        (await fx.Audit.VerifyAsync()).Breaks.ShouldNotContain(b => b.StreamKey.StartsWith("region:tel-"), "the hash covers the stored correlation id");
    }

    [Fact]
    public async Task a_rejected_command_carries_its_rule_code_as_outcome_and_is_counted_as_rejected()
    {
        await fx.Commands.SendAsync(Register("tel-rej"), Ctx.New());
        using var recording = new ObservedStore.Recording();

        await Should.ThrowAsync<CommandRejectedException>(() => fx.Commands.SendAsync(Register("tel-rej") with { Name = "Renamed" }, Ctx.New()));

        var command = recording.Spans().Single(s => s.OperationName == Tags.CommandSpan);
        command.GetTagItem(Tags.Outcome).ShouldBe("rejected:region-already-registered");
        command.GetTagItem(Tags.EventCount).ShouldBe(0L);
        recording.Sum("hubs.commands", (Tags.CommandType, "register-region"), (Tags.Outcome, "rejected:region-already-registered")).ShouldBe(1);
        recording.Sum("hubs.events.appended").ShouldBe(0);
    }

    [Fact]
    public async Task a_command_that_loses_a_race_is_retried_and_its_span_and_metrics_say_so()
    {
        // Two instances on one store: the first holds a cached head that the second makes stale.
        var first = new HubsCommands(fx.Store, new HubsOptions(), fx.Log);
        var second = new HubsCommands(fx.Store, new HubsOptions(), fx.Log);
        await first.SendAsync(Register("tel-race"), Ctx.New());
        await second.SendAsync(Report("tel-race", 2023, 2.0m), Ctx.New());
        using var recording = new ObservedStore.Recording();

        var result = await first.SendAsync(Report("tel-race", 2024, 2.1m), Ctx.New());

        result.Outcome.ShouldBe(CommandOutcome.Appended);
        var command = recording.Spans().Single(s => s.OperationName == Tags.CommandSpan);
        command.GetTagItem(Tags.RetryCount).ShouldBe(1);
        command.GetTagItem(Tags.Outcome).ShouldBe("appended");
        command.Events.Select(e => e.Name).ShouldContain("conflict");
        recording.Sum("hubs.command.conflicts", (Tags.CommandType, "report-rd-intensity")).ShouldBe(1);
        recording.Sum("hubs.command.retries", (Tags.CommandType, "report-rd-intensity")).ShouldBe(1);
    }

    [Fact]
    public async Task a_command_that_runs_out_of_retries_ends_in_conflict_with_a_warning()
    {
        var impatient = new HubsCommands(fx.Store, new HubsOptions { MaxConcurrencyRetries = 1 }, fx.Log);
        var other = new HubsCommands(fx.Store, new HubsOptions(), fx.Log);
        await impatient.SendAsync(Register("tel-give-up"), Ctx.New());
        await other.SendAsync(Report("tel-give-up", 2023, 2.0m), Ctx.New());
        using var recording = new ObservedStore.Recording();
        var ctx = Ctx.New();

        await Should.ThrowAsync<HubsConcurrencyException>(() => impatient.SendAsync(Report("tel-give-up", 2024, 2.1m), ctx));

        var command = recording.Spans().Single(s => s.OperationName == Tags.CommandSpan);
        command.GetTagItem(Tags.Outcome).ShouldBe("conflict");
        command.Status.ShouldBe(ActivityStatusCode.Error);
        recording.Sum("hubs.commands", (Tags.CommandType, "report-rd-intensity"), (Tags.Outcome, "conflict")).ShouldBe(1);
        fx.Logs.Lines.ShouldContain(l => l.Level == LogLevel.Warning && l.Id.Name == "RetriesExhausted" && l.Message.Contains(ctx.CommandId.ToString()),
            "running out of retries should be a warning naming the command");
    }

    [Fact]
    public async Task a_batch_has_one_span_with_its_size_and_events_and_counts_its_commands()
    {
        using var recording = new ObservedStore.Recording();

        await fx.Commands.SendBatchAsync([Register("tel-b1"), Register("tel-b2"), Report("tel-b1", 2024, 3.1m)], Ctx.New());

        var spans = recording.Spans();
        var batch = spans.Single(s => s.OperationName == Tags.BatchSpan);
        batch.GetTagItem(Tags.CommandType).ShouldBe("batch");
        batch.GetTagItem(Tags.BatchSize).ShouldBe(3);
        batch.GetTagItem(Tags.StreamCount).ShouldBe(2);
        batch.GetTagItem(Tags.EventCount).ShouldBe(3L);
        batch.GetTagItem(Tags.Outcome).ShouldBe("appended");
        spans.ShouldNotContain(s => s.OperationName == Tags.CommandSpan, "a batch is one unit, not one span per command");
        recording.Sum("hubs.batch.commands", (Tags.Outcome, "appended")).ShouldBe(3);
        recording.Sum("hubs.events.appended", (Tags.CommandType, "batch")).ShouldBe(3);
    }

    [Fact]
    public async Task a_streamed_import_has_one_import_span_with_the_size_and_events_it_learned_and_counts_its_commands()
    {
        using var recording = new ObservedStore.Recording();
        fx.Commands.ImportChunkSize = 2;
        try
        {
            IHubsCommand[] input = [Register("tel-i1"), Register("tel-i2"), Report("tel-i1", 2024, 3.1m), Report("tel-i2", 2024, 2.9m), Report("tel-i1", 2023, 3.0m)];
            await fx.Commands.ImportAsync(input.ToAsyncEnumerable(), Ctx.New());
        }
        finally
        {
            fx.Commands.ImportChunkSize = 2_000;
        }

        var import = recording.Spans().Single(s => s.OperationName == Tags.BatchSpan);
        import.DisplayName.ShouldBe("import");
        import.GetTagItem(Tags.BatchSize).ShouldBe(5, "known only at the end of the input, and set then");
        import.GetTagItem(Tags.EventCount).ShouldBe(5L);
        import.GetTagItem(Tags.Outcome).ShouldBe("appended");
        recording.Sum("hubs.batch.commands", (Tags.Outcome, "appended")).ShouldBe(5);
        recording.Sum("hubs.events.appended", (Tags.CommandType, "batch")).ShouldBe(5);
    }

    [Fact]
    public async Task a_verification_that_finds_a_break_fails_its_span_counts_the_break_and_logs_an_error()
    {
        await fx.Commands.SendAsync(Register("tel-tamper"), Ctx.New());
        await fx.Commands.SendAsync(Report("tel-tamper", 2024, 2.5m), Ctx.New());
        await fx.ExecuteAsync("update mt_events set data = jsonb_set(data, '{intensityPct}', '9.99') where stream_id = 'region:tel-tamper' and version = 2");
        using var recording = new ObservedStore.Recording();

        var report = await fx.Audit.VerifyAsync();

        var verify = recording.Spans().Single(s => s.OperationName == Tags.VerifySpan);
        verify.GetTagItem(Tags.Intact).ShouldBe(false);
        verify.GetTagItem(Tags.BreakCount).ShouldBe(report.Breaks.Count);
        verify.GetTagItem(Tags.EventCount).ShouldBe(report.EventsChecked);
        verify.Status.ShouldBe(ActivityStatusCode.Error);
        recording.Sum("hubs.verify.breaks", (Tags.BreakKindTag, "hash-mismatch")).ShouldBeGreaterThanOrEqualTo(1);
        recording.Sum("hubs.verify.events").ShouldBe(report.EventsChecked);
        fx.Logs.Lines.ShouldContain(l => l.Level == LogLevel.Error && l.Id.Name == "VerifyBroken" && l.Message.Contains("region:tel-tamper"));
        fx.Logs.Lines.ShouldNotContain(l => l.Message.Contains("9.99") || l.State.Contains("9.99"), "a payload value must not be logged");

        await fx.ExecuteAsync("update mt_events set data = jsonb_set(data, '{intensityPct}', '2.5') where stream_id = 'region:tel-tamper' and version = 2");
    }

    [Fact]
    public async Task no_log_line_span_tag_or_health_report_contains_the_connection_strings_password()
    {
        using var recording = new ObservedStore.Recording();
        var slow = new HubsCommands(fx.Store, new HubsOptions { MaxConcurrencyRetries = 1 }, fx.Log);
        await slow.SendAsync(Register("tel-pw"), Ctx.New());
        await fx.Commands.SendAsync(Report("tel-pw", 2023, 1.5m), Ctx.New());
        await Should.ThrowAsync<HubsConcurrencyException>(() => slow.SendAsync(Report("tel-pw", 2024, 1.6m), Ctx.New()));
        await Should.ThrowAsync<CommandRejectedException>(() => fx.Commands.SendAsync(Register("tel-pw") with { Name = "Renamed" }, Ctx.New()));
        await fx.Audit.VerifyAsync();
        await fx.Audit.ExportAsync(Stream.Null, ExportFormat.JsonLines);
        await fx.Tracking.GetReportAsync(DateTimeOffset.UtcNow, null);
        var health = await fx.CheckHealthAsync();

        var spans = recording.Spans();
        spans.Count.ShouldBeGreaterThan(10);
        fx.Logs.Lines.ShouldNotBeEmpty();
        fx.ConnectionString.ShouldContain(ObservedStore.Password, Case.Sensitive, "the test is only meaningful with the password in the connection string");
        var texts = spans.SelectMany(s => s.TagObjects.Select(t => $"{t.Key}={Flat(t.Value)}").Append(s.DisplayName)
                .Concat(s.Events.Select(e => e.Name)))
            .Concat(fx.Logs.Lines.Select(l => l.Message + " " + l.State))
            .Append(health.Description ?? "")
            .Concat(health.Data.Select(d => $"{d.Key}={Flat(d.Value)}"));
        texts.ShouldNotContain(t => t.Contains(ObservedStore.Password, StringComparison.OrdinalIgnoreCase));
    }

    private static string Flat(object? value) => value is IEnumerable<string> many ? string.Join(",", many) : value?.ToString() ?? "";
}
