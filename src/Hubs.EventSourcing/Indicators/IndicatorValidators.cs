using FluentValidation;

namespace Hubs.EventSourcing.Indicators;

/// <summary>Shape rules shared by the figure commands.</summary>
internal static class FigureRules
{
    public static readonly string[] Qualifiers = ["over", "about"];

    public static void Apply<T>(AbstractValidator<T> v, Func<T, string> scopeId, Func<T, string> indicator, Func<T, string> label, Func<T, int> year,
        Func<T, decimal> value, Func<T, string?> unit, Func<T, string?> qualifier, Func<T, DateOnly> publishedOn, Func<T, string> publisher,
        Func<T, string> document, Func<T, string> quality)
    {
        v.RuleFor(c => scopeId(c)).MustBeId().OverridePropertyName("ScopeId");
        v.RuleFor(c => indicator(c)).Must(k => IndicatorCatalogue.BuiltIn.Find(k) is not null).WithErrorCode("unknown-indicator")
            .WithMessage($"'{{PropertyValue}}' is not an indicator of the catalogue: use one of {string.Join(", ", IndicatorCatalogue.BuiltIn.All.Select(d => d.Key))}.")
            .OverridePropertyName("Indicator");
        v.RuleFor(c => label(c)).NotNull().MaximumLength(Rules.MaxTextLength).WithErrorCode("too-long").OverridePropertyName("Label");
        v.RuleFor(c => year(c)).MustBeYear().OverridePropertyName("Year");
        v.RuleFor(c => value(c)).Must((c, x) => x >= 0m && FitsUnit(indicator(c), x)).WithErrorCode("value-out-of-range")
            .WithMessage(c => $"value {{PropertyValue}} is outside what {RuleViolation.Cut(indicator(c))} can be: zero or more, a share at most 100, a rank a whole number from 1.")
            .OverridePropertyName("Value");
        v.RuleFor(c => unit(c)).Must((c, u) => UnitFits(indicator(c), u)).WithErrorCode("invalid-unit")
            .WithMessage(c => $"unit '{{PropertyValue}}' does not fit {RuleViolation.Cut(indicator(c))}: money takes {MoneyUnit.Expected}; a ratio '%'; persons, counts and ranks none.")
            .OverridePropertyName("Unit");
        v.RuleFor(c => qualifier(c)).Must(q => q is null || Qualifiers.Contains(q)).WithErrorCode("invalid-qualifier")
            .WithMessage("qualifier '{PropertyValue}' is not one of: none, over, about.").OverridePropertyName("Qualifier");
        v.RuleFor(c => publishedOn(c)).MustBeSaneDate().OverridePropertyName("PublishedOn");
        v.RuleFor(c => publishedOn(c)).Must((c, d) => d.Year >= year(c)).WithErrorCode("published-before-year")
            .WithMessage(c => $"publishedOn {publishedOn(c):yyyy-MM-dd} is before the year {year(c)} the figure describes.").OverridePropertyName("PublishedOn");
        v.RuleFor(c => publisher(c)).MustBeText().OverridePropertyName("Publisher");
        v.RuleFor(c => document(c)).MustBeText(2000).OverridePropertyName("Document");
        v.RuleFor(c => quality(c)).MustBeText().OverridePropertyName("Quality");
    }

    private static bool FitsUnit(string key, decimal value) => IndicatorCatalogue.BuiltIn.Find(key) switch
    {
        { Unit: UnitFamily.Percent } => value <= 100m,
        { Unit: UnitFamily.Rank } => value >= 1m && value == decimal.Truncate(value),
        _ => true,
    };

    private static bool UnitFits(string key, string? unit) => IndicatorCatalogue.BuiltIn.Find(key) switch
    {
        null => true,
        { Unit: UnitFamily.Money } => MoneyUnit.TryParse(unit, out _),
        { Unit: UnitFamily.Percent } => unit is null or "%",
        _ => unit is null,
    };
}

internal sealed class RecordIndicatorFigureValidator : AbstractValidator<RecordIndicatorFigure>
{
    public RecordIndicatorFigureValidator() =>
        FigureRules.Apply(this, c => c.ScopeId, c => c.Indicator, c => c.Label, c => c.Year, c => c.Value, c => c.Unit, c => c.Qualifier,
            c => c.PublishedOn, c => c.Publisher, c => c.Document, c => c.Quality);
}

internal sealed class ReviseIndicatorFigureValidator : AbstractValidator<ReviseIndicatorFigure>
{
    public ReviseIndicatorFigureValidator()
    {
        FigureRules.Apply(this, c => c.ScopeId, c => c.Indicator, c => c.Label, c => c.Year, c => c.Value, c => c.Unit, c => c.Qualifier,
            c => c.PublishedOn, c => c.Publisher, c => c.Document, c => c.Quality);
        RuleFor(c => c.Reason).MustBeText(Rules.MaxTextLength);
    }
}

/// <summary>A target's own rules (<see cref="IndicatorTarget.Problems"/>), each as an <c>invalid-target</c> violation.</summary>
internal static class TargetRules
{
    public static void Apply<T>(AbstractValidator<T> v, Func<T, string> scopeId, Func<T, IndicatorTarget> target)
    {
        v.RuleFor(c => scopeId(c)).MustBeId().OverridePropertyName("ScopeId");
        v.RuleFor(c => target(c)).NotNull().WithErrorCode("required").OverridePropertyName("Target");
        v.RuleFor(c => target(c)).Custom((t, ctx) =>
        {
            if (t is null) return;
            // The library checks a command's own texts; a target's travel inside it, so they are checked here.
            foreach (var (field, text) in new[] { ("Target.Id", t.Id), ("Target.Indicator", t.Indicator), ("Target.Document", t.Document) })
                if (text is not null && Rules.FirstUnsafeCharacter(text) >= 0)
                    ctx.AddFailure(new FluentValidation.Results.ValidationFailure(field,
                        $"{field} holds a character PostgreSQL cannot store (a NUL, a lone surrogate or a control character).", RuleViolation.Cut(text))
                    { ErrorCode = "invalid-character" });
            foreach (var p in t.Problems(IndicatorCatalogue.BuiltIn))
                ctx.AddFailure(new FluentValidation.Results.ValidationFailure("Target", p, RuleViolation.Cut(t.Id ?? "")) { ErrorCode = "invalid-target" });
        });
    }
}

internal sealed class SetIndicatorTargetValidator : AbstractValidator<SetIndicatorTarget>
{
    public SetIndicatorTargetValidator() => TargetRules.Apply(this, c => c.ScopeId, c => c.Target);
}

internal sealed class ReviseIndicatorTargetValidator : AbstractValidator<ReviseIndicatorTarget>
{
    public ReviseIndicatorTargetValidator()
    {
        TargetRules.Apply(this, c => c.ScopeId, c => c.Target);
        RuleFor(c => c.Reason).MustBeText();
    }
}

internal sealed class WithdrawIndicatorTargetValidator : AbstractValidator<WithdrawIndicatorTarget>
{
    public WithdrawIndicatorTargetValidator()
    {
        RuleFor(c => c.ScopeId).MustBeId();
        RuleFor(c => c.TargetId).MustBeId();
        RuleFor(c => c.Reason).MustBeText();
    }
}
