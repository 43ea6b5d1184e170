using Hubs.SampleHost.Infrastructure;

namespace Hubs.SampleHost.Tests;

/// <summary>
/// No command line reaches exit code 70: generated argument lists over the whole command vocabulary, with valid, wrong and
/// hostile values, run through the real parser and commands (in process; storage points at a closed port, so a command
/// that gets that far fails fast with exit 4). Long-running commands (daemon, storage serve) are left out.
/// </summary>
public sealed class ArgumentFuzzTests
{
    private static readonly string[][] Commands =
    [
        ["demo"], ["import", "rd"], ["import", "ranks"], ["region", "register"], ["cluster", "establish"], ["cluster", "expand"],
        ["cluster", "join"], ["cluster", "leave"], ["enterprise", "register"], ["enterprise", "plan-branch"], ["enterprise", "open-branch"],
        ["enterprise", "close-branch"], ["enterprise", "transfer"], ["target", "set"], ["report"], ["leaderboard"], ["diff"], ["history"],
        ["replay"], ["verify"], ["export"], ["evidence"], ["rebuild"], ["cluster"], ["import"], ["nonsense"], [],
    ];

    private static readonly string[] Options =
    [
        "--year", "--value", "--deadline", "--version", "--at", "--as-of", "--known-at", "--from", "--to", "--known-from", "--known-to",
        "--on", "--kind", "--metric", "--ranking", "--name", "--city", "--region", "--cluster", "--command-id", "--actor", "--reason",
        "--source", "--format", "--out", "--digest", "--save-digest", "--batch-size", "--published-on", "--missing-kind", "--json",
        "--all", "--full-replay", "--register-missing", "--ephemeral", "--help", "--unknown", "-x",
    ];

    private static readonly string[] Values =
    [
        "abc", "", " ", "-1", "0", "2024", "99999999999999999999", "3.5", "3,5", "NaN", "1e400", "2025-09-30", "09/30/2025",
        "2026-01-14T08:00:00Z", "not-a-date", "beijing", "region:beijing", "region:", ":", "BEIJING", "北京市", "a\u0001b", "\"quoted\"",
        "'; drop table mt_events; --", "{\"json\": 1}", "/nonexistent/file.csv", "3f2504e0-4f89-41d3-9a0c-0305e82c3301", "csv", "jsonl",
        "global-rank", "rd-intensity", "province", new string('x', 5000),
    ];

    [Fact]
    public async Task no_generated_command_line_ends_in_an_unexpected_error()
    {
        var seed = Environment.GetEnvironmentVariable("HUBS_FUZZ_SEED") is { } s ? int.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : 20261201;
        var random = new Random(seed);
        var failures = new List<string>();
        for (var run = 0; run < 300; run++)
        {
            var args = new List<string>(Commands[random.Next(Commands.Length)]);
            for (var i = random.Next(4); i > 0; i--) args.Add(Values[random.Next(Values.Length)]);
            for (var i = random.Next(5); i > 0; i--)
            {
                args.Add(Options[random.Next(Options.Length)]);
                if (random.Next(4) > 0) args.Add(Values[random.Next(Values.Length)]);
            }
            args.AddRange(["--connection", "Host=127.0.0.1;Port=1;Timeout=2"]);
            var code = await HubsApp.RunAsync([.. args]);
            if (code is not (0 or 1 or 2 or 3 or 4))
                failures.Add($"exit {code}: hubs {string.Join(' ', args.Select(a => a.Length > 40 ? a[..40] + "…" : a))}");
        }
        failures.ShouldBeEmpty($"seed {seed} (replay with HUBS_FUZZ_SEED={seed})");
    }
}
