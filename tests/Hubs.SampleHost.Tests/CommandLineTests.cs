namespace Hubs.SampleHost.Tests;

public sealed class CommandLineTests
{
    [Theory]
    [InlineData("import", "rd")]
    [InlineData("region", "register", "sichuan", "--kind", "planet")]
    [InlineData("demo", "--ephemeral", "--data-dir", "/tmp/x")]
    public async Task a_malformed_command_line_exits_with_2_before_touching_storage(params string[] args)
    {
        var (code, _, err) = await HostProcess.RunAsync(args);

        code.ShouldBe(2, err);
        err.ShouldNotContain("storage:", Case.Sensitive, "no server should start for a command line that cannot run");
    }

    [Fact]
    public async Task help_documents_the_exit_codes()
    {
        var (code, output, _) = await HostProcess.RunAsync("import", "rd", "--help");

        code.ShouldBe(0);
        output.ShouldContain("4 storage unavailable");
        output.ShouldContain("--register-missing");
    }
}
