using Hubs.EventSourcing;
using Hubs.EventSourcing.Indicators;
using Hubs.EventSourcing.Regions;

namespace Hubs.SampleHost.Demo;

/// <summary>
/// The real official targets the plans set (data pack <c>targets.csv</c>), each marked official with its document, and the
/// national figures two of them are judged on (data pack <c>basic_research.csv</c>). Shown by <c>hubs indicators report</c>.
/// </summary>
internal static class OfficialTargets
{
    private const string Fyp14 = "《中华人民共和国国民经济和社会发展第十四个五年规划和2035年远景目标纲要》 (2021-03-12)";
    private const string BeijingPlan = "科技部等12部门《加快推动北京国际科技创新中心建设的工作方案》 (2023-05, reported by 人民日报 2023-05-30)";
    private const string ShanghaiPlan = "《上海市建设具有全球影响力的科技创新中心“十四五”规划》 (2021-09-29)";
    private const string Yearbook = "《中国科技统计年鉴》 table 1-7 (edition of the following year)";
    private const string Bulletin = "全国科技经费投入统计公报";
    private const string Source = "official indicator data pack (targets.csv, basic_research.csv)";

    private static DemoStep Target(string scope, string id, string indicator, TargetKind kind, TargetComparison op, decimal value, int year,
        string document, int? from = null) =>
        new($"indicator-target/{scope}/{id}", new SetIndicatorTarget(ScopeKind.Region, scope,
            new IndicatorTarget(id, indicator, kind, op, value, year, from, null, document, TargetMark.Official)), "Official target", Source);

    public static IEnumerable<DemoStep> Steps()
    {
        yield return new("region/china", new RegisterRegion("china", "China", RegionKind.Country), "National comparator", Source);
        // R&D expenditure, yearbook (万元), published with the next year's edition: its day is not stated, so the year's end.
        foreach (var (year, value) in new[] { (2018, 196779294m), (2019, 221435774m), (2020, 243931123.3m), (2021, 279563072.7m), (2022, 307828823m), (2023, 333570688m) })
            yield return new($"indicator/china/rd/{year}", new RecordIndicatorFigure(ScopeKind.Region, "china", IndicatorCatalogue.RdExpenditure,
                "R&D经费内部支出 合计", year, value, "CNY 10k", null, new DateOnly(year + 1, 12, 31), "国家统计局、科学技术部", Yearbook, "official-table-copy"),
                "National R&D expenditure", Source);
        foreach (var (year, value, published) in new[]
                 {
                     (2018, 5.5m, new DateOnly(2019, 8, 30)), (2019, 6.0m, new DateOnly(2020, 8, 27)), (2020, 6.0m, new DateOnly(2021, 9, 22)),
                     (2021, 6.50m, new DateOnly(2022, 8, 31)), (2022, 6.57m, new DateOnly(2023, 9, 18)), (2023, 6.77m, new DateOnly(2024, 10, 2)),
                     (2024, 6.88m, new DateOnly(2025, 9, 29)),
                 })
            yield return new($"indicator/china/basic-share/{year}", new RecordIndicatorFigure(ScopeKind.Region, "china", IndicatorCatalogue.BasicResearchShare,
                "基础研究经费所占比重", year, value, "%", null, published, "国家统计局、科学技术部、财政部", $"《{year}年{Bulletin}》", "official"),
                "National basic-research share", Source);

        yield return Target("china", "fyp14-rd-growth", IndicatorCatalogue.RdExpenditure, TargetKind.CompoundGrowth, TargetComparison.Above, 7m, 2025, Fyp14, 2021);
        yield return Target("china", "fyp14-basic-share", IndicatorCatalogue.BasicResearchShare, TargetKind.LevelBy, TargetComparison.Above, 8m, 2025, Fyp14);
        yield return Target("beijing", "rd-intensity-2025", IndicatorCatalogue.RdIntensity, TargetKind.LevelBy, TargetComparison.About, 6m, 2025, BeijingPlan);
        yield return Target("beijing", "basic-share-2025", IndicatorCatalogue.BasicResearchShare, TargetKind.LevelBy, TargetComparison.About, 17m, 2025, BeijingPlan);
        // 超过8000亿元: money levels are in yuan.
        yield return Target("beijing", "tech-contracts-2025", IndicatorCatalogue.TechContracts, TargetKind.LevelBy, TargetComparison.Above, 800_000_000_000m, 2025, BeijingPlan);
        yield return Target("shanghai", "rd-intensity-2025", IndicatorCatalogue.RdIntensity, TargetKind.LevelBy, TargetComparison.About, 4.5m, 2025, ShanghaiPlan);
        yield return Target("shanghai", "basic-share-2025", IndicatorCatalogue.BasicResearchShare, TargetKind.LevelBy, TargetComparison.About, 12m, 2025, ShanghaiPlan);
        yield return Target("hong-kong", "rd-intensity-2020", IndicatorCatalogue.RdIntensity, TargetKind.LevelBy, TargetComparison.AtLeast, 1m, 2020,
            "HKSAR Government KPI, news.gov.hk 2017-03-30");
        yield return Target("hong-kong", "rd-intensity-2022", IndicatorCatalogue.RdIntensity, TargetKind.LevelBy, TargetComparison.AtLeast, 1.5m, 2022,
            "2017 Policy Address (LegCo LCQ3, 2022-06-01)");
    }
}
