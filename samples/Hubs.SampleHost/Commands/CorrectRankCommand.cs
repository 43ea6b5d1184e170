using System.ComponentModel;
using Hubs.EventSourcing;
using Hubs.EventSourcing.Rankings;
using Hubs.SampleHost.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Hubs.SampleHost.Commands;

internal sealed class CorrectRankSettings : WriteSettings
{
    [CommandArgument(0, "<RANKING>")]
    [Description("The ranking, e.g. 'GII'.")]
    public string Ranking { get; set; } = "";

    [CommandOption("--edition <YEAR>")]
    [Description("The edition, e.g. 2025.")]
    public int? Edition { get; set; }

    [CommandOption("--ranked-name <NAME>")]
    [Description("The cluster as the edition prints it, without the economy, e.g. 'Hangzhou' (a hyphen reads as the en dash).")]
    public string? RankedName { get; set; }

    [CommandOption("--place <PLACE>")]
    [Description("The place as the edition printed it: 12, a tie =12, or a range '12 or 13'.")]
    public string? Place { get; set; }

    public override ValidationResult Validate()
    {
        if (Edition is null) return ValidationResult.Error("--edition is required: the edition whose entry was recorded wrongly.");
        if (string.IsNullOrWhiteSpace(RankedName)) return ValidationResult.Error("--ranked-name is required: the cluster as the edition prints it.");
        if (string.IsNullOrWhiteSpace(Place)) return ValidationResult.Error("--place is required: the place as the edition printed it.");
        if (string.IsNullOrWhiteSpace(Reason)) return ValidationResult.Error("--reason is required: what was recorded wrongly, kept with who and when.");
        return base.Validate();
    }
}

/// <summary>
/// <c>hubs ranking correct GII --edition 2025 --ranked-name Hangzhou --place 13 --reason "typed 31"</c>: a rank recorded
/// wrongly, fixed in its edition (history keeps the first place; the report shows the corrected one).
/// </summary>
internal sealed class CorrectRankCommand : WriteCommand<CorrectRankSettings>
{
    protected override IReadOnlyDictionary<string, string> FieldNames { get; } = new Dictionary<string, string>
    {
        ["ranking"] = "<RANKING>", ["edition"] = "--edition", ["rankedName"] = "--ranked-name", ["place"] = "--place", ["reason"] = "--reason",
    };

    protected override IHubsCommand Build(CorrectRankSettings s) => new CorrectRankingEntry(s.Ranking, s.Edition!.Value, s.RankedName!, s.Place!, s.Reason!);

    protected override Task<object?> LoadStateAsync(HubsQueries queries, CorrectRankSettings s, CancellationToken ct) => Task.FromResult<object?>(null);

    protected override string? InForce(CorrectRankSettings s) => $"{s.Ranking} {s.Edition}: {s.RankedName} at {s.Place} (corrected).";
}
