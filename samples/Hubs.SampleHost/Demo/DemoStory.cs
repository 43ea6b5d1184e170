using Hubs.EventSourcing;
using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Enterprises;
using Hubs.EventSourcing.Regions;

namespace Hubs.SampleHost.Demo;

/// <summary>One step of the demo story: a command, the evidence for it, and a stable name that fixes its command id.</summary>
/// <remarks><paramref name="Actor"/> overrides <see cref="DemoStory.Actor"/> for an analyst's decision.</remarks>
internal sealed record DemoStep(string Name, IHubsCommand Command, string Reason, string Source, string? Actor = null);

/// <summary>
/// The seed story from Xinhua, 14 January 2026 (shared/seed/). Facts the article states are sourced to it; dates it does
/// not give are marked in the reason (the hubs' founding plans, the day each fact was known), and the 2035 targets are
/// ILLUSTRATIVE: the article names 2035 as the horizon but sets no figures.
/// </summary>
internal static class DemoStory
{
    public const string Article = "Xinhua 2026-01-14";
    public const string Actor = "demo:hubs";
    public const string IllustrativeSource = "hubs demo (illustrative, not an official target)";
    private static readonly DateOnly Published = new(2026, 1, 14);
    private static readonly DateOnly Conference = new(2025, 12, 11);

    public static readonly (string Id, string Name, RegionKind Kind)[] Regions =
    [
        ("beijing", "Beijing", RegionKind.Municipality), ("tianjin", "Tianjin", RegionKind.Municipality), ("hebei", "Hebei", RegionKind.Province),
        ("shanghai", "Shanghai", RegionKind.Municipality), ("jiangsu", "Jiangsu", RegionKind.Province), ("zhejiang", "Zhejiang", RegionKind.Province),
        ("anhui", "Anhui", RegionKind.Province), ("guangdong", "Guangdong", RegionKind.Province),
        ("hong-kong", "Hong Kong", RegionKind.SpecialAdministrativeRegion), ("macao", "Macao", RegionKind.SpecialAdministrativeRegion),
        ("sichuan", "Sichuan", RegionKind.Province),
    ];

    // The GBA counts Guangdong whole, not the Outline's nine cities (9+2, 18 February 2019): no city R&D series is in the
    // shared data, and nine members without figures would leave every composite year partial (docs/tracking.md#cities-as-members).
    /// <summary>Cluster, display name, anchor city and region, founding plan date, and the members added in December 2025.</summary>
    public static readonly (string Id, string Name, string Anchor, string AnchorRegion, DateOnly Since, string[] Joined)[] Clusters =
    [
        ("beijing-tianjin-hebei", "Beijing–Tianjin–Hebei", "Beijing", "beijing", new(2016, 9, 11), ["tianjin", "hebei"]),
        ("yangtze-river-delta", "Yangtze River Delta", "Shanghai", "shanghai", new(2016, 4, 12), ["jiangsu", "zhejiang", "anhui"]),
        ("greater-bay-area", "Guangdong–Hong Kong–Macao Greater Bay Area", "Shenzhen", "guangdong", new(2019, 2, 18), ["hong-kong", "macao"]),
    ];

    public static IEnumerable<DemoStep> Steps()
    {
        foreach (var (id, name, kind) in Regions)
            yield return new($"region/{id}", new RegisterRegion(id, name, kind), "Demo: member region of a hub (or an enterprise's home)", Article);

        foreach (var c in Clusters)
        {
            yield return new($"cluster/{c.Id}/established", new EstablishCluster(c.Id, c.Name, c.Anchor, c.Since),
                "Demo: the single-city innovation center the hub grew from (founding plan date)", Article);
            yield return new($"cluster/{c.Id}/anchor", new JoinCluster(c.Id, c.AnchorRegion, c.Since),
                "Demo: the anchor region of the single-city center", Article);
            yield return new($"cluster/{c.Id}/expanded", new ExpandClusterScope(c.Id, Conference, "Central Economic Work Conference"),
                "Expanded from a single city to an integrated regional cluster", Article);
            foreach (var member in c.Joined)
                yield return new($"cluster/{c.Id}/member/{member}", new JoinCluster(c.Id, member, Conference),
                    "Member of the regional cluster after the December 2025 expansion", Article);
        }

        // NBS's own 2024 communiqué (2025-09-29) would lend these quotes its expenditures, recorded in any order as publications
        // (hubs import rd with publisher/document/status columns, or hubs region publish); its regional rows are not in Data/,
        // so the demo does not invent them: 2024 stays without expenditure, and the GBA's 2024 partial (no Hong Kong 2024).
        foreach (var (region, pct) in new[] { ("beijing", 6.58m), ("shanghai", 4.35m), ("guangdong", 3.6m) })
            yield return new($"rd/{region}/2024", new ReportRdIntensity(region, 2024, pct, null, null, Published, Article),
                "2024 R&D intensity, top three regions of the country", Article);

        // Recorded under the name the editions are imported under (GII), so the GII 2025 edition, once imported, is the basis of
        // the same year's place (an edition wins over a rank recorded on the cluster: docs/tracking.md#ranks).
        yield return new("rank/greater-bay-area/gii-2025",
            new RecordGlobalRank("greater-bay-area", Gii, 2025, 1, "Shenzhen–Hong Kong–Guangzhou", new(2025, 9, 16), Article),
            "Topped the WIPO Global Innovation Index 2025 cluster ranking, overtaking Tokyo–Yokohama", Article);

        yield return new("enterprise/joygovai", new RegisterEnterprise("joygovai", "JoyGovAI", "Chengdu", "sichuan"),
            "Chengdu-based IT service provider cited by the article", Article);
        yield return new("enterprise/joygovai/beijing", new OpenBranch("joygovai", "beijing", "Beijing", Published),
            "Branch established in Beijing (date: as known on publication)", Article);
        yield return new("enterprise/joygovai/shanghai", new OpenBranch("joygovai", "shanghai", "Shanghai", Published),
            "Branch established in Shanghai (date: as known on publication)", Article);
        yield return new("enterprise/joygovai/shenzhen", new PlanBranch("joygovai", "guangdong", "Shenzhen", Published),
            "In the process of setting up an office in Shenzhen", Article);
        yield return new("enterprise/joygovai/transfer", new TransferTechnology("joygovai", "AI government-service platform (illustrative)",
                "JoyGovAI R&D lab", "cluster partners", "sichuan", Published),
            "Illustrative: the chairman plans more lab-to-market transfers; the article names none", Article);
    }

