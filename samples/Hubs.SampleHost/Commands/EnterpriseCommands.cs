using System.ComponentModel;
using Hubs.EventSourcing;
using Hubs.EventSourcing.Enterprises;
using Hubs.SampleHost.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Hubs.SampleHost.Commands;

internal class EnterpriseSettings : WriteSettings
{
    [CommandArgument(0, "<ENTERPRISE>")]
    [Description("Enterprise id, e.g. 'joygovai'.")]
    public string EnterpriseId { get; set; } = "";

    [CommandOption("--on <DATE>")]
    [Description("Date of the fact (yyyy-MM-dd). Default: today (UTC).")]
    public DateOnly? On { get; set; }

    public DateOnly Date => On ?? DateOnly.FromDateTime(DateTime.UtcNow);

    protected static ValidationResult Require(params (string Option, string? Value)[] options) =>
        options.FirstOrDefault(o => string.IsNullOrWhiteSpace(o.Value)) is { Option: { } missing }
            ? ValidationResult.Error($"{missing} is required.")
            : ValidationResult.Success();
}

internal abstract class EnterpriseCommand<T> : WriteCommand<T> where T : EnterpriseSettings
{
    protected override async Task<object?> LoadStateAsync(HubsQueries queries, T s, CancellationToken ct) =>
        await queries.GetEnterpriseAsync(s.EnterpriseId, cancellationToken: ct);
}

internal sealed class RegisterEnterpriseSettings : EnterpriseSettings
{
    [CommandOption("--name <NAME>")]
    [Description("Display name. Default: the id in title case.")]
    public string? Name { get; set; }

    [CommandOption("--hq-city <CITY>")]
    [Description("Headquarters city, e.g. Chengdu.")]
    public string? City { get; set; }

    [CommandOption("--hq-region <REGION>")]
    [Description("Region id of the headquarters, e.g. sichuan.")]
    [RefersTo(RefKind.Region)]
    public string? Region { get; set; }

    public override ValidationResult Validate()
    {
        var missing = Require(("--hq-city", City), ("--hq-region", Region));
        return missing.Successful ? base.Validate() : missing;
    }
}

internal sealed class RegisterEnterpriseCommand : EnterpriseCommand<RegisterEnterpriseSettings>
{
    protected override IHubsCommand Build(RegisterEnterpriseSettings s) =>
        new RegisterEnterprise(s.EnterpriseId, s.Name ?? Parse.TitleFromSlug(s.EnterpriseId), s.City!, s.Region!);
}

/// <summary>A branch in a city of a region (plan, open).</summary>
internal sealed class BranchSettings : EnterpriseSettings
{
    [CommandOption("--city <CITY>")]
    [Description("City of the branch, e.g. Shenzhen.")]
    public string? City { get; set; }

    [CommandOption("--region <REGION>")]
    [Description("Region id of the city, e.g. guangdong (not needed to close a branch).")]
    [RefersTo(RefKind.Region)]
    public string? Region { get; set; }

    public override ValidationResult Validate()
    {
        var missing = Require(("--city", City));
        return missing.Successful ? base.Validate() : missing;
    }
}

internal sealed class PlanBranchCommand : EnterpriseCommand<BranchSettings>
{
    protected override IHubsCommand Build(BranchSettings s) => new PlanBranch(s.EnterpriseId, s.Region ?? "", s.City!, s.Date);
}

internal sealed class OpenBranchCommand : EnterpriseCommand<BranchSettings>
{
    protected override IHubsCommand Build(BranchSettings s) => new OpenBranch(s.EnterpriseId, s.Region ?? "", s.City!, s.Date);
}

internal sealed class CloseBranchCommand : EnterpriseCommand<BranchSettings>
{
    protected override IHubsCommand Build(BranchSettings s) => new CloseBranch(s.EnterpriseId, s.City!, s.Date);
}

internal sealed class TransferSettings : EnterpriseSettings
{
    [CommandOption("--technology <WHAT>")]
    [Description("What was transferred.")]
    public string? Technology { get; set; }

    [CommandOption("--from-lab <LAB>")]
    [Description("The lab it came from.")]
    public string? FromLab { get; set; }

    [CommandOption("--to-partner <PARTNER>")]
    [Description("Who took it to market.")]
    public string? ToPartner { get; set; }

    [CommandOption("--region <REGION>")]
    [Description("Region id where it happened.")]
    [RefersTo(RefKind.Region)]
    public string? Region { get; set; }

    public override ValidationResult Validate()
    {
        var missing = Require(("--technology", Technology), ("--from-lab", FromLab), ("--to-partner", ToPartner), ("--region", Region));
        return missing.Successful ? base.Validate() : missing;
    }
}

internal sealed class TransferCommand : EnterpriseCommand<TransferSettings>
{
    protected override IHubsCommand Build(TransferSettings s) =>
        new TransferTechnology(s.EnterpriseId, s.Technology!, s.FromLab!, s.ToPartner!, s.Region!, s.Date);
}
