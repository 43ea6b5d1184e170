namespace Hubs.SampleHost.Views.Html;

/// <summary>
/// The page's style sheet. Every colour is a custom property on <c>:root</c>, each at least 4.5:1 against <c>--bg</c> (the
/// host tests compute it), so text and chart marks stay readable; the layout is one column on a phone and a grid of panels
/// from 60rem up, and charts scale with their box (viewBox, width 100 %).
/// </summary>
internal static class HtmlStyle
{
    public const string Css = """
        :root{--bg:#ffffff;--ink:#1a1a1a;--muted:#4d4d4d;--line:#c8c8c8;--weighted:#1f5fa8;--mean:#a14a00;--partial:#5f5f5f;
        --target:#1b6e34;--trend:#b3261e;--good:#1b6e34;--risk:#8a5a00;--bad:#b3261e;--none:#4d4d4d;--warn-bg:#fff3cd}
        *{box-sizing:border-box}
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;margin:0 auto;max-width:90rem;
        padding:1rem;color:var(--ink);background:var(--bg);line-height:1.45}
        h1{font-size:1.6rem;margin:.2em 0} h2{font-size:1.3rem;border-bottom:2px solid var(--line);padding-bottom:.2em;margin-top:1.8em}
        h3{font-size:1.15rem;margin:.6em 0 .3em} h4{font-size:1rem;margin:.4em 0}
        .banner{background:var(--warn-bg);border:1px solid #e0c36c;padding:.5em .8em;border-radius:4px}
        .intact{color:var(--good)} .broken{color:var(--bad)}
        .scroll{overflow-x:auto;max-width:100%}
        table{border-collapse:collapse;margin:.4em 0;font-size:.92rem} td,th{border:1px solid var(--line);padding:.2em .5em;text-align:left;vertical-align:top}
        th{background:#f2f2f2}
        tr.partial td{color:var(--partial);font-style:italic} tr.revised td:nth-child(2){font-weight:600}
        .basis{font-size:.9em;color:var(--muted)}
        .cards,.panels{display:grid;gap:1rem;grid-template-columns:minmax(0,1fr)}
        @media (min-width:60rem){.cards{grid-template-columns:repeat(3,minmax(0,1fr))}.panels{grid-template-columns:repeat(2,minmax(0,1fr))}}
        .card,.panel,section.cluster,section.region{min-width:0}
        .card{border:1px solid var(--line);border-radius:6px;padding:.6em .8em}
        section.cluster,section.region{border-top:1px solid var(--line);padding-top:.4em}
        .status{display:inline-block;border:1.5px solid currentColor;border-radius:1em;padding:0 .55em;font-size:.85em;font-weight:600;white-space:nowrap}
        .s-achieved,.s-on-track{color:var(--good)} .s-at-risk{color:var(--risk)} .s-off-track,.s-missed{color:var(--bad)} .s-insufficient-data{color:var(--none)}
        .illustrative{display:inline-block;border:1.5px dashed var(--mean);color:var(--mean);border-radius:3px;padding:0 .4em;font-size:.8em;font-weight:600;text-transform:uppercase}
        .target{margin:.5em 0}
        figure.chart{margin:.3em 0} figure.chart svg{width:100%;height:auto;display:block;font-family:inherit}
        svg .tick{font-size:14px;fill:var(--muted)} svg .label,svg .value{font-size:15px;fill:var(--ink)}
        svg .grid{stroke:#e4e4e4} svg .axis{stroke:var(--muted)}
        svg .joined{fill:none;stroke-width:2} svg .point{stroke:var(--bg);stroke-width:1.5} svg .point.hollow{fill:var(--bg);stroke-width:2}
        svg .ring{fill:none;stroke-width:1.5}
        svg line.target,svg line.trend{stroke-width:2} svg .dashed{stroke-dasharray:6 4}
        .weighted{fill:var(--weighted);stroke:var(--weighted)} svg .point.weighted{stroke:var(--bg)}
        .mean{fill:var(--mean);stroke:var(--mean)} svg .point.mean{stroke:var(--bg)}
        svg .partial,svg .point.hollow.partial{stroke:var(--partial)} svg line.target{stroke:var(--target)} svg line.trend{stroke:var(--trend)}
        svg rect.comparator{fill:var(--partial)}
        svg .ring.weighted,svg .ring.mean{fill:none}
        ul.legend{list-style:none;padding:0;margin:.2em 0;display:flex;flex-wrap:wrap;gap:.2em 1em;font-size:.85rem;color:var(--ink)}
        .swatch{display:inline-block;width:.8em;height:.8em;border-radius:50%;margin-right:.35em;vertical-align:-.05em}
        .swatch.weighted{background:var(--weighted)} .swatch.mean{background:var(--mean)} .swatch.partial{border:2px solid var(--partial);background:var(--bg)}
        .swatch.ring-key{border:2px solid var(--ink);background:var(--bg)}
        .swatch.line{width:1.4em;height:0;border-radius:0;border-top:3px solid}
        .swatch.line.target{border-color:var(--target)} .swatch.line.trend{border-color:var(--trend)} .swatch.line.dashed{border-top-style:dashed}
        .empty{color:var(--muted);font-style:italic;border:1px dashed var(--line);padding:.6em;border-radius:4px}
        ol.timeline{list-style:none;padding-left:0;border-left:3px solid var(--line)} ol.timeline li{margin:0 0 .6em .8em}
        ol.timeline time{font-weight:600}
        footer{margin-top:2em} code{overflow-wrap:anywhere;word-break:break-all}
        @media (max-width:40rem){table.stack thead{display:none} table.stack,table.stack tbody,table.stack tr,table.stack td{display:block;width:100%}
        table.stack tr{border:1px solid var(--line);border-radius:4px;margin:0 0 .6em;padding:.2em .4em} table.stack td{border:none;padding:.1em 0}
        table.stack td[data-label]::before{content:attr(data-label) ": ";font-weight:600;color:var(--muted)}}
        """;
}
