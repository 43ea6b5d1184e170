using System.Globalization;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;

namespace Hubs.SampleHost.Tests;

/// <summary>
/// What the page marks for a reader beyond the figures: a target the analyst set is not called illustrative, a revised
/// figure is ringed, and the page is accessible (one h1, no skipped heading level, every chart titled and labelled, every
/// colour of the palette readable on the background).
/// </summary>
public sealed partial class HtmlDashboardTests
{
    [Fact]
    public async Task an_analysts_own_target_is_not_marked_illustrative_and_a_revised_figure_is_ringed_and_said()
    {
        var db = await TestDatabase.CreateAsync(nameof(an_analysts_own_target_is_not_marked_illustrative_and_a_revised_figure_is_ringed_and_said));
        (await HostProcess.RunAsync(db.Args("demo"))).Code.ShouldBe(0);
        var dir = Directory.CreateTempSubdirectory("hubs-dash-").FullName;
        try
        {
            (await HostProcess.RunAsync(db.Args("target", "set", "--region", "beijing", "--value", "7.5", "--source", "Beijing 15th five-year plan"))).Code.ShouldBe(0);
            var csv = Path.Combine(dir, "rev.csv");
            await File.WriteAllTextAsync(csv, "region,year,rd_intensity_pct,rd_expenditure,expenditure_unit,published_on,source\nbeijing,2022,6.84,,,2026-06-01,NBS corrected table\n");
            var import = await HostProcess.RunAsync(db.Args("import", "rd", csv, "--reason", "NBS corrected the 2022 figure"));
            import.Code.ShouldBe(0, import.Err);
            var page = Path.Combine(dir, "r.html");
            (await HostProcess.RunAsync(db.Args("report", "--html", page, "--year", "2025"))).Code.ShouldBe(0);

            var html = await new HtmlParser().ParseDocumentAsync(await File.ReadAllTextAsync(page));
            // A panel per catalogue indicator with data, its targets with status, basis and mark (the nation's in its own section).
            var growth = html.QuerySelector("#region-china .panel[data-indicator='rd_expenditure_total'] .target[data-target='fyp14-rd-growth']").ShouldNotBeNull();
            (growth.GetAttribute("data-status"), growth.GetAttribute("data-mark")).ShouldBe(("met-so-far", "official"));
            growth.QuerySelector(".basis")!.TextContent.ShouldContain("a year so far");
            html.QuerySelector("#region-china .panel[data-indicator='basic_research_share_of_rd'] .target[data-target='fyp14-basic-share']")!
                .GetAttribute("data-status").ShouldBe("off-track");
            html.QuerySelector("#region-hong-kong .target[data-target='rd-intensity-2020']")!.GetAttribute("data-status").ShouldBe("missed");
            html.QuerySelector("#target-table tr[data-for='beijing']")!.GetAttribute("data-illustrative").ShouldBe("false", "the analyst replaced the demo's target with a sourced one");
            html.QuerySelector("#target-table tr[data-for='shanghai']")!.GetAttribute("data-illustrative").ShouldBe("true");
            var text = await HostProcess.RunAsync(db.Args("report"));
            text.Out.ShouldContain("rd-intensity 5.00 by 2035: on-track — ILLUSTRATIVE, not official");
            var own = text.Out.Split('\n').Where(l => l.Contains("rd-intensity 7.50 by 2035", StringComparison.Ordinal)).ToList();
            own.ShouldNotBeEmpty();
            own.ShouldAllBe(l => !l.Contains("ILLUSTRATIVE"), "the analyst's own target is not called illustrative");
            var demo = await HostProcess.RunAsync(db.Args("demo", "--json"));
            using var json = System.Text.Json.JsonDocument.Parse(demo.Out);
            json.RootElement.GetProperty("illustrative-targets").GetProperty("targets").EnumerateArray()
                .Single(t => t.GetProperty("for").GetString() == "beijing").GetProperty("illustrative").GetBoolean().ShouldBeFalse("demo marks each target by its source");
            var beijing = html.QuerySelector("section[data-region='beijing']")!;
            beijing.QuerySelector("tr[data-year='2022']")!.GetAttribute("data-revisions").ShouldBe("1");
            beijing.QuerySelector("tr[data-year='2022']")!.TextContent.ShouldContain("6.84 (rev 1)");
            beijing.QuerySelectorAll("circle.ring").Length.ShouldBe(1, "one point is ringed: the revised 2022");
            beijing.QuerySelector("ul.legend")!.TextContent.ShouldContain("revised");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task the_page_has_ordered_headings_labelled_charts_and_a_palette_readable_on_its_background()
    {
        var db = await TestDatabase.CreateAsync(nameof(the_page_has_ordered_headings_labelled_charts_and_a_palette_readable_on_its_background));
        (await HostProcess.RunAsync(db.Args("demo"))).Code.ShouldBe(0);
        var page = Path.Combine(Path.GetTempPath(), $"hubs-a11y-{Guid.NewGuid():N}.html");
        (await HostProcess.RunAsync(db.Args("report", "--html", page))).Code.ShouldBe(0);
        var text = await File.ReadAllTextAsync(page);
        File.Delete(page);
        var html = await new HtmlParser().ParseDocumentAsync(text);

        html.DocumentElement.GetAttribute("lang").ShouldBe("en");
        html.Title.ShouldNotBeNullOrWhiteSpace();
        html.QuerySelector("meta[name='viewport']").ShouldNotBeNull("a phone lays the page out at its own width");
        var headings = html.QuerySelectorAll("h1,h2,h3,h4,h5,h6").Select(h => int.Parse(h.TagName[1..], CultureInfo.InvariantCulture)).ToList();
        headings.Count(l => l == 1).ShouldBe(1, "one h1");
        headings[0].ShouldBe(1);
        for (var i = 1; i < headings.Count; i++)
            headings[i].ShouldBeLessThanOrEqualTo(headings[i - 1] + 1, $"heading {i} (h{headings[i]}) skips a level after h{headings[i - 1]}");
        var charts = html.QuerySelectorAll("svg");
        charts.Length.ShouldBeGreaterThan(10);
        foreach (var svg in charts)
        {
            svg.GetAttribute("role").ShouldBe("img");
            svg.GetAttribute("aria-label").ShouldNotBeNullOrWhiteSpace();
            svg.QuerySelector("title").ShouldNotBeNull().TextContent.ShouldNotBeNullOrWhiteSpace();
            svg.HasAttribute("width").ShouldBeFalse("a chart scales with its box instead of a fixed width");
        }
        html.QuerySelectorAll("th").ShouldAllBe(th => th.GetAttribute("scope") == "col");

        var palette = Palette().Matches(text).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        palette.Count.ShouldBeGreaterThan(8);
        var background = palette["bg"];
        foreach (var (name, colour) in palette.Where(p => p.Key is not ("bg" or "line" or "warn-bg")))
            Contrast(colour, background).ShouldBeGreaterThanOrEqualTo(4.5, $"--{name} {colour} on {background}");
        Contrast(palette["ink"], palette["warn-bg"]).ShouldBeGreaterThanOrEqualTo(4.5, "banner text");
    }

    /// <summary>WCAG 2 contrast ratio of two #rrggbb colours.</summary>
    internal static double Contrast(string a, string b)
    {
        double L(string hex)
        {
            double C(int i)
            {
                var c = Convert.ToInt32(hex.Substring(1 + 2 * i, 2), 16) / 255.0;
                return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
            }
            return 0.2126 * C(0) + 0.7152 * C(1) + 0.0722 * C(2);
        }
        var (x, y) = (L(a), L(b));
        return (Math.Max(x, y) + 0.05) / (Math.Min(x, y) + 0.05);
    }

    [GeneratedRegex(@"--([a-z-]+):(#[0-9a-fA-F]{6})")]
    private static partial Regex Palette();
}
