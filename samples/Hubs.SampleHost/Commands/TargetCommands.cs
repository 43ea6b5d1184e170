using System.ComponentModel;
using Hubs.EventSourcing;
using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Regions;
using Hubs.SampleHost.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Hubs.SampleHost.Commands;

internal sealed class SetTargetSettings : WriteSettings
{
    [CommandOption("--cluster <CLUSTER>")]
    [Description("Set the target on this cluster.")]
    [RefersTo(RefKind.Cluster)]
    public string? Cluster { get; set; }

    [CommandOption("--region <REGION>")]
    [Description("Set the target on this region (R&D intensity only).")]
    [RefersTo(RefKind.Region)]
    public string? Region { get; set; }

    [CommandOption("--metric <METRIC>")]
    [Description("rd-intensity (% of GDP) or global-rank (1 is best).")]
    [DefaultValue("rd-intensity")]
    public string Metric { get; set; } = "rd-intensity";

    [CommandOption("--ranking <NAME>")]
    [Description("For global-rank: the ranking, e.g. 'WIPO GII S&T clusters'.")]
    public string? Ranking { get; set; }

    [CommandOption("--value <VALUE>")]
    [Description("The target: a percentage of GDP, or a rank.")]
    [TypeConverter(typeof(ExactDecimalConverter))]
    public decimal? Value { get; set; }

    [CommandOption("--deadline <YEAR>")]
    [Description("Year by which to reach it.")]
    [DefaultValue(2035)]
    public int Deadline { get; set; } = 2035;

    public override ValidationResult Validate()
    {
        if ((Cluster is null) == (Region is null)) return ValidationResult.Error("Give exactly one of --cluster or --region.");
        if (Value is null) return ValidationResult.Error("--value is required.");
        if (!Parse.TryEnum<TargetMetric>(Metric, out var metric))
            return ValidationResult.Error($"--metric '{Metric}' is not one of: {Parse.Choices<TargetMetric>()}.");
        if (Region is not null && metric != TargetMetric.RdIntensity)
            return ValidationResult.Error("A region target measures rd-intensity only.");
        return base.Validate();
    }
}

internal sealed class SetTargetCommand : WriteCommand<SetTargetSettings>
{
    protected override IHubsCommand Build(SetTargetSettings s)
    {
        Parse.TryEnum<TargetMetric>(s.Metric, out var metric);
        return s.Cluster is { } cluster
            ? new SetClusterTarget(cluster, metric, s.Ranking, s.Value!.Value, s.Deadline)
            : new SetRegionTarget(s.Region!, s.Value!.Value, s.Deadline);
    }

    protected override string? InForce(SetTargetSettings s)
    {
        Parse.TryEnum<TargetMetric>(s.Metric, out var metric);
        var what = Views.StateViews.Kebab(metric) + (s.Ranking is null ? "" : $" ({s.Ranking})");
        return $"Target in force for {(s.Cluster is { } c ? $"cluster {c}" : $"region {s.Region}")}: {what} {Views.Formats.Value(metric, s.Value!.Value)} by {s.Deadline}.";
    }

    protected override async Task<object?> LoadStateAsync(HubsQueries queries, SetTargetSettings s, CancellationToken ct) =>
        s.Cluster is { } cluster
            ? await queries.GetClusterAsync(cluster, cancellationToken: ct)
            : await queries.GetRegionAsync(s.Region!, cancellationToken: ct);
}
