using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.Regions;
using Microsoft.VisualBasic.FileIO;

namespace Hubs.EventSourcing.IntegrationTests.Auditing;

public sealed class ExportTests(ClassStore<ExportTests> fx) : IClassFixture<ClassStore<ExportTests>>
{
    private static readonly string[] Columns =
        ["stream", "version", "sequence", "type", "recordedAt", "actor", "reason", "source", "commandId", "correlationId", "causationId", "payload", "hash", "eventVersion", "checkpoint"];

    /// <summary>Awkward text on purpose: commas, quotes, a line break, CJK.</summary>
    private async Task<string> SeedAsync(string id)
    {
        var ctx = new CommandContext("analyst:李", "revision, \"benchmark\"\nsecond line", "NBS 统计公报", Guid.NewGuid(), "corr-" + id) { CausationId = "c,1" };
        await fx.Hubs.Commands.SendAsync(new RegisterRegion(id, "Guangdong 广东, \"GD\"", RegionKind.Province), ctx);
        await fx.Hubs.Commands.SendAsync(new ReportRdIntensity(id, 2022, 3.42m, 4411.90m, "CNY 100m", new DateOnly(2023, 9, 18), "NBS"), Ctx.New());
        await fx.Hubs.Commands.SendAsync(new ReviseRdIntensity(id, 2022, 3.40m, null, null, new DateOnly(2023, 12, 1), "NBS", "census"), Ctx.New());
        return Keys.Region(id);
    }

