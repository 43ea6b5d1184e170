using System.Globalization;
using System.Text.Json;
using AngleSharp.Html.Parser;
using SkiaSharp;

namespace Hubs.SampleHost.Tests;

/// <summary>
/// The HTML report, checked as a reader meets it: its content parsed (every figure equal to the JSON report's, every
/// target with its status and whether it is illustrative), and laid out and photographed by a real headless browser at a
/// laptop's and a phone's width (nothing cut off, no legend over a point, the palette's colours and both halves of the
/// screen inked).
/// </summary>
public sealed class HtmlReportTests : IClassFixture<HtmlReportTests.DemoPage>
{
    /// <summary>The demo store and its report page, written once for the class.</summary>
    public sealed class DemoPage : IAsyncLifetime
    {
        internal TestDatabase Db { get; private set; } = null!;
        public string Dir { get; } = Directory.CreateTempSubdirectory("hubs-html-").FullName;
        public string Page => Path.Combine(Dir, "report.html");
        public string Json { get; private set; } = "";

        public async Task InitializeAsync()
        {
            Db = await TestDatabase.CreateAsync(nameof(HtmlReportTests));
            (await HostProcess.RunAsync(Db.Args("demo"))).Code.ShouldBe(0);
            var run = await HostProcess.RunAsync(Db.Args("report", "--json", "--html", Page, "--changes-since", "2020-01-01T00:00:00Z"));
            run.Code.ShouldBe(0, run.Err);
            Json = run.Out;
        }

        public Task DisposeAsync()
        {
            Directory.Delete(Dir, recursive: true);
            return Task.CompletedTask;
        }
    }

    private readonly DemoPage _demo;

    public HtmlReportTests(DemoPage demo) => _demo = demo;

