using System.ComponentModel;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.Tracking;
using Hubs.SampleHost.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;
using CliContext = Spectre.Console.Cli.CommandContext;

namespace Hubs.SampleHost.Commands;

internal sealed class EvidenceSettings : ReportWindowSettings
{
    [CommandOption("--out <DIR>")]
    [Description("Directory to write the bundle to (created; must be empty if it exists).")]
    public string? Out { get; set; }

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Out)) return ValidationResult.Error("--out <DIR> is required.");
        if (Directory.Exists(Out) && Directory.EnumerateFileSystemEntries(Out).Any())
            return ValidationResult.Error($"--out '{Out}' is not empty: an evidence bundle is written to a new or empty directory.");
        return base.Validate();
    }
}

/// <summary>
/// An auditor's evidence bundle: every event (JSON Lines and CSV), the digest, the verification result, the report (as of /
/// as known at), the verification script, checksums of every file and a README saying how to re-verify it without this
/// software.
/// </summary>
internal sealed class EvidenceCommand : AsyncCommand<EvidenceSettings>
{
    public override async Task<int> ExecuteAsync(CliContext context, EvidenceSettings settings, CancellationToken cancellationToken)
    {
        var dir = OutputFiles.CreateDirectory(settings.Out!, "--out").FullName;
        await using var store = await HubsStore.OpenReadOnlyAsync(settings, cancellationToken);
        var (asOf, knownAt) = (settings.AsOfInstant, settings.KnownAtDate);

        // Verify first: the exports and the digest then describe the same store the verification judged.
        var verification = await store.Audit.VerifyAsync(null, cancellationToken);
        long events;
        await using (var jsonl = File.Create(Path.Combine(dir, "export.jsonl")))
            events = await store.Audit.ExportAsync(jsonl, ExportFormat.JsonLines, cancellationToken: cancellationToken);
        await using (var csv = File.Create(Path.Combine(dir, "export.csv")))
            await store.Audit.ExportAsync(csv, ExportFormat.Csv, cancellationToken: cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(dir, "digest.json"), verification.Digest.ToJson(), cancellationToken);
        await WriteJsonAsync(Path.Combine(dir, "verification.json"), new
        {
            intact = verification.IsIntact, verification.EventsChecked,
            breaks = verification.Breaks.Select(b => new { b.StreamKey, b.Version, kind = b.Kind, b.Detail }),
            streamsOutsideChains = verification.StreamsOutsideChains,
            digest = new { verification.Digest.Root, verification.Digest.EventCount, verification.Digest.HighestSequence },
        }, cancellationToken);

        var report = await ReportCommand.LoadAsync(store, asOf, knownAt, cancellationToken);
        var integrity = await Views.ReportIntegrity.OfAsync(store, verification, cancellationToken);
        var rankings = await Views.RankingSection.LoadAsync(store, report.Clusters.Select(c => c.Id), asOf, knownAt, cancellationToken);
        await WriteJsonAsync(Path.Combine(dir, "report.json"), ReportCommand.ToJson(report, asOf, knownAt, integrity,
            await ReportCommand.LoadIndicatorsAsync(store, DateTime.UtcNow.Year, asOf, knownAt, cancellationToken), rankings), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(dir, "report.html"), Views.Html.HtmlReport.Render(
            await Views.Html.HtmlReportInput.LoadAsync(store, report, integrity, asOf, knownAt, null, cancellationToken, rankings: rankings)), cancellationToken);

        await using (var script = typeof(EvidenceCommand).Assembly.GetManifestResourceStream("verify_export.py")!)
        await using (var copy = File.Create(Path.Combine(dir, "verify_export.py")))
            await script.CopyToAsync(copy, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(dir, "README.md"), Readme(verification, events, asOf, knownAt), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(dir, "SHA256SUMS"), Checksums(dir), cancellationToken);

        var intact = verification.IsIntact;
        if (settings.Json)
            Consoles.WriteJson(new { bundle = dir, events, intact, digest = verification.Digest.Root });
        else
            Consoles.Out.WriteLine($"Evidence bundle {dir}: {events} events, verification {(intact ? "intact" : $"FAILED ({verification.Breaks.Count} break(s))")}, " +
                                   $"digest root {verification.Digest.Root}. Re-verify: python3 verify_export.py export.jsonl digest.json (see its README.md).");
        return intact ? ExitCodes.Success : ExitCodes.IntegrityFailure;
    }

    private static Task WriteJsonAsync(string path, object value, CancellationToken ct) =>
        File.WriteAllTextAsync(path, System.Text.Json.JsonSerializer.Serialize(value, value.GetType(), Consoles.Json) + "\n", ct);

    /// <summary><c>sha256sum -c SHA256SUMS</c> format, every file but itself, in name order.</summary>
    private static string Checksums(string dir)
    {
        var lines = new StringBuilder();
        foreach (var file in Directory.EnumerateFiles(dir).Select(Path.GetFileName).Where(f => f != "SHA256SUMS").Order(StringComparer.Ordinal))
        {
            using var stream = File.OpenRead(Path.Combine(dir, file!));
            lines.Append(Convert.ToHexStringLower(SHA256.HashData(stream))).Append("  ").Append(file).Append('\n');
        }
        return lines.ToString();
    }

    private static string Readme(VerificationReport verification, long events, DateTimeOffset? asOf, DateOnly? knownAt) =>
        string.Create(CultureInfo.InvariantCulture, $$"""
        # Hubs evidence bundle

        Written by `{{HubsApp.Version}}` at {{DateTimeOffset.UtcNow:yyyy-MM-dd'T'HH:mm:ss'Z'}}.

        | File | What it is |
        | --- | --- |
        | `export.jsonl`, `export.csv` | Every event of the library's streams ({{events}}), with who, why, source, command id, payload as stored and hash. Same fields in both. |
        | `digest.json` | The digest of the store as verified: each stream's last version and hash; root `{{verification.Digest.Root}}`. |
        | `verification.json` | The library's verification: {{(verification.IsIntact ? "intact" : $"{verification.Breaks.Count} break(s)")}}, {{verification.EventsChecked}} events checked. |
        | `report.html` | The same report as a page with charts (open it in any browser; it loads nothing from the network). |
        | `report.json` | The tracking report {{(asOf is { } a ? $"as of {a:yyyy-MM-dd'T'HH:mm:ss'Z'} (recorded-at)" : "as of the moment the bundle was written")}}, {{(knownAt is { } k ? $"with the figures published on or before {k:yyyy-MM-dd}" : "with every figure recorded")}}. |
        | `verify_export.py` | The verification script (Python 3, standard library only). |
        | `SHA256SUMS` | SHA-256 of every other file. |

        The exports hold the whole history (every chain must be checked from its first event), whatever the report's as-of
        or as-known-at point.

        ## Re-verify without this software

        ```
        sha256sum -c SHA256SUMS                          # the files are as written
        python3 verify_export.py export.jsonl digest.json  # every hash chain, and the root of the digest
        python3 verify_export.py export.csv digest.json    # the same from the CSV
        ```

        Each command exits 0 when everything checks; `verify_export.py` prints every break with its line. The hash recipe
        (`hubs-chain-v1`) is written out in the script and in docs/auditing.md of the library. Keep the digest root
        (`{{verification.Digest.Root}}`) somewhere this bundle is not: anyone able to rewrite the files could recompute
        both the hashes and these checksums, but not a root you wrote down elsewhere.
        """);
}
