using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using Xunit.Abstractions;

namespace Hubs.SampleHost.Tests.Faults;

/// <summary>Seeds, bounded waits on conditions, generated import files and the checks every fault test makes afterwards.</summary>
internal static class FaultKit
{
    /// <summary>A seeded random for the fault points, printed so a failure can be replayed (<c>HUBS_FAULT_SEED</c>).</summary>
    public static Random Seeded(ITestOutputHelper output, string test)
    {
        var fixedSeed = Environment.GetEnvironmentVariable("HUBS_FAULT_SEED");
        var seed = int.TryParse(fixedSeed, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : Random.Shared.Next();
        output.WriteLine($"{test}: fault seed {seed} (replay with HUBS_FAULT_SEED={seed})");
        return new Random(seed);
    }

    /// <summary>How many rounds a test runs: the CI default, or more from an environment variable.</summary>
    public static int Rounds(string variable, int ci) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), out var n) && n > 0 ? n : ci;

    /// <summary>Polls a condition until it holds, for at most <paramref name="bound"/>: a wait on a state, never a sleep for time.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan bound, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > bound) throw new TimeoutException($"{what} did not happen within {bound.TotalSeconds:0} s.");
            await Task.Delay(20);
        }
    }

    /// <summary>An R&amp;D CSV of <paramref name="regions"/> new regions × <paramref name="years"/> years: one command per row plus one registration per region.</summary>
    public static string RdCsv(string name, int regions, int years, int seed)
    {
        var random = new Random(seed);
        var path = Path.Combine(Path.GetTempPath(), $"hubs-fault-{name}-{Environment.ProcessId}.csv");
        using var w = new StreamWriter(path, false, new UTF8Encoding(false));
        w.WriteLine("region,year,rd_intensity_pct,rd_expenditure,expenditure_unit,published_on,source");
        for (var r = 0; r < regions; r++)
            for (var y = 0; y < years; y++)
                w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name}-{r:00000},{2000 + y},{0.5 + random.NextDouble() * 5:0.00},{10 + random.NextDouble() * 3000:0.0},CNY 100m,{2001 + y}-09-01,Generated"));
        return path;
    }

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (T)Convert.ChangeType((await cmd.ExecuteScalarAsync())!, typeof(T), CultureInfo.InvariantCulture);
    }

    /// <summary>Events of the library's streams in a schema (0 before its tables exist).</summary>
    public static async Task<long> EventsAsync(string connectionString, string schema) =>
        await ScalarAsync<bool>(connectionString, $"select to_regclass('{schema}.mt_events') is not null")
            ? await ScalarAsync<long>(connectionString, $"select count(*) from {schema}.mt_events where stream_id <> 'mt_tombstone'")
            : 0;

    /// <summary>Applied commands and batches (idempotency rows) in a schema.</summary>
    public static async Task<long> UnitsAsync(string connectionString, string schema) =>
        await ScalarAsync<bool>(connectionString, $"select to_regclass('{schema}.mt_doc_processedcommand') is not null")
            ? await ScalarAsync<long>(connectionString, $"select count(*) from {schema}.mt_doc_processedcommand")
            : 0;

    /// <summary>
    /// Every unit of work is wholly present or wholly absent: each idempotency row's commands all have their event (the
    /// generated commands write one each), and no event belongs to a unit without its row. Command ids inside a batch are
    /// derived as docs/domain.md says: the first 16 bytes of SHA-256(batch id, index) as a version-8 GUID.
    /// </summary>
    public static async Task AssertNoPartialUnitAsync(string connectionString, string schema)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        var events = new Dictionary<string, int>(StringComparer.Ordinal);
        await using (var cmd = new NpgsqlCommand($"select headers->>'commandId' from {schema}.mt_events where stream_id <> 'mt_tombstone'", conn))
        await using (var rows = await cmd.ExecuteReaderAsync())
            while (await rows.ReadAsync()) events[rows.GetString(0)] = events.GetValueOrDefault(rows.GetString(0)) + 1;
        var expected = new HashSet<string>(StringComparer.Ordinal);
        await using (var cmd = new NpgsqlCommand($"select data->>'id', data->>'command' from {schema}.mt_doc_processedcommand", conn))
        await using (var rows = await cmd.ExecuteReaderAsync())
            while (await rows.ReadAsync())
            {
                var id = Guid.Parse(rows.GetString(0));
                var description = rows.GetString(1);
                var count = description.StartsWith("batch of ", StringComparison.Ordinal)
                    ? int.Parse(description.Split(' ')[2], CultureInfo.InvariantCulture) : 1;
                for (var i = 0; i < count; i++) expected.Add((count == 1 ? id : Derive(id, i)).ToString("D"));
            }
        events.Keys.Where(k => !expected.Contains(k)).ShouldBeEmpty("no event may belong to a unit of work that did not commit whole");
        expected.Where(k => !events.ContainsKey(k)).ShouldBeEmpty("every command of a committed unit of work has its event");
        events.Values.ShouldAllBe(n => n == 1, "no command's event was written twice");
    }

    private static Guid Derive(Guid batchId, int index)
    {
        var input = new byte[20];
        batchId.TryWriteBytes(input);
        BitConverter.TryWriteBytes(input.AsSpan(16), index);
        var hash = SHA256.HashData(input);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16));
    }
}
