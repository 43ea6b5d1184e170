using System.Text.Json;
using AngleSharp.Html.Parser;
using Hubs.EventSourcing;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Testing;

namespace Hubs.SampleHost.Tests;

/// <summary>
/// A report on a store whose hash chains are broken says so, names the break and the figure it touches, and exits 3: a
/// tampered figure is never shown as if nothing were wrong. Time travel says when it refused a checkpoint.
/// </summary>
public sealed class ReportIntegrityTests
{
    [Fact]
    public async Task reports_after_an_edited_figure_warn_name_the_break_and_the_figure_and_exit_3()
    {
        var db = await DemoWithAnEditedFigureAsync(nameof(reports_after_an_edited_figure_warn_name_the_break_and_the_figure_and_exit_3));
        var html = Path.Combine(Path.GetTempPath(), $"hubs-broken-{Guid.NewGuid():N}.html");

        var report = await HostProcess.RunAsync(db.Args("report", "--html", html));
        var json = await HostProcess.RunAsync(db.Args("report", "--json"));
        var board = await HostProcess.RunAsync(db.Args("leaderboard"));

        report.Code.ShouldBe(3, report.Err);
        report.Out.ShouldContain("WARNING: the store FAILED verification");
        report.Out.ShouldMatch(@"BREAK region:guangdong v3 hash-mismatch: .* — affects rd_intensity_reported: year 2024, .*intensityPct 3\.9");
        board.Code.ShouldBe(3, board.Err);
        board.Out.ShouldContain("BREAK region:guangdong v3 hash-mismatch");
        json.Code.ShouldBe(3, json.Err);
        var verification = JsonDocument.Parse(json.Out).RootElement.GetProperty("verification");
        verification.GetProperty("intact").GetBoolean().ShouldBeFalse();
        var broken = verification.GetProperty("breaks")[0];
        (broken.GetProperty("stream-key").GetString(), broken.GetProperty("version").GetInt64(), broken.GetProperty("kind").GetString())
            .ShouldBe(("region:guangdong", 3L, "hash-mismatch"));
        broken.GetProperty("affects").GetString()!.ShouldContain("intensityPct 3.9");
        var page = new HtmlParser().ParseDocument(await File.ReadAllTextAsync(html));
        File.Delete(html);
        page.QuerySelector("#verification")!.TextContent.ShouldContain("FAILED");
        var row = page.QuerySelector("#breaks tr[data-stream='region:guangdong']");
        row.ShouldNotBeNull("the HTML lists the break by stream");
        (row.GetAttribute("data-version"), row.GetAttribute("data-kind")).ShouldBe(("3", "hash-mismatch"));
        row.TextContent.ShouldContain("intensityPct 3.9");
    }

    [Fact]
    public async Task a_rebuild_after_an_edited_figure_leaves_it_out_names_it_and_exits_3()
    {
        var db = await DemoWithAnEditedFigureAsync(nameof(a_rebuild_after_an_edited_figure_leaves_it_out_names_it_and_exits_3));

        var rebuild = await HostProcess.RunAsync(db.Args("rebuild"));
        var json = await HostProcess.RunAsync(db.Args("rebuild", "--json"));

        rebuild.Code.ShouldBe(3, rebuild.Err);
        rebuild.Out.ShouldContain("WARNING: 1 event(s) were left out");
        rebuild.Out.ShouldContain("SKIPPED region:guangdong v3 hash-mismatch");
        json.Code.ShouldBe(3, json.Err);
        var root = JsonDocument.Parse(json.Out).RootElement;
        root.GetProperty("hashes-checked").GetBoolean().ShouldBeTrue();
        var skipped = root.GetProperty("skipped-events")[0];
        (skipped.GetProperty("stream-key").GetString(), skipped.GetProperty("version").GetInt64())
            .ShouldBe(("region:guangdong", 3L), "the rebuild names the event it did not fold");
        var board = await HostProcess.RunAsync(db.Args("leaderboard", "--no-verify"));
        board.Out.ShouldNotContain("3.9", customMessage: "the edited figure is folded nowhere");
    }

    [Fact]
    public async Task an_intact_report_says_it_was_verified_and_no_verify_says_it_was_not()
    {
        var db = await TestDatabase.CreateAsync(nameof(an_intact_report_says_it_was_verified_and_no_verify_says_it_was_not));
        (await HostProcess.RunAsync(db.Args("region", "register", "beijing", "--kind", "municipality"))).Code.ShouldBe(0);

        var verified = await HostProcess.RunAsync(db.Args("report"));
        var skipped = await HostProcess.RunAsync(db.Args("report", "--no-verify"));

        verified.Code.ShouldBe(0, verified.Err);
        verified.Out.ShouldContain("Verification: intact — 1 events in 1 hash chains recomputed for this report");
        skipped.Code.ShouldBe(0, skipped.Err);
        skipped.Out.ShouldContain("Verification: not run (--no-verify)");
    }

    [Fact]
    public async Task replay_says_when_it_refused_an_edited_checkpoint_in_text_and_json()
    {
        // Written through the library with a checkpoint every 4 versions: region:cp has one at version 4.
        await using var hubs = await HubsTestStore.CreateAsync(nameof(replay_says_when_it_refused_an_edited_checkpoint_in_text_and_json),
            o => o.CheckpointInterval = 4);
        var ctx = CommandContext.New("analyst:test", "checkpoint test", "test");
        await hubs.Commands.SendAsync(new RegisterRegion("cp", "Checkpointed", RegionKind.Province), ctx);
        for (var year = 2000; year < 2005; year++)
            await hubs.Commands.SendAsync(new ReportRdIntensity("cp", year, 1m + (year - 2000) / 10m, null, null, new DateOnly(year + 1, 9, 1), "NBS"),
                CommandContext.New("analyst:test", "checkpoint test", "test"));
        (await hubs.ExecuteAsync("""
            update mt_doc_hubs_checkpoint set data = jsonb_set(data, '{state}',
                to_jsonb(replace(data->>'state', '"intensityPct":1.1', '"intensityPct":7.7'))) where id = 'region:cp@4'
            """)).ShouldBe(1);
        string[] storage = ["--connection", hubs.ConnectionString, "--schema", hubs.Schema];

        var text = await HostProcess.RunAsync(["replay", "region:cp", "--version", "5", .. storage]);
        var json = await HostProcess.RunAsync(["replay", "region:cp", "--version", "5", "--json", .. storage]);

        text.Code.ShouldBe(0, text.Err);
        text.Out.ShouldContain("The checkpoint at version 4 was refused");
        json.Code.ShouldBe(0, json.Err);
        JsonDocument.Parse(json.Out).RootElement.GetProperty("refused-checkpoint-version").GetInt64().ShouldBe(4);
    }

    /// <summary>The demo's store with Guangdong's 2024 figure edited in SQL, 3.6 → 3.9, behind the library's back (region:guangdong v3).</summary>
    private static async Task<TestDatabase> DemoWithAnEditedFigureAsync(string name)
    {
        var db = await TestDatabase.CreateAsync(name);
        (await HostProcess.RunAsync(db.Args("demo"))).Code.ShouldBe(0);
        await db.ExecuteAsync($$"""
            update {{db.Schema}}.mt_events set data = jsonb_set(data, '{intensityPct}', '3.9')
            where stream_id = 'region:guangdong' and data->>'year' = '2024'
            """);
        return db;
    }
}
