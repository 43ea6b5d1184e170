namespace Hubs.EventSourcing;

/// <summary>What kind of administrative unit a region is.</summary>
public enum RegionKind
{
    /// <summary>A municipality directly under the central government (Beijing, Tianjin, Shanghai, Chongqing).</summary>
    Municipality,
    /// <summary>A province (Hebei, Jiangsu, Zhejiang, Anhui, Guangdong, …).</summary>
    Province,
    /// <summary>An autonomous region (e.g. Inner Mongolia).</summary>
    AutonomousRegion,
    /// <summary>A special administrative region (Hong Kong, Macao).</summary>
    SpecialAdministrativeRegion,
    /// <summary>A whole country, used as a national comparator series; never a cluster member.</summary>
    Country,
    /// <summary>
    /// A city inside a province, municipality or SAR (Shenzhen in Guangdong, Xiong'an in Hebei), its parent recorded by
    /// <see cref="Regions.RecordRegionParent"/>. A cluster counts a city or its parent, never both.
    /// </summary>
    City,
}

/// <summary>How far an innovation hub reaches.</summary>
public enum ClusterScope
{
    /// <summary>A single city's innovation center.</summary>
    SingleCity,
    /// <summary>An integrated regional cluster of several provinces or municipalities.</summary>
    Regional,
}

/// <summary>What a target measures.</summary>
public enum TargetMetric
{
    /// <summary>R&amp;D spending as a percentage of GDP; higher is better.</summary>
    RdIntensity,
    /// <summary>Position in a named global ranking (e.g. WIPO GII S&amp;T clusters); lower is better.</summary>
    GlobalRank,
}

/// <summary>Life cycle of an enterprise branch.</summary>
public enum BranchStatus
{
    /// <summary>Being set up ("in the process of setting up an office").</summary>
    Planned,
    /// <summary>Operating.</summary>
    Open,
    /// <summary>Closed, or a plan abandoned.</summary>
    Closed,
}
