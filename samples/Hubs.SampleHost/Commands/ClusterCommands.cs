using System.ComponentModel;
using Hubs.EventSourcing;
using Hubs.EventSourcing.Clusters;
using Hubs.SampleHost.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Hubs.SampleHost.Commands;

internal class ClusterSettings : WriteSettings
{
    [CommandArgument(0, "<CLUSTER>")]
    [Description("Cluster id or name, e.g. 'greater-bay-area' or 'Greater Bay Area'.")]
    [RefersTo(RefKind.Cluster)]
    public string ClusterId { get; set; } = "";
}

/// <summary>
/// A fact with a date of its own (established, expanded, joined, left). Exclusions and reinstatements have none: they are
/// the analyst's decision about the composite, dated by when they are recorded, and apply to every year of the series, so
/// those commands offer no <c>--on</c> (it was accepted and ignored).
/// </summary>
internal class DatedClusterSettings : ClusterSettings
{
    [CommandOption("--on <DATE>")]
    [Description("Date of the fact (yyyy-MM-dd). Default: today (UTC).")]
    public DateOnly? On { get; set; }

    public DateOnly Date => On ?? DateOnly.FromDateTime(DateTime.UtcNow);
}

internal abstract class ClusterCommand<T> : WriteCommand<T> where T : ClusterSettings
{
    protected override async Task<object?> LoadStateAsync(HubsQueries queries, T s, CancellationToken ct) =>
        await queries.GetClusterAsync(s.ClusterId, cancellationToken: ct);
}

internal sealed class EstablishClusterSettings : DatedClusterSettings
{
    [CommandOption("--name <NAME>")]
    [Description("Display name, e.g. 'Yangtze River Delta'.")]
    public string? Name { get; set; }

    [CommandOption("--anchor-city <CITY>")]
    [Description("The city the hub grows from, e.g. Shanghai.")]
    public string? AnchorCity { get; set; }

    public override ValidationResult Validate() =>
        AnchorCity is null ? ValidationResult.Error("--anchor-city is required.") : base.Validate();
}

internal sealed class EstablishClusterCommand : ClusterCommand<EstablishClusterSettings>
{
    protected override IHubsCommand Build(EstablishClusterSettings s) =>
        new EstablishCluster(s.ClusterId, s.Name ?? Parse.TitleFromSlug(s.ClusterId), s.AnchorCity!, s.Date);
}

internal sealed class ExpandClusterSettings : DatedClusterSettings
{
    [CommandOption("--decided-by <BODY>")]
    [Description("Who decided the expansion, e.g. 'Central Economic Work Conference'.")]
    public string? DecidedBy { get; set; }

    public override ValidationResult Validate() =>
        DecidedBy is null ? ValidationResult.Error("--decided-by is required.") : base.Validate();
}

internal sealed class ExpandClusterCommand : ClusterCommand<ExpandClusterSettings>
{
    protected override IHubsCommand Build(ExpandClusterSettings s) => new ExpandClusterScope(s.ClusterId, s.Date, s.DecidedBy!);
}

internal sealed class MembershipSettings : DatedClusterSettings
{
    [CommandArgument(1, "<REGION>")]
    [Description("Region id or name, e.g. 'anhui' or 'Hong Kong'.")]
    [RefersTo(RefKind.Region)]
    public string RegionId { get; set; } = "";
}

internal sealed class JoinClusterCommand : ClusterCommand<MembershipSettings>
{
    protected override IReadOnlyDictionary<string, string> FieldNames => CompositeMemberSettings.RegionField;

    protected override IHubsCommand Build(MembershipSettings s) => new JoinCluster(s.ClusterId, s.RegionId, s.Date);
}

internal sealed class LeaveClusterCommand : ClusterCommand<MembershipSettings>
{
    protected override IReadOnlyDictionary<string, string> FieldNames => CompositeMemberSettings.RegionField;

    protected override IHubsCommand Build(MembershipSettings s) => new LeaveCluster(s.ClusterId, s.RegionId, s.Date);
}

internal sealed class CompositeMemberSettings : ClusterSettings
{
    /// <summary>A rejection about the region names the positional argument the user typed, not an option that does not exist.</summary>
    public static readonly IReadOnlyDictionary<string, string> RegionField = new Dictionary<string, string> { ["regionId"] = "<REGION>" };

    [CommandArgument(1, "<REGION>")]
    [Description("Member region id or name, e.g. 'macao'.")]
    [RefersTo(RefKind.Region)]
    public string RegionId { get; set; } = "";

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Reason) ? ValidationResult.Error("--reason is required: the decision is recorded with it.") : base.Validate();
}

internal sealed class ExcludeMemberCommand : ClusterCommand<CompositeMemberSettings>
{
    protected override IReadOnlyDictionary<string, string> FieldNames => CompositeMemberSettings.RegionField;

    protected override IHubsCommand Build(CompositeMemberSettings s) => new ExcludeMemberFromComposite(s.ClusterId, s.RegionId, s.Reason!);
}

internal sealed class ReinstateMemberCommand : ClusterCommand<CompositeMemberSettings>
{
    protected override IReadOnlyDictionary<string, string> FieldNames => CompositeMemberSettings.RegionField;

    protected override IHubsCommand Build(CompositeMemberSettings s) => new ReinstateMemberInComposite(s.ClusterId, s.RegionId, s.Reason!);
}

internal class AliasSettings : ClusterSettings
{
    [CommandOption("--ranked-name <NAME>")]
    [Description("The name a ranking prints for the hub's cluster, without the economy, e.g. 'Shenzhen–Hong Kong–Guangzhou' (a hyphen reads as the en dash).")]
    public string? RankedName { get; set; }

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(RankedName) ? ValidationResult.Error("--ranked-name is required.") : base.Validate();
}

/// <summary>A ranked name counted as the hub's cluster: the report then finds the hub in every edition that prints it.</summary>
internal sealed class AliasClusterCommand : ClusterCommand<AliasSettings>
{
    protected override IHubsCommand Build(AliasSettings s) => new AliasCluster(s.ClusterId, s.RankedName!);
}

internal sealed class UnaliasSettings : AliasSettings
{
    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Reason) ? ValidationResult.Error("--reason is required: the decision is recorded with it.") : base.Validate();
}

internal sealed class UnaliasClusterCommand : ClusterCommand<UnaliasSettings>
{
    protected override IHubsCommand Build(UnaliasSettings s) => new UnaliasCluster(s.ClusterId, s.RankedName!, s.Reason!);
}
