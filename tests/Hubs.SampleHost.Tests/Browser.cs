using SkiaSharp;

namespace Hubs.SampleHost.Tests;

/// <summary>
/// A real headless browser (Chromium from the OS packages; .ci/run installs it) for the HTML report: screenshots at a given
/// width, and the page's layout as the browser computed it (a copy of the page with a measuring script, dumped as DOM).
/// </summary>
internal static class Browser
{
    private static string Chromium =>
        new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("Chromium is needed for this test: apt-get install chromium (as .ci/run does).");

    private static readonly string[] Headless = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--force-device-scale-factor=1"];

    /// <summary>
    /// Headless Chromium will not make a window narrower than 500 px; below that the page is laid out in a box of the
    /// phone's width (the page's media queries switch at 40rem and 60rem, both above 500 px, so the layout is the phone's).
    /// </summary>
    private static async Task<string> AtWidthAsync(string page, int width, string suffix, string extra = "")
    {
        var copy = Path.ChangeExtension(page, $".{suffix}-{width}.html");
        var narrow = width < 500 ? $"<style>html{{width:{width}px}}</style>" : "";
        await File.WriteAllTextAsync(copy, (await File.ReadAllTextAsync(page)).Replace("</body>", narrow + extra + "</body>", StringComparison.Ordinal));
        return new Uri(copy).AbsoluteUri;
    }

    public static async Task<SKBitmap> ScreenshotAsync(string page, string png, int width, int height)
    {
        var run = await Programs.RunAsync(Chromium, [.. Headless, $"--window-size={width},{height}", $"--screenshot={png}", await AtWidthAsync(page, width, "shot")]);
        run.Code.ShouldBe(0, run.Output);
        return SKBitmap.Decode(png).ShouldNotBeNull("chromium wrote a PNG");
    }

    /// <summary>
    /// Lays the page out at <paramref name="width"/> and returns what a script measured there, one line per finding: the
    /// page's own file stays script-free; a copy gets the script, and Chromium prints the DOM after running it.
    /// </summary>
    public static async Task<IReadOnlyList<string>> LayoutProblemsAsync(string page, int width)
    {
        var copy = await AtWidthAsync(page, width, "measured", MeasureScript.Replace("WIDTH", width.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        var run = await Programs.RunAsync(Chromium, [.. Headless, $"--window-size={Math.Max(width, 500)},900", "--virtual-time-budget=2000", "--dump-dom", copy]);
        run.Code.ShouldBe(0, run.Output);
        var dom = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(run.Output[run.Output.IndexOf("<html", StringComparison.Ordinal)..]);
        var result = dom.QuerySelector("#layout-result").ShouldNotBeNull("the measuring script ran");
        result.GetAttribute("data-width").ShouldBe(width.ToString(System.Globalization.CultureInfo.InvariantCulture), "the page was laid out at the width asked for");
        return result.TextContent.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>
    /// Finds what a reader would see as broken: a page wider than the screen, a chart or table cut at the right edge, a
    /// point outside its chart, a legend over a point, a heading whose text does not fit.
    /// </summary>
    private const string MeasureScript = """
        <script>
        (function(){
          const w = Math.min(document.documentElement.clientWidth, WIDTH), out = [];
          const widest = Math.max(...Array.from(document.body.querySelectorAll('*')).filter(e => !e.closest('.scroll')).map(e => e.getBoundingClientRect().right));
          if (widest > w + 1) out.push('page ' + widest + 'px wide in a ' + w + 'px window');
          document.querySelectorAll('svg').forEach((s, i) => {
            const r = s.getBoundingClientRect();
            if (r.right > w + 1 || r.left < -1) out.push('chart ' + (s.getAttribute('aria-label') || i) + ' spans ' + r.left + '..' + r.right);
            s.querySelectorAll('circle.point').forEach(c => {
              const p = c.getBoundingClientRect();
              if (p.left < r.left - 1 || p.right > r.right + 1 || p.top < r.top - 1 || p.bottom > r.bottom + 1)
                out.push('point ' + c.textContent + ' outside its chart');
              document.querySelectorAll('ul.legend').forEach(l => {
                const q = l.getBoundingClientRect();
                if (p.left < q.right && p.right > q.left && p.top < q.bottom && p.bottom > q.top) out.push('legend covers ' + c.textContent);
              });
            });
          });
          document.querySelectorAll('h1,h2,h3,h4,p,td').forEach(e => {
            if (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'auto') out.push('text cut: ' + e.textContent.slice(0, 60));
          });
          document.querySelectorAll('.scroll').forEach(e => { if (e.getBoundingClientRect().right > w + 1) out.push('table box past the edge'); });
          const p = document.createElement('pre'); p.id = 'layout-result'; p.setAttribute('data-width', String(w));
          p.textContent = out.join('\n'); document.body.appendChild(p);
        })();
        </script>
        """;

    /// <summary>How many sampled pixels are close to <paramref name="colour"/> (a palette colour, drawn anti-aliased).</summary>
    public static int Pixels(SKBitmap bitmap, SKColor colour, int tolerance = 24)
    {
        var n = 0;
        for (var y = 0; y < bitmap.Height; y += 2)
            for (var x = 0; x < bitmap.Width; x += 2)
            {
                var c = bitmap.GetPixel(x, y);
                if (Math.Abs(c.Red - colour.Red) <= tolerance && Math.Abs(c.Green - colour.Green) <= tolerance && Math.Abs(c.Blue - colour.Blue) <= tolerance) n++;
            }
        return n;
    }

    /// <summary>Share of pixels in a vertical band that are not near-white.</summary>
    public static double Ink(SKBitmap bitmap, int fromX, int toX)
    {
        long inked = 0, total = 0;
        for (var y = 0; y < bitmap.Height; y += 3)
            for (var x = fromX; x < toX; x += 3)
            {
                var c = bitmap.GetPixel(x, y);
                total++;
                if (c.Red < 240 || c.Green < 240 || c.Blue < 240) inked++;
            }
        return (double)inked / total;
    }
}