    private async Task<string> ExportAsync(ExportFormat format, string? streamKey)
    {
        using var output = new MemoryStream();
        await fx.Hubs.Audit().ExportAsync(output, format, streamKey);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    private static List<Dictionary<string, string>> ParseJsonLines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            using var doc = JsonDocument.Parse(line);
            return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name,
                p => p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetRawText() : p.Value.GetString()!);
        }).ToList();

    private static List<Dictionary<string, string>> ParseCsv(string text)
    {
        using var parser = new TextFieldParser(new StringReader(text)) { HasFieldsEnclosedInQuotes = true, TrimWhiteSpace = false };
        parser.SetDelimiters(",");
        parser.ReadFields().ShouldBe(Columns, "the header names the documented columns in order");
        var rows = new List<Dictionary<string, string>>();
        while (!parser.EndOfData)
        {
            var fields = parser.ReadFields()!;
            rows.Add(Columns.Select((c, i) => (c, fields[i])).ToDictionary(x => x.c, x => x.Item2));
        }
        return rows;
    }

    /// <summary>Re-verifies rows with the documented recipe only (no library code): chains per stream, in file order.</summary>
    private static void ShouldVerifyIndependently(List<Dictionary<string, string>> rows)
    {
        var heads = new Dictionary<string, (long Version, string Hash)>();
        foreach (var r in rows)
        {
            var (version, previous) = heads.GetValueOrDefault(r["stream"], (0, ""));
            long.Parse(r["version"]).ShouldBe(version + 1, $"{r["stream"]} continues without gaps");
            string[] fields = ["hubs-chain-v1", r["stream"], r["version"], r["type"], r["recordedAt"], r["actor"],
                r["reason"], r["source"], r["commandId"], r["correlationId"], r["causationId"], r["payload"], previous];
            var expected = AuditTestKit.IndependentHash(r["checkpoint"].Length == 0 ? fields : [.. fields, r["checkpoint"]]);
            r["hash"].ShouldBe(expected, $"{r["stream"]} v{r["version"]} recomputes from the exported fields alone");
            heads[r["stream"]] = (version + 1, expected);
        }
    }

    [Theory]
    [InlineData(ExportFormat.JsonLines)]
    [InlineData(ExportFormat.Csv)]
    public async Task a_stream_exports_with_metadata_and_hashes_anyone_can_recompute(ExportFormat format)
    {
        var key = await SeedAsync("ex-gd-" + format.ToString().ToLowerInvariant());

        var text = await ExportAsync(format, key);
        var rows = format == ExportFormat.JsonLines ? ParseJsonLines(text) : ParseCsv(text);

        rows.Select(r => r["version"]).ShouldBe(["1", "2", "3"]);
        rows.ShouldAllBe(r => r["stream"] == key);
        rows[0]["actor"].ShouldBe("analyst:李");
        rows[0]["reason"].ShouldBe("revision, \"benchmark\"\nsecond line");
        rows[0]["causationId"].ShouldBe("c,1");
        rows[0]["recordedAt"].ShouldBe("2026-01-14T08:00:00.000000Z");
        rows[1]["payload"].ShouldBe(await fx.Hubs.ScalarAsync<string>($"select data::text from mt_events where stream_id = '{key}' and version = 2"));
        ShouldVerifyIndependently(rows);
    }

    [Theory]
    [InlineData(ExportFormat.JsonLines)]
    [InlineData(ExportFormat.Csv)]
    public async Task everything_exports_in_sequence_order_and_verifies_independently(ExportFormat format)
    {
        await SeedAsync("ex-all-a-" + format.ToString().ToLowerInvariant());
        await fx.Hubs.SeedRegionAsync("ex-all-b-" + format.ToString().ToLowerInvariant());

        var text = await ExportAsync(format, null);
        var rows = format == ExportFormat.JsonLines ? ParseJsonLines(text) : ParseCsv(text);

        rows.Count.ShouldBe(await fx.Hubs.ScalarAsync<int>("select count(*) from mt_events where stream_id <> 'mt_tombstone'"));
        rows.Select(r => long.Parse(r["sequence"])).ShouldBeInOrder(SortDirection.Ascending);
        rows.Select(r => r["stream"]).Distinct().Count().ShouldBeGreaterThanOrEqualTo(2);
        ShouldVerifyIndependently(rows);
    }

    [Fact]
    public async Task the_documented_python_script_verifies_a_full_export_and_reproduces_the_digest_root()
    {
        await SeedAsync("ex-py");
        var dir = Directory.CreateTempSubdirectory("hubs-export-");
        try
        {
            var export = Path.Combine(dir.FullName, "export.jsonl");
            await using (var file = File.Create(export))
                await fx.Hubs.Audit().ExportAsync(file, ExportFormat.JsonLines);
            var digestFile = Path.Combine(dir.FullName, "digest.json");
            var digest = (await fx.Hubs.Audit().VerifyAsync()).Digest;
            await File.WriteAllTextAsync(digestFile, digest.ToJson());

            var (code, output) = await RunScriptAsync(export, digestFile);
            code.ShouldBe(0, output);
            output.ShouldContain($"0 breaks, root {digest.Root}");

            // One changed figure in the file: the script must name the line.
            var lines = await File.ReadAllLinesAsync(export);
            var target = Array.FindIndex(lines, l => l.Contains("\"region:ex-py\"") && l.Contains("\"version\":2"));
            lines[target] = lines[target].Replace("3.42", "3.52", StringComparison.Ordinal);
            await File.WriteAllLinesAsync(export, lines);
            var (tamperedCode, tamperedOutput) = await RunScriptAsync(export, digestFile);
            tamperedCode.ShouldBe(1, tamperedOutput);
            tamperedOutput.ShouldContain($"BREAK line {target + 1}: region:ex-py version 2");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task the_script_shown_in_docs_auditing_md_is_the_one_tested()
    {
        var docs = Path.Combine(AuditTestKit.RepositoryRoot(), "docs");
        var script = await File.ReadAllTextAsync(Path.Combine(docs, "verify_export.py"));
        (await File.ReadAllTextAsync(Path.Combine(docs, "auditing.md"))).ShouldContain("```python\n" + script + "```");
    }

    [Fact]
    public async Task a_large_export_is_written_in_bounded_chunks_as_it_is_read()
    {
        var regions = Enumerable.Range(0, 40).Select(i => $"ex-bulk-{i}").ToArray();
        var commands = regions.SelectMany(r => new IHubsCommand[] { new RegisterRegion(r, r, RegionKind.Province) }
            .Concat(Enumerable.Range(2000, 25).Select(y => new ReportRdIntensity(r, y, 2.1m, 1000m, "CNY 100m", new DateOnly(y + 1, 9, 1), "NBS")))).ToList();
        await fx.Hubs.Commands.SendBatchAsync(commands, Ctx.New());
        var output = new RecordingStream();

        var written = await fx.Hubs.Audit().ExportAsync(output, ExportFormat.JsonLines);

        written.ShouldBeGreaterThanOrEqualTo(1040);
        output.Length.ShouldBeGreaterThan(512 * 1024);
        output.Writes.ShouldBeGreaterThan(5, "rows go out as they are read, not as one materialised document");
        output.LargestWrite.ShouldBeLessThan(128 * 1024, "the export buffers at most one chunk");
    }

    internal static async Task<(int Code, string Output)> RunScriptAsync(params string[] args)
    {
        var script = Path.Combine(AuditTestKit.RepositoryRoot(), "docs", "verify_export.py");
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 could not be started (it is required, as by .ci/run).");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>A write-only sink that remembers how it was written to, without keeping the bytes.</summary>
    private sealed class RecordingStream : Stream
    {
        public int Writes { get; private set; }
        public int LargestWrite { get; private set; }
        public override long Length => _length;
        private long _length;

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Writes++;
            LargestWrite = Math.Max(LargestWrite, buffer.Length);
            _length += buffer.Length;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
