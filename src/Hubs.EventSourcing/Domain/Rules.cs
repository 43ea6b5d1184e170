using System.Collections.Concurrent;
using System.Reflection;
using FluentValidation;
using Expr = System.Linq.Expressions.Expression;

namespace Hubs.EventSourcing;

/// <summary>Shape rules shared by the command validators; each failure carries a stable error code.</summary>
internal static class Rules
{
    public const int MinYear = 1950;
    public const int MaxYear = 2100;
    public const int MaxTextLength = 500;

    public static IRuleBuilderOptions<T, string> MustBeId<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(Keys.IsValidId).WithErrorCode("invalid-id")
            .WithMessage("'{PropertyValue}' is not a valid identifier: use 1-64 lower-case letters, digits and single hyphens, e.g. 'greater-bay-area'.");

    public static IRuleBuilderOptions<T, string> MustBeText<T>(this IRuleBuilder<T, string> rule, int max = MaxTextLength) =>
        rule.NotEmpty().WithErrorCode("required").WithMessage("{PropertyName} is required.")
            .MaximumLength(max).WithErrorCode("too-long").WithMessage("{PropertyName} must be at most {MaxLength} characters.");

    public static IRuleBuilderOptions<T, int> MustBeYear<T>(this IRuleBuilder<T, int> rule) =>
        rule.InclusiveBetween(MinYear, MaxYear).WithErrorCode("year-out-of-range")
            .WithMessage($"{{PropertyName}} must be between {MinYear} and {MaxYear}; got {{PropertyValue}}.");

    public static IRuleBuilderOptions<T, decimal> MustBeIntensity<T>(this IRuleBuilder<T, decimal> rule) =>
        rule.Must(v => v > 0m && v <= 100m).WithErrorCode("intensity-out-of-range")
            .WithMessage("{PropertyName} is a percentage of GDP and must be greater than 0 and at most 100; got {PropertyValue}.");

    public static IRuleBuilderOptions<T, DateOnly> MustBeSaneDate<T>(this IRuleBuilder<T, DateOnly> rule) =>
        rule.Must(d => d.Year is >= MinYear and <= MaxYear).WithErrorCode("date-out-of-range")
            .WithMessage($"{{PropertyName}} must fall between {MinYear} and {MaxYear}; got {{PropertyValue}}.");

    public static IRuleBuilderOptions<T, decimal?> MustBeExpenditure<T>(this IRuleBuilder<T, decimal?> rule) =>
        rule.Must(e => e is null or >= 0m).WithErrorCode("expenditure-negative")
            .WithMessage("{PropertyName} must be zero or more; got {PropertyValue}.");

    /// <summary>
    /// The most an R&amp;D expenditure may amount to, in whole units of its currency (amount × the unit's scale): 10¹⁸, a
    /// million times the world's yearly R&amp;D spending even in yen. The bound keeps every figure the composite derives from
    /// it — yuan (× a rate below 10⁶), GDP (× 100 / intensity), and their sums over a cluster's members — inside
    /// <see cref="decimal"/>, so one accepted figure can never make a report overflow.
    /// </summary>
    public const decimal MaxExpenditureInCurrencyUnits = 1_000_000_000_000_000_000m;

    /// <summary>
    /// An expenditure whose amount in currency units (amount × its unit's scale) is at most
    /// <see cref="MaxExpenditureInCurrencyUnits"/>. Checked only when the unit reads (else <c>unknown-unit</c> says why).
    /// </summary>
    public static IRuleBuilderOptions<T, decimal?> MustBeExpenditureInRange<T>(this IRuleBuilder<T, decimal?> rule, Func<T, string?> unitOf) =>
        rule.Must((c, e) => e is not { } amount || !MoneyUnit.TryParse(unitOf(c), out var unit) || amount <= MaxExpenditureInCurrencyUnits / unit.Scale)
            .WithErrorCode("expenditure-too-large")
            .WithMessage((c, e) => $"{{PropertyName}} {e} {unitOf(c)} is more than 10^18 currency units (1000000000000000000 " +
                $"{unitOf(c)?[..3]}); no region spends that much, and larger figures would overflow the composite. Check the amount and its unit.");

    /// <summary>Null, or a unit by the one grammar of <see cref="MoneyUnit"/>.</summary>
    public static IRuleBuilderOptions<T, string?> MustBeUnit<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(u => u is null || MoneyUnit.TryParse(u, out _)).WithErrorCode("unknown-unit")
            .WithMessage($"'{{PropertyValue}}' is not an expenditure unit: expected {MoneyUnit.Expected}.");

    public static IRuleBuilderOptions<T, decimal> MustBeRdTarget<T>(this IRuleBuilder<T, decimal> rule) =>
        rule.Must(x => x > 0m && x <= 100m).WithErrorCode("intensity-out-of-range")
            .WithMessage("An R&D intensity target is a percentage of GDP greater than 0 and at most 100; got {PropertyValue}.");

