using System.ComponentModel;
using Hubs.EventSourcing;
using Hubs.EventSourcing.Regions;
using Hubs.SampleHost.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Hubs.SampleHost.Commands;

internal sealed class CorrectFigureSettings : WriteSettings
{
    [CommandArgument(0, "<REGION>")]
    [Description("The region, by id or name, e.g. 'beijing'.")]
    [RefersTo(RefKind.Region)]
    public string Region { get; set; } = "";

    [CommandOption("--year <YEAR>")]
    [Description("The reference year whose figure in use was recorded wrongly.")]
    public int? Year { get; set; }

    [CommandOption("--intensity <PCT>")]
    [Description("The R&D intensity (% of GDP) as the publication printed it.")]
    [TypeConverter(typeof(ExactDecimalConverter))]
    public decimal? Intensity { get; set; }

    [CommandOption("--expenditure <AMOUNT>")]
    [Description("The expenditure as printed, with --unit. Default: the one recorded stays.")]
    [TypeConverter(typeof(ExactDecimalConverter))]
    public decimal? Expenditure { get; set; }

    [CommandOption("--unit <UNIT>")]
    [Description("Unit of --expenditure, e.g. 'CNY 100m', 'CNY bn', '亿元', 'HKD mn'.")]
    public string? Unit { get; set; }

    public override ValidationResult Validate()
    {
        if (Year is null) return ValidationResult.Error("--year is required: the reference year whose figure is corrected.");
        if (Intensity is null) return ValidationResult.Error("--intensity is required: the figure as the publication printed it.");
        if (string.IsNullOrWhiteSpace(Reason)) return ValidationResult.Error("--reason is required: what was recorded wrongly, kept with who and when.");
        return base.Validate();
    }
}

/// <summary>
/// <c>hubs region correct beijing --year 2022 --intensity 6.83 --reason "typed 6.38"</c>: a recording error fixed in the
/// publication it was made in (not a revision: its date, publisher and quality stay; reports mark it corrected).
/// </summary>
internal sealed class CorrectFigureCommand : WriteCommand<CorrectFigureSettings>
{
    protected override IReadOnlyDictionary<string, string> FieldNames { get; } = new Dictionary<string, string>
    {
        ["regionId"] = "<REGION>", ["year"] = "--year", ["intensityPct"] = "--intensity", ["expenditure"] = "--expenditure",
        ["expenditureUnit"] = "--unit", ["reason"] = "--reason",
    };

    protected override IHubsCommand Build(CorrectFigureSettings s) =>
        new CorrectRdFigure(s.Region, s.Year!.Value, s.Intensity!.Value, s.Expenditure, s.Unit, s.Reason!);

    protected override async Task<object?> LoadStateAsync(HubsQueries queries, CorrectFigureSettings s, CancellationToken ct) =>
        await queries.GetRegionAsync(s.Region, cancellationToken: ct);
}
