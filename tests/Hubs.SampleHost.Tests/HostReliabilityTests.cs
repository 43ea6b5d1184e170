using Hubs.SampleHost.Infrastructure;
using Npgsql;

namespace Hubs.SampleHost.Tests;

/// <summary>The exit codes the docs promise, and no secret in anything the host prints.</summary>
public sealed class HostReliabilityTests
{
    private const string Password = "s3cr3t-Pa55word";

    [Theory]
    [InlineData("Bogus=1")]
    [InlineData("Host=127.0.0.1;Port=notanumber")]
    [InlineData("Host='127.0.0.1;Password=" + Password)]
    [InlineData("Host=127.0.0.1;Password=" + Password + ";Port=99999999999")]
    public async Task a_malformed_connection_string_is_a_usage_error_that_does_not_echo_the_password(string connection)
    {
        var (code, output, err) = await HostProcess.RunAsync("verify", "--connection", connection);

        code.ShouldBe(2, err);
        err.ShouldContain("--connection is not a valid PostgreSQL connection string");
        (output + err).ShouldNotContain(Password);
    }

    [Fact]
    public async Task a_command_line_error_does_not_echo_a_password_given_on_it()
    {
        var (code, output, err) = await HostProcess.RunAsync("region", "lisst", "--connection", "Host=127.0.0.1;Password=" + Password);

        code.ShouldBe(2, err);
        (output + err).ShouldNotContain(Password);
    }

    [Fact]
    public async Task serve_masks_the_password_of_the_connection_string_it_prints()
    {
        var db = await TestDatabase.CreateAsync(nameof(serve_masks_the_password_of_the_connection_string_it_prints));
        // The test server trusts loopback connections, so the password is carried but never checked.
        var connection = db.ConnectionString + ";Password=" + Password;
        using var serve = HostProcess.Start("storage", "serve", "--connection", connection, "--schema", db.Schema);
        await serve.WaitForOutputAsync("Connection:");
        serve.Signal(15);
        var code = await serve.WaitAsync();

        code.ShouldBe(0, serve.StdErr);
        (serve.StdOut + serve.StdErr).ShouldNotContain(Password);
        serve.StdOut.ShouldContain("Password=***");

        var (jsonCode, json, jsonErr) = await RunServeJsonAsync(connection, db.Schema);
        jsonCode.ShouldBe(0, jsonErr);
        (json + jsonErr).ShouldNotContain(Password);
    }

    private static async Task<(int, string, string)> RunServeJsonAsync(string connection, string schema)
    {
        using var serve = HostProcess.Start("storage", "serve", "--connection", connection, "--schema", schema, "--json");
        await serve.WaitForOutputAsync("connection-string");
        serve.Signal(15);
        return (await serve.WaitAsync(), serve.StdOut, serve.StdErr);
    }

    [Fact]
    public async Task three_first_runs_at_once_on_a_schema_that_does_not_exist_all_succeed()
    {
        var db = await TestDatabase.CreateAsync(nameof(three_first_runs_at_once_on_a_schema_that_does_not_exist_all_succeed));

        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(i =>
            HostProcess.RunAsync(db.Args("region", "register", $"first-run-{i}", "--kind", "province"))));

        foreach (var (code, _, err) in runs) code.ShouldBe(0, err);
        (await db.EventCountAsync()).ShouldBe(3);
    }

    [Fact]
    public void a_server_that_stops_during_a_write_is_storage_unavailable_whatever_wraps_it()
    {
        var shutdown = new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01");
        var wrapped = new InvalidOperationException("Marten command failure", new AggregateException(shutdown));
        var lost = new InvalidOperationException("commit failed", new NpgsqlException("Exception while reading from stream", new EndOfStreamException()));

        HubsApp.Report(wrapped).ShouldBe(ExitCodes.StorageUnavailable);
        HubsApp.Report(lost).ShouldBe(ExitCodes.StorageUnavailable);
        HubsApp.StorageFailure(new PostgresException("relation exists", "ERROR", "ERROR", "42P07"))
            .ShouldBeNull("a schema error is a bug to report, not an unavailable server");
    }
}
