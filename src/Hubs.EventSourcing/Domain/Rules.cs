using FluentValidation;

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
}