    public static IRuleBuilderOptions<T, decimal> MustBeRankTarget<T>(this IRuleBuilder<T, decimal> rule) =>
        rule.Must(x => x >= 1m && x == decimal.Truncate(x) && x <= 10_000m).WithErrorCode("rank-out-of-range")
            .WithMessage("A rank target is a whole number from 1 (best) to 10000; got {PropertyValue}.");

    public static IRuleBuilderOptions<T, int> MustBeDeadline<T>(this IRuleBuilder<T, int> rule) =>
        rule.InclusiveBetween(2000, MaxYear).WithErrorCode("year-out-of-range")
            .WithMessage($"{{PropertyName}} must be between 2000 and {MaxYear}; got {{PropertyValue}}.");

    /// <summary>
    /// Where <paramref name="text"/> holds a character no stored text may hold, or -1: U+0000 (PostgreSQL text and jsonb
    /// cannot store it), a lone UTF-16 surrogate (no UTF-8 form: the write would fail while encoding), or a control
    /// character other than tab, line feed and carriage return (invisible in every listing, so a name with one looks like
    /// another). Everything else, any script or emoji, is accepted.
    /// </summary>
    public static int FirstUnsafeCharacter(string? text)
    {
        if (text is null) return -1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
                return i;
            }
            if (char.IsLowSurrogate(c)) return i;
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r')) return i;
        }
        return -1;
    }

    /// <summary>The longest actor, correlation id or causation id: an identifier (<c>analyst:wang</c>, a GUID, a ticket), not prose.</summary>
    public const int MaxContextIdLength = 200;

    /// <summary>
    /// The longest reason or source: a paragraph and a link, four times a command's longest field. Both are stored in the
    /// headers of every event a command appends and hashed with each, so an import of 1,000 rows with a 120,000-character
    /// reason stored 121 MB; at this bound the same import carries at most 2 MB of them.
    /// </summary>
    public const int MaxContextTextLength = 2_000;

    /// <summary>One <c>too-long</c> violation per <see cref="CommandContext"/> text over its bound (messages echo it cut).</summary>
    public static IEnumerable<RuleViolation> ContextLengthViolations(CommandContext c)
    {
        (string Field, string? Value, int Max)[] texts =
        [
            (nameof(c.Actor), c.Actor, MaxContextIdLength), (nameof(c.Reason), c.Reason, MaxContextTextLength),
            (nameof(c.Source), c.Source, MaxContextTextLength), (nameof(c.CorrelationId), c.CorrelationId, MaxContextIdLength),
            (nameof(c.CausationId), c.CausationId, MaxContextIdLength),
        ];
        foreach (var (field, value, max) in texts)
            if (value is { Length: var length } && length > max)
                yield return new RuleViolation("too-long", field, value,
                    string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{field} must be at most {max} characters; got {length}."));
    }

    private static readonly ConcurrentDictionary<Type, (string Name, Func<object, string?> Read)[]> TextProperties = new();

    /// <summary>Every public string property of a type, each with a compiled getter (reflection's GetValue costs more than the check).</summary>
    private static (string Name, Func<object, string?> Read)[] TextsOf(Type type) => TextProperties.GetOrAdd(type, t => t
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.PropertyType == typeof(string) && p.GetIndexParameters().Length == 0 && p.CanRead)
        .Select(p =>
        {
            var subject = Expr.Parameter(typeof(object));
            var read = Expr.Lambda<Func<object, string?>>(Expr.Property(Expr.Convert(subject, t), p), subject).Compile();
            return (p.Name, read);
        }).ToArray());

    /// <summary>Whether any string property of <paramref name="subject"/> breaks the text rule (<see cref="UnsafeTextViolations"/> lists them).</summary>
    public static bool HasUnsafeText(object subject)
    {
        foreach (var (_, read) in TextsOf(subject.GetType()))
            if (FirstUnsafeCharacter(read(subject)) >= 0) return true;
        return false;
    }

    /// <summary>
    /// The one text rule, applied to every string property of a command (found by reflection, so a new field cannot be
    /// forgotten) and to the <see cref="CommandContext"/>'s texts: one <c>invalid-character</c> violation per field at fault.
    /// </summary>
    public static IEnumerable<RuleViolation> UnsafeTextViolations(object subject)
    {
        foreach (var (name, read) in TextsOf(subject.GetType()))
        {
            var value = read(subject);
            var at = FirstUnsafeCharacter(value);
            if (at >= 0)
                yield return new RuleViolation("invalid-character", name, value,
                    $"{name} contains {Describe(value![at])} at position {at + 1}; " +
                    "NUL, lone surrogates and control characters other than tab and line breaks cannot be stored.");
        }
    }

    private static string Describe(char c) =>
        char.IsSurrogate(c) ? $"a lone surrogate (U+{(int)c:X4})" : $"the control character U+{(int)c:X4}";
}
