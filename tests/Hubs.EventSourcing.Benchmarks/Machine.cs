using System.Globalization;
using Npgsql;

namespace Hubs.EventSourcing.Benchmarks;

/// <summary>What the numbers ran on: they mean little without it.</summary>
internal static class Machine
{
    public static async Task<List<string>> DescribeAsync(string connectionString)
    {
        var lines = new List<string>
        {
            $"cores (nproc): {Environment.ProcessorCount}",
            "CPU: " + (ReadFirst("/proc/cpuinfo", "model name") ?? "unknown"),
            "RAM: " + (ReadFirst("/proc/meminfo", "MemTotal") is { } m ? FormatKb(m) : "unknown"),
            $".NET: {Environment.Version}, OS: {System.Runtime.InteropServices.RuntimeInformation.OSDescription}",
        };
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "select current_setting('server_version'), current_setting('fsync'), current_setting('synchronous_commit'), current_setting('shared_buffers')", conn);
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        lines.Add($"PostgreSQL {r.GetString(0)}, fsync={r.GetString(1)}, synchronous_commit={r.GetString(2)}, shared_buffers={r.GetString(3)}");
        lines.Add("load average at the end: " + (File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?") +
                  " (the machine is shared: ratios are what to compare, not absolute rates)");
        return lines;
    }

    private static string? ReadFirst(string file, string key) =>
        File.Exists(file) ? File.ReadLines(file).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal))?.Split(':', 2)[1].Trim() : null;

    private static string FormatKb(string meminfo)
    {
        var kb = long.Parse(meminfo.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture);
        return (kb / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " GiB";
    }
}
