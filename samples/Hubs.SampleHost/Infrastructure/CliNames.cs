using Hubs.EventSourcing;

namespace Hubs.SampleHost.Infrastructure;

/// <summary>
/// The library names a field as in JSON (<c>regionId</c>); a person at the command line typed an option or an argument
/// (<c>--region</c>, <c>&lt;CLUSTER&gt;</c>). Rejections of typed commands are shown in the words that were typed.
/// </summary>
internal static class CliNames
{
    private static readonly Dictionary<string, string> Common = new(StringComparer.Ordinal)
    {
        ["clusterId"] = "<CLUSTER>", ["regionId"] = "--region", ["enterpriseId"] = "<ENTERPRISE>", ["name"] = "--name",
        ["kind"] = "--kind", ["anchorCity"] = "--anchor-city", ["decidedBy"] = "--decided-by", ["city"] = "--city",
        ["headquartersCity"] = "--hq-city", ["headquartersRegionId"] = "--hq-region", ["technology"] = "--technology",
        ["fromLab"] = "--from-lab", ["toPartner"] = "--to-partner", ["target"] = "--value", ["deadlineYear"] = "--deadline",
        ["metric"] = "--metric", ["ranking"] = "--ranking", ["actor"] = "--actor", ["reason"] = "--reason", ["source"] = "--source",
        ["commandId"] = "--command-id", ["rankedName"] = "--ranked-name", ["RankedName"] = "--ranked-name",
    };

    /// <summary>The option or argument a field came from; <paramref name="overrides"/> first (a command's own layout).</summary>
    public static string Of(string field, IReadOnlyDictionary<string, string>? overrides = null)
    {
        if (overrides is not null && overrides.TryGetValue(field, out var own)) return own;
        if (Common.TryGetValue(field, out var name)) return name;
        // Every date a command takes is given with --on (joinedOn, openedOn, establishedOn, …).
        return field.EndsWith("On", StringComparison.Ordinal) ? "--on" : field;
    }

    /// <summary>One rejection line: <c>--region='sichuan': Region 'sichuan' is not registered. [region-not-registered]</c>.</summary>
    public static string Describe(RuleViolation v, IReadOnlyDictionary<string, string>? overrides = null) =>
        $"{Of(v.Field, overrides)}={Show(v.Value)}: {v.Explanation} [{v.Code}]";

    private static string Show(object? value) => value switch
    {
        null => "(empty)",
        string s => $"'{s}'",
        IFormattable f => f.ToString(null, HostCulture.Instance),
        _ => value.ToString() ?? "",
    };
}

/// <summary>
/// The host writes every date, number and message the same way whatever the machine's culture: the library's message
/// culture (invariant, with ISO dates), so its output and the library's rejections agree.
/// </summary>
internal static class HostCulture
{
    public static System.Globalization.CultureInfo Instance => MessageCulture.Instance;

    /// <summary>Makes <see cref="Instance"/> the culture of this process and of every thread it starts.</summary>
    public static void Apply()
    {
        System.Globalization.CultureInfo.DefaultThreadCurrentCulture = Instance;
        System.Globalization.CultureInfo.DefaultThreadCurrentUICulture = Instance;
        System.Globalization.CultureInfo.CurrentCulture = Instance;
        System.Globalization.CultureInfo.CurrentUICulture = Instance;
    }
}
