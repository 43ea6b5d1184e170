using System.ComponentModel;
using Hubs.EventSourcing;
using Hubs.EventSourcing.Indicators;
using Hubs.SampleHost.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Hubs.SampleHost.Commands;

internal class IndicatorScopeSettings : WriteSettings
{
    [CommandArgument(0, "<TARGET-ID>")]
    [Description("The target's id within its scope, e.g. fyp14-rd-growth.")]
    public string TargetId { get; set; } = "";

    [CommandOption("--region <REGION>")]
    [Description("The target is a region's (or the nation's: a region of kind country).")]
    [RefersTo(RefKind.Region)]
    public string? Region { get; set; }

    [CommandOption("--cluster <CLUSTER>")]
    [Description("The target is a cluster's (judged on its composite).")]
    [RefersTo(RefKind.Cluster)]
    public string? Cluster { get; set; }

    public ScopeKind Scope => Cluster is null ? ScopeKind.Region : ScopeKind.Cluster;
    public string ScopeId => Cluster ?? Region ?? "";

    public override ValidationResult Validate() =>
        (Cluster is null) == (Region is null) ? ValidationResult.Error("Give exactly one of --region or --cluster.") : base.Validate();
}

internal class IndicatorTargetSettings : IndicatorScopeSettings
{
    [CommandOption("--indicator <KEY>")]
    [Description("A catalogue key, e.g. rd_expenditure_total.")]
    public string Indicator { get; set; } = "";

    [CommandOption("--kind <KIND>")]
    [Description("level-by, level-every-year, compound-growth, growth-every-year, relative-to-base or rank-at-or-better.")]
    [DefaultValue("level-by")]
    public string Kind { get; set; } = "level-by";

    [CommandOption("--comparison <OP>")]
    [Description("at-least (≥), above (>, equality fails), at-most (≤) or about (±5 %).")]
    [DefaultValue("at-least")]
    public string Comparison { get; set; } = "at-least";

    [CommandOption("--value <VALUE>")]
    [Description("A level, a growth rate in % a year, a change on the base year in %, or a rank.")]
    [TypeConverter(typeof(ExactDecimalConverter))]
    public decimal? Value { get; set; }

    [CommandOption("--year <YEAR>")]
    [Description("The deadline, or the period's last year.")]
    public int? Year { get; set; }

    [CommandOption("--from <YEAR>")]
    [Description("The period's first year (every-year and growth kinds).")]
    public int? From { get; set; }

    [CommandOption("--base <YEAR>")]
    [Description("The base year (relative-to-base).")]
    public int? Base { get; set; }

    [CommandOption("--document <TEXT>")]
    [Description("The plan that sets it; for an illustrative target, why there is none.")]
    public string? Document { get; set; }

    [CommandOption("--illustrative")]
    [Description("Not from any plan: marked illustrative on every line that shows it.")]
    public bool Illustrative { get; set; }

    public override ValidationResult Validate()
    {
        if (!Parse.TryEnum<TargetKind>(Kind, out _)) return ValidationResult.Error($"--kind '{Kind}' is not one of: {Parse.Choices<TargetKind>()}.");
        if (!Parse.TryEnum<TargetComparison>(Comparison, out _))
            return ValidationResult.Error($"--comparison '{Comparison}' is not one of: {Parse.Choices<TargetComparison>()}.");
        if (Value is null || Year is null) return ValidationResult.Error("--value and --year are required.");
        return base.Validate();
    }

    public IndicatorTarget Target()
    {
        Parse.TryEnum<TargetKind>(Kind, out var kind);
        Parse.TryEnum<TargetComparison>(Comparison, out var comparison);
        return new IndicatorTarget(TargetId, Indicator, kind, comparison, Value!.Value, Year!.Value, From, Base, Document ?? "",
            Illustrative ? TargetMark.Illustrative : TargetMark.Official);
    }
}

internal sealed class SetIndicatorTargetCommand : WriteCommand<IndicatorTargetSettings>
{
    protected override IHubsCommand Build(IndicatorTargetSettings s) => new SetIndicatorTarget(s.Scope, s.ScopeId, s.Target());

    protected override async Task<object?> LoadStateAsync(HubsQueries queries, IndicatorTargetSettings s, CancellationToken ct) =>
        await queries.GetStateAsync<ScopeIndicators>(ScopeIndicators.StreamKey(s.Scope, s.ScopeId), cancellationToken: ct);
}

internal sealed class ReviseIndicatorTargetCommand : WriteCommand<IndicatorTargetSettings>
{
    protected override IHubsCommand Build(IndicatorTargetSettings s) => new ReviseIndicatorTarget(s.Scope, s.ScopeId, s.Target(), s.Reason ?? "");

    protected override async Task<object?> LoadStateAsync(HubsQueries queries, IndicatorTargetSettings s, CancellationToken ct) =>
        await queries.GetStateAsync<ScopeIndicators>(ScopeIndicators.StreamKey(s.Scope, s.ScopeId), cancellationToken: ct);
}

internal sealed class WithdrawIndicatorTargetCommand : WriteCommand<IndicatorScopeSettings>
{
    protected override IHubsCommand Build(IndicatorScopeSettings s) => new WithdrawIndicatorTarget(s.Scope, s.ScopeId, s.TargetId, s.Reason ?? "");

    protected override async Task<object?> LoadStateAsync(HubsQueries queries, IndicatorScopeSettings s, CancellationToken ct) =>
        await queries.GetStateAsync<ScopeIndicators>(ScopeIndicators.StreamKey(s.Scope, s.ScopeId), cancellationToken: ct);
}
