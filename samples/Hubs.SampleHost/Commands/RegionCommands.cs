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
    [Description("municipality, province, autonomous-region, special-administrative-region or country.")]
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
