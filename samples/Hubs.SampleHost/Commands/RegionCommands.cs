using System.ComponentModel;
using Hubs.EventSourcing;
using Hubs.EventSourcing.Publications;
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

internal sealed class PublishRegionFigureSettings : WriteSettings
{
    [CommandArgument(0, "<REGION>")]
    [Description("The region, by id or name, e.g. 'guangdong'.")]
    [RefersTo(RefKind.Region)]
    public string Id { get; set; } = "";

    [CommandOption("--year <YEAR>")]
    [Description("The reference year the figure describes.")]
    public int? Year { get; set; }

    [CommandOption("--intensity <PCT>")]
    [Description("R&D intensity, % of GDP.")]
    [TypeConverter(typeof(ExactDecimalConverter))]
    public decimal? Intensity { get; set; }

    [CommandOption("--expenditure <AMOUNT>")]
    [Description("R&D expenditure, when this publication gives it (with --unit).")]
    [TypeConverter(typeof(ExactDecimalConverter))]
    public decimal? Expenditure { get; set; }

    [CommandOption("--unit <UNIT>")]
    [Description("Unit of --expenditure, e.g. 'CNY 100m', 亿元, 'HKD m'.")]
    public string? Unit { get; set; }

    [CommandOption("--published-on <DATE>")]
    [Description("As precise as the source: 2025-09-29, 2025-09, 2024 (a yearbook's edition year), unknown, or 'unknown, known by 2025-01-01'.")]
    public string? PublishedOn { get; set; }

    [CommandOption("--publisher <WHO>")]
    [Description("Who published it, e.g. NBS or Xinhua.")]
    public string? Publisher { get; set; }

    [CommandOption("--document <TITLE>")]
    [Description("The document, e.g. the communiqué's title.")]
    public string? Document { get; set; }

    [CommandOption("--quality <STATUS>")]
    [Description("official, official-table-copy, preliminary, secondary, third-party, derived or uncertain.")]
    public string? Quality { get; set; }

    public override ValidationResult Validate()
    {
        foreach (var (given, option) in new[] { (Year?.ToString(), "--year"), (Intensity?.ToString(), "--intensity"), (PublishedOn, "--published-on"),
                     (Publisher, "--publisher"), (Document, "--document"), (Quality, "--quality") })
            if (string.IsNullOrWhiteSpace(given)) return ValidationResult.Error($"{option} is required.");
        return PublicationQualities.TryParse(Quality, out _) ? base.Validate()
            : ValidationResult.Error($"--quality '{Quality}' is not a publication quality: official, official-table-copy, preliminary, secondary, third-party, derived or uncertain.");
    }
}

/// <summary>
/// <c>hubs region publish guangdong --year 2022 --intensity 3.42 --published-on 2023-09-18 --publisher NBS …</c>: one publication
/// of a figure, in any order (an earlier communiqué after a later quote is recorded, not refused); docs/tracking.md.
/// </summary>
internal sealed class PublishRegionFigureCommand : WriteCommand<PublishRegionFigureSettings>
{
    protected override IReadOnlyDictionary<string, string> FieldNames { get; } = new Dictionary<string, string>
    {
        ["regionId"] = "<REGION>", ["year"] = "--year", ["intensityPct"] = "--intensity", ["expenditure"] = "--expenditure",
        ["expenditureUnit"] = "--unit", ["publicationDate"] = "--published-on", ["publisher"] = "--publisher", ["document"] = "--document",
        ["quality"] = "--quality",
    };

    protected override IHubsCommand Build(PublishRegionFigureSettings s)
    {
        PublicationQualities.TryParse(s.Quality, out var quality);
        var unit = s.Unit is { } u && MoneyUnit.TryParse(u, out var parsed) ? parsed.ToString() : s.Unit;
        return new RecordRdPublication(s.Id, s.Year!.Value, s.Intensity!.Value, s.Expenditure, unit, s.PublishedOn!, s.Publisher!, s.Document!, quality);
    }

    protected override async Task<object?> LoadStateAsync(HubsQueries queries, PublishRegionFigureSettings s, CancellationToken ct) =>
        await queries.GetRegionAsync(s.Id, cancellationToken: ct);
}
