namespace Hubs.EventSourcing;

/// <summary>
/// The one exception a rejected command raises, whether its shape was invalid (validator) or it broke a
/// rule of the aggregate's current state (decider). A rejected command writes nothing.
/// </summary>
public sealed class CommandRejectedException : Exception
{
    /// <summary>Creates a rejection from one or more violations; the first is the headline.</summary>
    public CommandRejectedException(IReadOnlyList<RuleViolation> violations)
        : base(Describe(Normalize(violations)))
    {
        if (violations.Count == 0)
            throw new ArgumentException("A rejection needs at least one violation.", nameof(violations));
        Violations = Normalize(violations);
    }

    /// <summary>Violations with field names as users know them (camelCase, as in JSON), whatever the code that raised them wrote.</summary>
    private static IReadOnlyList<RuleViolation> Normalize(IReadOnlyList<RuleViolation> violations)
    {
        ArgumentNullException.ThrowIfNull(violations);
        return violations.Any(v => v.Field != MessageCulture.FieldName(v.Field))
            ? violations.Select(v => v with { Field = MessageCulture.FieldName(v.Field) }).ToList()
            : violations;
    }

    /// <summary>Creates a rejection for a single broken rule.</summary>
    public CommandRejectedException(string code, string field, object? value, string explanation)
        : this([new RuleViolation(code, field, value, explanation)])
    {
    }

    /// <summary>Every violation found; validators report all of them at once.</summary>
    public IReadOnlyList<RuleViolation> Violations { get; }

    /// <summary>Machine-readable code of the first violation, e.g. <c>region-in-another-cluster</c>.</summary>
    public string Code => Violations[0].Code;

    /// <summary>The command field the first violation is about, named as in JSON, e.g. <c>regionId</c>.</summary>
    public string Field => Violations[0].Field;

    /// <summary>The offending value of the first violation.</summary>
    public object? Value => Violations[0].Value;

    private static string Describe(IReadOnlyList<RuleViolation> violations) =>
        violations.Count == 0 ? "Command rejected." : string.Join(" ", violations.Select(v => v.ToString()));
}

/// <summary>One broken rule: a machine-readable code, the field, the offending value and a sentence a person understands.</summary>
/// <param name="Code">Stable, kebab-case code such as <c>year-already-reported</c>; documented in docs/domain.md.</param>
/// <param name="Field">The command property at fault, named as in JSON (camelCase: <c>regionId</c>, <c>intensityPct</c>).</param>
/// <param name="Value">The offending value.</param>
/// <param name="Explanation">A sentence a person understands.</param>
public sealed record RuleViolation(string Code, string Field, object? Value, string Explanation)
{
    /// <summary>For a batch, the zero-based position of the command at fault; null for a single command.</summary>
    public int? CommandIndex { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        (CommandIndex is { } i ? $"#{i} " : "") + $"{Field}={Format(Value)}: {Cut(Explanation, MaxExplanation)} [{Code}]";

    private static string Format(object? value) => value switch
    {
        null => "(empty)",
        string s => $"'{Cut(s)}'",
        DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, MessageCulture.Instance),
        _ => value.ToString() ?? "",
    };

    /// <summary>Characters of a text value echoed in a message before it is cut.</summary>
    internal const int MaxEcho = 80;

    /// <summary>
    /// A text value as echoed in a message: whole up to <see cref="MaxEcho"/> characters, else its start, an ellipsis and
    /// its length, so a megabyte field never becomes a megabyte of error output (<see cref="Value"/> keeps it whole).
    /// </summary>
    internal static string Cut(string text) => Cut(text, MaxEcho);

    /// <summary>
    /// The most of an explanation a message prints: explanations quote their input cut to <see cref="MaxEcho"/>, and this
    /// bounds one that quotes it some other way (the whole explanation stays in <see cref="Explanation"/>).
    /// </summary>
    internal const int MaxExplanation = 1_000;

    private static string Cut(string text, int max)
    {
        if (text.Length <= max) return text;
        var cut = char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        return string.Concat(text.AsSpan(0, cut), FormattableString.Invariant($"… ({text.Length:N0} chars)"));
    }
}
