using System.Globalization;
using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Enterprises;
using Hubs.EventSourcing.ExchangeRates;
using Hubs.EventSourcing.Regions;

namespace Hubs.EventSourcing.IntegrationTests.Tracking;

/// <summary>
/// Loads the seed article's facts and the demo data (the repository's copy in samples/Hubs.SampleHost/Data: the mainland
/// dataset, Hong Kong's figures and the HKD→CNY rates) through the public command API, as the host's demo does.
/// </summary>
internal static class SeedStory
{
    public const string Wipo = "WIPO GII S&T clusters";
    public const string MacaoReason = "no comparable statistics: Macao publishes no annual R&D intensity series";
    private static readonly DateOnly Expanded = new(2025, 12, 11);
    private static readonly DateOnly Article = new(2026, 1, 14);

    /// <summary>
    /// The story and the data. Hong Kong's figures carry no publication date: like <c>hubs import rd</c>, they are recorded as
    /// published on <paramref name="recordedOn"/>, the day they enter the store (default: the test stores' clock date).
    /// </summary>
    public static async Task LoadAsync(HubsCommands commands, DateOnly? recordedOn = null)
    {
        var regions = new (string Id, string Name, RegionKind Kind)[]
        {
            ("beijing", "Beijing", RegionKind.Municipality), ("tianjin", "Tianjin", RegionKind.Municipality), ("hebei", "Hebei", RegionKind.Province),
            ("shanghai", "Shanghai", RegionKind.Municipality), ("jiangsu", "Jiangsu", RegionKind.Province), ("zhejiang", "Zhejiang", RegionKind.Province),
            ("anhui", "Anhui", RegionKind.Province), ("guangdong", "Guangdong", RegionKind.Province),
            ("hong-kong", "Hong Kong", RegionKind.SpecialAdministrativeRegion), ("macao", "Macao", RegionKind.SpecialAdministrativeRegion),
            ("sichuan", "Sichuan", RegionKind.Province),
        };
        var setup = new List<IHubsCommand>();
        setup.AddRange(regions.Select(r => new RegisterRegion(r.Id, r.Name, r.Kind)));
        foreach (var (cluster, name, anchor, anchorRegion, others) in new[]
        {
            ("beijing-tianjin-hebei", "Beijing-Tianjin-Hebei", "Beijing", "beijing", new[] { "tianjin", "hebei" }),
            ("yangtze-river-delta", "Yangtze River Delta", "Shanghai", "shanghai", new[] { "jiangsu", "zhejiang", "anhui" }),
            ("greater-bay-area", "Guangdong-Hong Kong-Macao Greater Bay Area", "Shenzhen", "guangdong", new[] { "hong-kong", "macao" }),
        })
        {
            // A single-city hub takes one member; the others join after the scope is expanded (rule cluster-is-single-city).
            setup.Add(new EstablishCluster(cluster, name, anchor, new DateOnly(2016, 9, 1)));
            setup.Add(new JoinCluster(cluster, anchorRegion, new DateOnly(2016, 9, 1)));
            setup.Add(new ExpandClusterScope(cluster, Expanded, "Central Economic Work Conference"));
            setup.AddRange(others.Select(o => new JoinCluster(cluster, o, Expanded)));
        }
        setup.Add(new RecordGlobalRank("greater-bay-area", Wipo, 2025, 1, "Shenzhen–Hong Kong–Guangzhou", new DateOnly(2025, 9, 16), "WIPO GII 2025"));
        setup.Add(new RegisterEnterprise("joygovai", "JoyGovAI", "Chengdu", "sichuan"));
        setup.Add(new OpenBranch("joygovai", "beijing", "Beijing", new DateOnly(2025, 1, 1)));
        setup.Add(new OpenBranch("joygovai", "shanghai", "Shanghai", new DateOnly(2025, 1, 1)));
        setup.Add(new PlanBranch("joygovai", "guangdong", "Shenzhen", Article));
        await commands.SendBatchAsync(setup, Ctx.New(reason: "seed story"));

        var reports = DemoRows("rd-intensity-2019-2022.csv", recordedOn ?? Article).Select(r => (IHubsCommand)r).ToList();
        reports.AddRange(DemoRows("hong-kong-rd-2019-2022.csv", recordedOn ?? Article));
        reports.Add(new ReportRdIntensity("beijing", 2024, 6.58m, null, null, Article, "Xinhua 2026-01-14"));
        reports.Add(new ReportRdIntensity("shanghai", 2024, 4.35m, null, null, Article, "Xinhua 2026-01-14"));
        reports.Add(new ReportRdIntensity("guangdong", 2024, 3.6m, null, null, Article, "Xinhua 2026-01-14"));
        await commands.SendBatchAsync(reports, Ctx.New(reason: "demo dataset and seed figures"));
        await commands.SendBatchAsync(Rates().ToList(), Ctx.New(reason: "indicative HKD to CNY rates"));
    }

    /// <summary>The analyst's recorded decision the demo makes: Macao does not count in the Greater Bay Area composite.</summary>
    public static Task<CommandResult> ExcludeMacaoAsync(HubsCommands commands) =>
        commands.SendAsync(new ExcludeMemberFromComposite("greater-bay-area", "macao", MacaoReason),
            Ctx.New(actor: "analyst:li", reason: "GBA composite over the members that publish comparable figures"));

    /// <summary>A demo CSV in the rd format; its last column (source) is quoted and contains commas, the others do not.</summary>
    private static IEnumerable<ReportRdIntensity> DemoRows(string file, DateOnly unknownPublication)
    {
        foreach (var line in File.ReadLines(DataFile(file)).Skip(1).Where(l => l.Length > 0))
        {
            var f = line.Split(',', 7);
            var published = f[5].Length == 0 ? unknownPublication : DateOnly.Parse(f[5], CultureInfo.InvariantCulture);
            yield return new ReportRdIntensity(f[0], int.Parse(f[1], CultureInfo.InvariantCulture), decimal.Parse(f[2], CultureInfo.InvariantCulture),
                decimal.Parse(f[3], CultureInfo.InvariantCulture), f[4], published, f[6].Trim('"'));
        }
    }

    private static IEnumerable<IHubsCommand> Rates()
    {
        foreach (var line in File.ReadLines(DataFile("hkd-cny-annual-average-2015-2024.csv")).Skip(1).Where(l => l.Length > 0))
        {
            var f = line.Split(',', 4);
            yield return new RecordExchangeRate(f[0], int.Parse(f[1], CultureInfo.InvariantCulture), decimal.Parse(f[2], CultureInfo.InvariantCulture),
                null, f[3].Trim('"'));
        }
    }

    /// <summary>The repository's copy of the demo data, found from the test binary upwards.</summary>
    public static string DataFile(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples", "Hubs.SampleHost", "Data", name);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"samples/Hubs.SampleHost/Data/{name} not found above {AppContext.BaseDirectory}.");
    }
}
