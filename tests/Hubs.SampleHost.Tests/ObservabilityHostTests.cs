using System.Text.Json;

namespace Hubs.SampleHost.Tests;

public sealed class ObservabilityHostTests
{
    [Fact]
    public async Task with_hubs_otel_console_a_commands_spans_and_metrics_go_to_stderr_and_json_stays_alone_on_stdout()
    {
        var db = await TestDatabase.CreateAsync(nameof(with_hubs_otel_console_a_commands_spans_and_metrics_go_to_stderr_and_json_stays_alone_on_stdout));

        var (code, output, err) = await HostProcess.RunAsync(
            ["region", "register", "otel-a", "--kind", "province", "--json", .. db.Options],
            new Dictionary<string, string> { ["HUBS_OTEL"] = "console" });

        code.ShouldBe(0, err);
        using (var json = JsonDocument.Parse(output)) json.RootElement.GetProperty("outcome").GetString().ShouldBe("appended");
        err.ShouldContain("Activity.DisplayName:        send register-region");
        err.ShouldContain("hubs.command.outcome: appended");
        err.ShouldContain("Metric Name: hubs.commands");
    }

    [Fact]
    public async Task verbose_shows_the_librarys_log_on_stderr()
    {
        var db = await TestDatabase.CreateAsync(nameof(verbose_shows_the_librarys_log_on_stderr));
        // Something to verify: on a schema never written, verify is a usage error (ReadOnlyCommandTests).
        (await HostProcess.RunAsync(db.Args("region", "register", "beijing", "--kind", "municipality"))).Code.ShouldBe(0);

        var quiet = await HostProcess.RunAsync(["verify", .. db.Options]);
        var verbose = await HostProcess.RunAsync(["verify", "--verbose", .. db.Options]);

        quiet.Code.ShouldBe(0, quiet.Err);
        quiet.Err.ShouldNotContain("Hubs.EventSourcing.HubsAudit");
        verbose.Code.ShouldBe(0, verbose.Err);
        verbose.Err.ShouldContain("Hubs.EventSourcing.HubsAudit[1605] Verification found every hash chain intact");
        verbose.Out.ShouldNotContain("Hubs.EventSourcing", Case.Sensitive, "the log belongs on stderr");
    }
}
