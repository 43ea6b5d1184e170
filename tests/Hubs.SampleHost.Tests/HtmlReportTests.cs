using System.Globalization;
using System.Text.Json;
using AngleSharp.Html.Parser;
using SkiaSharp;

namespace Hubs.SampleHost.Tests;

/// <summary>
/// The HTML report, checked twice: its content parsed (every figure equal to the JSON report's) and rendered by a real
/// headless browser to a PNG that is not blank. Chromium comes from the OS packages (.ci/run installs it).
/// </summary>
public sealed class HtmlReportTests
{
    [Fact]
    public async Task the_html_report_shows_every_figure_and_status_of_the_json_report_and_renders_in_a_browser()
    {
        var db = await TestDatabase.CreateAsync(nameof(the_html_report_shows_every_figure_and_status_of_the_json_report_and_renders_in_a_browser));
        (await HostProcess.RunAsync(db.Args("demo"))).Code.ShouldBe(0);
        var dir = Directory.CreateTempSubdirectory("hubs-html-").FullName;
        try
        {
            var page = Path.Combine(dir, "report.html");
            var run = await HostProcess.RunAsync(db.Args("report", "--json", "--html", page));
            run.Code.ShouldBe(0, run.Err);

            using var json = JsonDocument.Parse(run.Out);
            var html = await new HtmlParser().ParseDocumentAsync(await File.ReadAllTextAsync(page));
            html.QuerySelectorAll("script, link, img[src^='http']").ShouldBeEmpty("the page is self-contained");
            html.QuerySelector("#verification")!.GetAttribute("data-intact").ShouldBe("true");
            var clusters = json.RootElement.GetProperty("clusters").EnumerateArray().ToList();
            clusters.Count.ShouldBe(3);
            foreach (var cluster in clusters)
            {
                var id = cluster.GetProperty("id").GetString()!;
                var section = html.QuerySelector($"section[data-cluster='{id}']").ShouldNotBeNull($"a section for {id}");
                section.QuerySelector("svg").ShouldNotBeNull($"a chart for {id}");
                var rows = section.QuerySelectorAll("tr[data-year]").ToDictionary(r => r.GetAttribute("data-year")!, r => r);
                foreach (var year in cluster.GetProperty("rdIntensity").EnumerateArray())
                {
                    var row = rows[year.GetProperty("year").GetInt32().ToString(CultureInfo.InvariantCulture)];
                    decimal.Parse(row.GetAttribute("data-value")!, CultureInfo.InvariantCulture).ShouldBe(year.GetProperty("value").GetDecimal());
                    row.GetAttribute("data-method").ShouldBe(year.GetProperty("method").GetString());
                }
                section.QuerySelectorAll("div.target").Select(t => t.GetAttribute("data-status"))
                    .ShouldBe(cluster.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("status").GetString()));
            }
            foreach (var region in json.RootElement.GetProperty("regions").EnumerateArray())
            {
                var section = html.QuerySelector($"section[data-region='{region.GetProperty("id").GetString()}']").ShouldNotBeNull();
                section.QuerySelectorAll("tr[data-year]").Select(r => decimal.Parse(r.GetAttribute("data-value")!, CultureInfo.InvariantCulture))
                    .ShouldBe(region.GetProperty("rdIntensity").EnumerateArray().Select(y => y.GetProperty("value").GetDecimal()));
            }
            html.QuerySelector("#leaderboard")!.GetAttribute("data-year").ShouldBe("2024");

            var png = Path.Combine(dir, "report.png");
            var browser = await ScreenshotAsync(page, png);
            browser.Code.ShouldBe(0, browser.Output);
            using var bitmap = SKBitmap.Decode(png).ShouldNotBeNull("chromium wrote a PNG");
            var (inked, colours) = Ink(bitmap);
            inked.ShouldBeGreaterThan(0.02, "a rendered page has text and charts, not a blank canvas");
            colours.ShouldBeGreaterThan(20, "charts in colour, not a flat image");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Share of pixels that are not white, and how many distinct colours there are (sampled).</summary>
    private static (double Inked, int Colours) Ink(SKBitmap bitmap)
    {
        long inked = 0, total = 0;
        var colours = new HashSet<uint>();
        for (var y = 0; y < bitmap.Height; y += 3)
            for (var x = 0; x < bitmap.Width; x += 3)
            {
                var c = bitmap.GetPixel(x, y);
                total++;
                if (c.Red < 240 || c.Green < 240 || c.Blue < 240) inked++;
                colours.Add((uint)c);
            }
        return ((double)inked / total, colours.Count);
    }

    private static async Task<(int Code, string Output)> ScreenshotAsync(string page, string png)
    {
        var chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("Chromium is needed for this test: apt-get install chromium (as .ci/run does).");
        return await Programs.RunAsync(chromium,
            ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1200,2400", $"--screenshot={png}", new Uri(page).AbsoluteUri]);
    }
}
