namespace Hubs.SampleHost.Tests;

/// <summary>An auditor's evidence bundle re-verifies without this software, and an edited line in it is found.</summary>
public sealed class EvidenceBundleTests
{
    [Fact]
    public async Task an_evidence_bundle_re_verifies_without_the_library_and_an_edited_line_is_found()
    {
        var db = await TestDatabase.CreateAsync(nameof(an_evidence_bundle_re_verifies_without_the_library_and_an_edited_line_is_found));
        (await HostProcess.RunAsync(db.Args("demo"))).Code.ShouldBe(0);
        var bundle = Path.Combine(Path.GetTempPath(), $"hubs-evidence-{Guid.NewGuid():N}");
        try
        {
            var written = await HostProcess.RunAsync(db.Args("evidence", "--out", bundle, "--known-at", "2025-12-31"));
            written.Code.ShouldBe(0, written.Err);
            Directory.EnumerateFiles(bundle).Select(Path.GetFileName).Order(StringComparer.Ordinal).ShouldBe(
                ["README.md", "SHA256SUMS", "digest.json", "export.csv", "export.jsonl", "report.html", "report.json", "verification.json", "verify_export.py"]);
            (await File.ReadAllTextAsync(Path.Combine(bundle, "report.json"))).ShouldContain("\"known-at\": \"2025-12-31\"");

            (await RunAsync(bundle, "sha256sum", "-c", "SHA256SUMS")).Code.ShouldBe(0);
            var jsonl = await RunAsync(bundle, "python3", "verify_export.py", "export.jsonl", "digest.json");
            jsonl.Code.ShouldBe(0, jsonl.Output);
            jsonl.Output.ShouldContain(" 0 breaks");
            (await RunAsync(bundle, "python3", "verify_export.py", "export.csv", "digest.json")).Code.ShouldBe(0);

            // An auditor's copy edited afterwards: one reason changed on line 3.
            var lines = await File.ReadAllLinesAsync(Path.Combine(bundle, "export.jsonl"));
            lines[2] = lines[2].Replace("\"reason\":\"", "\"reason\":\"edited ", StringComparison.Ordinal);
            await File.WriteAllLinesAsync(Path.Combine(bundle, "export.jsonl"), lines);

            var edited = await RunAsync(bundle, "python3", "verify_export.py", "export.jsonl", "digest.json");
            edited.Code.ShouldBe(1, edited.Output);
            edited.Output.ShouldContain("BREAK line 3:");
            (await RunAsync(bundle, "sha256sum", "-c", "--quiet", "SHA256SUMS")).Output.ShouldContain("export.jsonl: FAILED");
        }
        finally
        {
            if (Directory.Exists(bundle)) Directory.Delete(bundle, recursive: true);
        }
    }

    private static Task<(int Code, string Output)> RunAsync(string directory, string program, params string[] args) =>
        Programs.RunAsync(program, args, directory);
}
