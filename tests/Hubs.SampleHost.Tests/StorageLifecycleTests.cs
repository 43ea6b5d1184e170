using System.Text.RegularExpressions;

namespace Hubs.SampleHost.Tests;

/// <summary>The embedded server must never outlive the host: not after a normal exit, not after a signal.</summary>
public sealed partial class StorageLifecycleTests
{
    [Fact]
    public async Task an_ephemeral_demo_leaves_no_server_and_no_data_behind()
    {
        var (code, _, err) = await HostProcess.RunAsync("demo", "--ephemeral");

        code.ShouldBe(0, err);
        var dataDir = DataDirectory().Match(err).Groups[1].Value;
        dataDir.ShouldNotBeEmpty($"the host should say where its server keeps data:\n{err}");
        Directory.Exists(dataDir).ShouldBeFalse("a throwaway data directory is deleted on exit");
        ProcessesMentioning(dataDir).ShouldBeEmpty("no PostgreSQL process may outlive the host");
    }

    [Theory]
    // SIGINT (2) is not tested: a process started in the background by a non-interactive shell (as CI may run) inherits
    // SIGINT as ignored, so the test would depend on how CI was launched. The host handles SIGINT the same way as SIGTERM.
    [InlineData(15)]
    public async Task a_signalled_host_stops_its_server_before_exiting(int signal)
    {
        var dataDir = Directory.CreateTempSubdirectory("hubs-signal-").FullName;
        try
        {
            using var host = HostProcess.Start("storage", "serve", "--data-dir", dataDir);
            await host.WaitForOutputAsync("Connection:");
            var postmasterPid = int.Parse(File.ReadLines(Path.Combine(dataDir, "postmaster.pid")).First());
            ProcessAlive(postmasterPid).ShouldBeTrue("the server should be running while the host serves");

            host.Signal(signal);
            var code = await host.WaitAsync();

            code.ShouldBe(0, $"stopping is 'serve''s normal end\n{host.StdErr}");
            File.Exists(Path.Combine(dataDir, "postmaster.pid")).ShouldBeFalse("the server should have been shut down cleanly");
            ProcessAlive(postmasterPid).ShouldBeFalse("no PostgreSQL process may outlive the host");
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task a_second_host_on_a_data_directory_in_use_is_told_how_to_share_it_and_leaves_the_server_running()
    {
        var dataDir = Directory.CreateTempSubdirectory("hubs-shared-").FullName;
        try
        {
            using var serve = HostProcess.Start("storage", "serve", "--data-dir", dataDir);
            await serve.WaitForOutputAsync("Connection:");
            var postmasterPid = int.Parse(File.ReadLines(Path.Combine(dataDir, "postmaster.pid")).First());

            var (code, _, err) = await HostProcess.RunAsync("region", "register", "shared", "--data-dir", dataDir);

            code.ShouldBe(4, err);
            err.ShouldContain($"in use by the server of running process {serve.Id}");
            ProcessAlive(postmasterPid).ShouldBeTrue("the second host must not stop the first one's server");
            serve.Signal(15);
            (await serve.WaitAsync()).ShouldBe(0, serve.StdErr);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static bool ProcessAlive(int pid) => Directory.Exists($"/proc/{pid}") &&
        !File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2].Equals("Z", StringComparison.Ordinal);

    private static List<int> ProcessesMentioning(string text) =>
        Directory.GetDirectories("/proc")
            .Select(d => (Pid: int.TryParse(Path.GetFileName(d), out var p) ? p : 0, Dir: d))
            .Where(p => p.Pid > 0)
            .Where(p =>
            {
                try { return File.ReadAllText(Path.Combine(p.Dir, "cmdline")).Replace('\0', ' ').Contains(text, StringComparison.Ordinal); }
                catch (IOException) { return false; }
                catch (UnauthorizedAccessException) { return false; }
            })
            .Select(p => p.Pid)
            .ToList();

    [GeneratedRegex(@"storage: embedded PostgreSQL, data (\S+)")]
    private static partial Regex DataDirectory();
}