    /// <summary>
    /// The names the GII prints for each hub's clusters (Data/indicators/gii_clusters.csv): the Yangtze River Delta is several
    /// clusters, its best is its place. Recorded before the editions are imported, so the report finds the hubs in them.
    /// </summary>
    public static readonly (string Cluster, string RankedName)[] RankedNames =
    [
        ("beijing-tianjin-hebei", "Beijing"), ("greater-bay-area", "Shenzhen–Hong Kong–Guangzhou"),
        ("yangtze-river-delta", "Shanghai–Suzhou"), ("yangtze-river-delta", "Hangzhou"), ("yangtze-river-delta", "Nanjing"),
    ];

    public static IEnumerable<DemoStep> Aliases() =>
        RankedNames.Select(a => new DemoStep($"cluster/{a.Cluster}/alias/{Keys.Slugify(a.RankedName)}", new AliasCluster(a.Cluster, a.RankedName),
            "The name WIPO's GII cluster ranking prints for (part of) the hub", "WIPO GII S&T cluster ranking 2024, 2025"));

    /// <summary>The ranking's name as the demo imports its editions (<c>hubs import ranking --ranking GII</c>): rank targets read it.</summary>
    public const string Gii = "GII";

    /// <summary>The analyst who decides how the Greater Bay Area composite treats Macao (a demo persona).</summary>
    public const string Analyst = "analyst:li";

    /// <summary>
    /// An explicit, recorded analyst decision: Macao publishes no comparable annual R&amp;D series (Data/README.md), so without
    /// it the GBA composite is never complete and its target is honestly insufficient-data. Leaving Macao out is a choice,
    /// so it is made on the record (who, when, why) and shown wherever the composite is, rather than silently.
    /// </summary>
    public static IEnumerable<DemoStep> AnalystDecisions()
    {
        yield return new("cluster/greater-bay-area/exclude/macao",
            new ExcludeMemberFromComposite("greater-bay-area", "macao", "no comparable statistics: Macao publishes no annual R&D intensity series"),
            "GBA composite over the members that publish comparable figures (Guangdong, Hong Kong)", "Data/README.md", Analyst);
    }

    /// <summary>Illustrative 2035 targets, so the trackers have something to measure against.</summary>
    public static IEnumerable<DemoStep> IllustrativeTargets()
    {
        const string reason = "ILLUSTRATIVE 2035 target for the demo; the article sets the 2035 horizon but no figures";
        foreach (var (cluster, pct, rank) in new[] { ("beijing-tianjin-hebei", 4.5m, 3m), ("yangtze-river-delta", 4.0m, 3m), ("greater-bay-area", 4.5m, 1m) })
        {
            yield return new($"target/{cluster}/rd", new SetClusterTarget(cluster, TargetMetric.RdIntensity, null, pct, 2035), reason, IllustrativeSource);
            yield return new($"target/{cluster}/rank-gii", new SetClusterTarget(cluster, TargetMetric.GlobalRank, Gii, rank, 2035),
                reason, IllustrativeSource);
        }
        foreach (var (region, pct) in new[] { ("beijing", 7.0m), ("shanghai", 5.0m), ("guangdong", 4.2m) })
            yield return new($"target/{region}/rd", new SetRegionTarget(region, pct, 2035), reason, IllustrativeSource);
    }
}
