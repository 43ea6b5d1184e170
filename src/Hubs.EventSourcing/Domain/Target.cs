namespace Hubs.EventSourcing;

/// <summary>A target set on a cluster or a region: reach <paramref name="Value"/> of a metric by <paramref name="DeadlineYear"/>.</summary>
/// <param name="Metric">What is measured.</param>
/// <param name="Ranking">For <see cref="TargetMetric.GlobalRank"/>, the ranking's name; otherwise null.</param>
/// <param name="Value">The target value: a percentage of GDP, or a rank (1 is best).</param>
/// <param name="DeadlineYear">The year by which the value should be reached, e.g. 2035.</param>
public sealed record Target(TargetMetric Metric, string? Ranking, decimal Value, int DeadlineYear)
{
    /// <summary>Identifies the target among others on the same aggregate: metric plus ranking.</summary>
    public string Key => Ranking is null ? Metric.ToString() : $"{Metric}:{Ranking}";

    /// <summary>True when a larger value is better (R&amp;D intensity); false for ranks.</summary>
    public bool HigherIsBetter => Metric == TargetMetric.RdIntensity;
}
