using System.Diagnostics;
using Hubs.EventSourcing.Hosting;

namespace Hubs.EventSourcing.Tests.Hosting;

/// <summary>
/// Who owns a private server's data directory. Seen from outside: a second after `kill -9` of `hubs storage serve`, a
/// command on the same directory was refused as "in use by the server of running process N", naming the killed process:
/// it was dead but not yet collected by its parent (a zombie), and /proc still listed it.
/// </summary>
public sealed class OrphanOwnerTests
{
    [Fact]
    public void a_killed_owner_not_yet_reaped_by_its_parent_no_longer_owns_the_directory()
    {
        // A parent that forks a child and never waits for it: the killed child stays a zombie. (A shell may reap its
        // background job before it execs; Python does nothing it is not told to.)
        const string NeverReaps = "import os, time\npid = os.fork()\nif pid == 0:\n    time.sleep(60)\n    os._exit(0)\nprint(pid, flush=True)\ntime.sleep(60)";
        using var parent = Process.Start(new ProcessStartInfo("python3", ["-c", NeverReaps])
        {
            RedirectStandardOutput = true,
        })!;
        try
        {
            var child = int.Parse(parent.StandardOutput.ReadLine()!, System.Globalization.CultureInfo.InvariantCulture);
            var stamp = PrivatePostgres.OwnerStamp(child);
            PrivatePostgres.IsOwnerAlive(stamp).ShouldBeTrue("a running owner owns its directory");

            Process.GetProcessById(child).Kill();
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (StateOf(child) != "Z" && DateTime.UtcNow < deadline) Thread.Yield();
            StateOf(child).ShouldBe("Z", "the killed child is a zombie of its non-reaping parent");

            PrivatePostgres.IsOwnerAlive(stamp).ShouldBeFalse("a dead process owns nothing, reaped or not");
        }
        finally
        {
            parent.Kill();
        }
    }

    [Fact]
    public void a_reused_pid_is_another_process_and_this_process_owns_its_own_stamp()
    {
        var stamp = PrivatePostgres.OwnerStamp(Environment.ProcessId);
        PrivatePostgres.IsOwnerAlive(stamp).ShouldBeTrue();
        PrivatePostgres.IsOwnerAlive($"{Environment.ProcessId} 1").ShouldBeFalse("same pid, another start time");
    }

    private static string StateOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
        }
        catch (IOException)
        {
            return "gone";
        }
    }
}