    [Fact]
    public async Task the_html_report_shows_every_figure_and_status_of_the_json_report()
    {
        using var json = JsonDocument.Parse(_demo.Json);
        var html = await new HtmlParser().ParseDocumentAsync(await File.ReadAllTextAsync(_demo.Page));
        html.QuerySelectorAll("script, link, img, [src], [href^='http']").ShouldBeEmpty("the page is self-contained: no script, no network");
        html.QuerySelector("#verification")!.GetAttribute("data-intact").ShouldBe("true");
        var clusters = json.RootElement.GetProperty("clusters").EnumerateArray().ToList();
        clusters.Count.ShouldBe(3);
        foreach (var cluster in clusters)
        {
            var id = cluster.GetProperty("id").GetString()!;
            var section = html.QuerySelector($"section[data-cluster='{id}']").ShouldNotBeNull($"a section for {id}");
            section.QuerySelector("svg").ShouldNotBeNull($"a chart for {id}");
            var rows = section.QuerySelectorAll(".panel[data-indicator='rd-intensity'] tr[data-year]").ToDictionary(r => r.GetAttribute("data-year")!, r => r);
            foreach (var year in cluster.GetProperty("rd-intensity").EnumerateArray())
            {
                var row = rows[year.GetProperty("year").GetInt32().ToString(CultureInfo.InvariantCulture)];
                decimal.Parse(row.GetAttribute("data-value")!, CultureInfo.InvariantCulture).ShouldBe(year.GetProperty("value").GetDecimal());
                row.GetAttribute("data-method").ShouldBe(year.GetProperty("method").GetString());
            }
            section.QuerySelectorAll("div.target[data-metric]").Select(t => t.GetAttribute("data-status"))
                .ShouldBe(cluster.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("status").GetString()), ignoreOrder: true);
        }
        // The indicator panels: every scorecard target of the JSON, with the same status, in its scope's section.
        var indicators = json.RootElement.GetProperty("indicators");
        foreach (var (kind, card) in indicators.GetProperty("clusters").EnumerateArray().Select(c => ("cluster", c))
                     .Concat(indicators.GetProperty("nation").EnumerateArray().Concat(indicators.GetProperty("regions").EnumerateArray()).Select(c => ("region", c))))
        {
            var section = html.QuerySelector($"section[data-{kind}='{card.GetProperty("scope-id").GetString()}']").ShouldNotBeNull();
            section.QuerySelectorAll("div.target[data-target]").Select(t => (t.GetAttribute("data-target"), t.GetAttribute("data-status")))
                .ShouldBe(card.GetProperty("targets").EnumerateArray()
                    .Select(t => (t.GetProperty("target").GetProperty("id").GetString(), t.GetProperty("status").GetString())), ignoreOrder: true);
        }
        foreach (var region in json.RootElement.GetProperty("regions").EnumerateArray())
        {
            var section = html.QuerySelector($"section[data-region='{region.GetProperty("id").GetString()}']").ShouldNotBeNull();
            section.QuerySelectorAll(".panel[data-indicator='rd-intensity'] tr[data-year]").Select(r => decimal.Parse(r.GetAttribute("data-value")!, CultureInfo.InvariantCulture))
                .ShouldBe(region.GetProperty("rd-intensity").EnumerateArray().Select(y => y.GetProperty("value").GetDecimal()));
            if (region.GetProperty("rd-intensity").GetArrayLength() == 0)
                section.QuerySelector(".empty").ShouldNotBeNull($"{region.GetProperty("id").GetString()} has no figures, and the page says so in words");
        }
        html.QuerySelector("#leaderboard")!.GetAttribute("data-year").ShouldBe("2024");
    }

    [Fact]
    public async Task the_dashboard_lists_every_target_marks_the_demos_as_illustrative_and_shows_enterprises_and_changes()
    {
        using var json = JsonDocument.Parse(_demo.Json);
        var html = await new HtmlParser().ParseDocumentAsync(await File.ReadAllTextAsync(_demo.Page));
        var expected = json.RootElement.GetProperty("clusters").EnumerateArray().Concat(json.RootElement.GetProperty("regions").EnumerateArray())
            .Sum(o => o.GetProperty("targets").GetArrayLength());
        var rows = html.QuerySelectorAll("#target-table tr[data-status]");
        rows.Length.ShouldBe(expected, "the overview lists every target of the store");
        rows.ShouldAllBe(r => r.GetAttribute("data-illustrative") == "true", "every demo target is illustrative, and marked so");
        html.QuerySelectorAll("#target-table .illustrative").Length.ShouldBe(expected);
        html.QuerySelector("#enterprises tr[data-enterprise='joygovai']").ShouldNotBeNull("the enterprises section lists JoyGovAI")
            .TextContent.ShouldContain("Beijing");
        html.QuerySelectorAll("#changes ol.timeline li").Length.ShouldBeGreaterThan(10, "everything the demo recorded changed the report since 2020");
        html.QuerySelectorAll("#changes time[datetime]").ShouldAllBe(t => t.GetAttribute("datetime")!.EndsWith('Z'));
    }

    [Theory]
    [InlineData(1400)]
    [InlineData(420)]
    public async Task at_a_laptops_and_a_phones_width_nothing_is_cut_off_and_no_legend_covers_a_point(int width)
    {
        var problems = await Browser.LayoutProblemsAsync(_demo.Page, width);
        problems.ShouldBeEmpty($"at {width} px: {string.Join("; ", problems)}");
    }

    [Theory]
    [InlineData(1400)]
    [InlineData(420)]
    public async Task the_screenshot_shows_the_series_the_target_lines_and_the_statuses_across_the_whole_width(int width)
    {
        using var shot = await Browser.ScreenshotAsync(_demo.Page, Path.Combine(_demo.Dir, $"report-{width}.png"), width, width < 1000 ? 9000 : 4000);
        shot.Width.ShouldBe(width);
        Browser.Pixels(shot, SKColor.Parse("#1f5fa8")).ShouldBeGreaterThan(200, "weighted points and lines (blue) are drawn");
        Browser.Pixels(shot, SKColor.Parse("#1b6e34")).ShouldBeGreaterThan(100, "target lines and on-track badges (green) are drawn");
        Browser.Pixels(shot, SKColor.Parse("#a14a00")).ShouldBeGreaterThan(30, "illustrative marks and mean points (orange) are drawn");
        Browser.Ink(shot, 0, width / 2).ShouldBeGreaterThan(0.03, "the left half has content");
        Browser.Ink(shot, width / 2, width).ShouldBeGreaterThan(0.02, "the right half has content: charts span the width, not cut at a fixed size");
    }
}
