using System.ComponentModel;
using Hubs.EventSourcing;
using Hubs.EventSourcing.Regions;
using Hubs.SampleHost.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Hubs.SampleHost.Commands;

internal sealed class RegisterRegionSettings : WriteSettings
{
    [CommandArgument(0, "<ID>")]
    [Description("Region id, a lower-case slug such as 'sichuan' or 'hong-kong'.")]
    public string Id { get; set; } = "";

    [CommandOption("--name <NAME>")]
    [Description("Display name. Default: the id in title case.")]
    public string? Name { get; set; }

    [CommandOption("--kind <KIND>")]
    [Description("municipality, province, autonomous-region, special-administrative-region, city (then record its parent with 'region set-parent') or country.")]
    [DefaultValue("province")]
    public string Kind { get; set; } = "province";

    public override ValidationResult Validate() =>
        Parse.TryEnum<RegionKind>(Kind, out _) ? base.Validate()
            : ValidationResult.Error($"--kind '{Kind}' is not one of: {Parse.Choices<RegionKind>()}.");
}

internal sealed class RegisterRegionCommand : WriteCommand<RegisterRegionSettings>
{
    protected override IReadOnlyDictionary<string, string> FieldNames { get; } = new Dictionary<string, string> { ["regionId"] = "<ID>" };

    protected override IHubsCommand Build(RegisterRegionSettings s)
    {
        Parse.TryEnum<RegionKind>(s.Kind, out var kind);
        return new RegisterRegion(s.Id, s.Name ?? Parse.TitleFromSlug(s.Id), kind);
    }

    protected override async Task<object?> LoadStateAsync(HubsQueries queries, RegisterRegionSettings s, CancellationToken ct) =>
        await queries.GetRegionAsync(s.Id, cancellationToken: ct);
}

internal sealed class SetRegionParentSettings : WriteSettings
{
    [CommandArgument(0, "<CITY>")]
    [Description("The city: a region of kind city, by id or name, e.g. 'shenzhen'.")]
    [RefersTo(RefKind.Region)]
    public string Id { get; set; } = "";

    [CommandOption("--parent <REGION>")]
    [Description("The region the city lies in, by id or name, e.g. 'guangdong'.")]
    [RefersTo(RefKind.Region)]
    public string Parent { get; set; } = "";

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Parent) ? ValidationResult.Error("--parent <REGION> is required: the region the city lies in.") : base.Validate();
}

/// <summary><c>hubs region set-parent shenzhen --parent guangdong</c>: a city inside a province, so no cluster counts both.</summary>
internal sealed class SetRegionParentCommand : WriteCommand<SetRegionParentSettings>
{
    protected override IReadOnlyDictionary<string, string> FieldNames { get; } =
        new Dictionary<string, string> { ["regionId"] = "<CITY>", ["parentRegionId"] = "--parent" };

    protected override IHubsCommand Build(SetRegionParentSettings s) => new RecordRegionParent(s.Id, s.Parent);

    protected override async Task<object?> LoadStateAsync(HubsQueries queries, SetRegionParentSettings s, CancellationToken ct) =>
        await queries.GetRegionAsync(s.Id, cancellationToken: ct);
}
