using System.Text.Json;

namespace Hubs.SampleHost.Tests;

/// <summary><c>hubs ranking correct</c>: a place recorded wrongly, fixed in its edition (real rows of GII 2025, one mistyped).</summary>
public sealed class RankCorrectionHostTests
{
    private const string Rows = """
        scope,year,indicator,value,unit,published_on,publisher,document,status
        Tokyo–Yokohama (JP),2025,gii_cluster_rank,2,rank (1 = largest),2025-09-16,WIPO,WIPO GII 2025 S&T clusters,official
        Hangzhou (CN),2025,gii_cluster_rank,31,rank (1 = largest),2025-09-16,WIPO,WIPO GII 2025 S&T clusters,official

        """;

    [Fact]
    public async Task a_mistyped_place_is_corrected_with_its_reason_shown_in_the_report_and_a_re_import_does_not_undo_it()
    {
        var db = await TestDatabase.CreateAsync(nameof(a_mistyped_place_is_corrected_with_its_reason_shown_in_the_report_and_a_re_import_does_not_undo_it));
        var csv = Path.Combine(Path.GetTempPath(), $"hubs-gii-typo-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(csv, Rows);
        var first = await HostProcess.RunAsync(db.Args("import", "ranking", csv));
        first.Code.ShouldBe(0, first.Err);

        var fix = await HostProcess.RunAsync(db.Args("ranking", "correct", "GII", "--edition", "2025", "--ranked-name", "Hangzhou", "--place", "13",
            "--reason", "typed 31 for 13", "--actor", "analyst:li"));
        var again = await HostProcess.RunAsync(db.Args("import", "ranking", csv));
        var noReason = await HostProcess.RunAsync(db.Args("ranking", "correct", "GII", "--edition", "2025", "--ranked-name", "Hangzhou", "--place", "12"));
        var unknown = await HostProcess.RunAsync(db.Args("ranking", "correct", "GII", "--edition", "2025", "--ranked-name", "Seoul", "--place", "5",
            "--reason", "typo"));
        File.Delete(csv);

        fix.Code.ShouldBe(0, fix.Err);
        again.Code.ShouldBe(0, again.Err);
        noReason.Code.ShouldNotBe(0);
        noReason.Err.ShouldContain("--reason");
        unknown.Code.ShouldNotBe(0);
        unknown.Err.ShouldContain("ranking-entry-not-recorded");
        var report = await HostProcess.RunAsync(db.Args("report", "--no-verify", "--json"));
        report.Code.ShouldBe(0, report.Err);
        using var json = JsonDocument.Parse(report.Out);
        var hangzhou = json.RootElement.GetProperty("rankings").GetProperty("editions").EnumerateArray()
            .SelectMany(e => e.GetProperty("entries").EnumerateArray())
            .Single(e => e.GetProperty("ranked-name").GetString() == "Hangzhou");
        hangzhou.GetProperty("place").ToString().ShouldBe("13");
        hangzhou.GetProperty("corrected-from").ToString().ShouldBe("31");
        hangzhou.GetProperty("correction-reason").GetString().ShouldBe("typed 31 for 13");
        (await HostProcess.RunAsync(db.Args("history", "ranking:gii-2025"))).Out.ShouldContain("ranking_entry_corrected");
    }
}
