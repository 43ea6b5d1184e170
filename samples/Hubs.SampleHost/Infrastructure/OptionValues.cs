using System.Reflection;
using System.Text.RegularExpressions;
using Spectre.Console.Cli;

namespace Hubs.SampleHost.Infrastructure;

/// <summary>
/// Spectre.Console.Cli reports a value it cannot convert as "Failed to convert 'abc' to Nullable`1": no option, no
/// expected form. This names both, from the command line and the option's declared type.
/// </summary>
internal static partial class OptionValues
{
    public static string Explain(string message, IReadOnlyList<string> args)
    {
        var m = ConversionFailure().Match(message);
        if (!m.Success) return message;
        var value = m.Groups["value"].Value;
        var at = IndexOfValue(args, value);
        var option = at > 0 && args[at - 1].StartsWith('-') ? args[at - 1] : null;
        var type = option is null ? null : DeclaredType(option);
        var expected = type is null ? "a value of the form its --help describes" : Expected(type);
        return option is null
            ? $"'{value}' is not a valid value: expected {expected}."
            : $"{option} '{value}' is not valid: expected {expected}.";
    }

    private static int IndexOfValue(IReadOnlyList<string> args, string value)
    {
        for (var i = 0; i < args.Count; i++)
            if (args[i] == value) return i;
        return -1;
    }

    /// <summary>The type of the settings property bound to an option name, e.g. <c>--year</c> → <c>int?</c>.</summary>
    private static Type? DeclaredType(string option)
    {
        var name = option.TrimStart('-');
        return typeof(OptionValues).Assembly.GetTypes()
            .Where(t => typeof(CommandSettings).IsAssignableFrom(t))
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            .FirstOrDefault(p => p.GetCustomAttribute<CommandOptionAttribute>() is { } o && o.LongNames.Contains(name))
            ?.PropertyType;
    }

    private static string Expected(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(int) || t == typeof(long) => "a whole number, e.g. 2024",
        // A decimal option reads through Parse.TryExactDecimal: a value decimal would round is refused as well as a non-number.
        var t when t == typeof(decimal) || t == typeof(double) => "a number with '.' as the decimal point and at most 28 significant digits (no more than can be stored exactly), e.g. 3.5",
        var t when t == typeof(Guid) => "a GUID, e.g. 3f2504e0-4f89-41d3-9a0c-0305e82c3301",
        var t when t == typeof(DateOnly) => "a date as yyyy-MM-dd, e.g. 2025-09-30",
        var t => $"a {t.Name}",
    };

    [GeneratedRegex("^Failed to convert '(?<value>.*)' to [^ ]+\\.?$")]
    private static partial Regex ConversionFailure();
}
