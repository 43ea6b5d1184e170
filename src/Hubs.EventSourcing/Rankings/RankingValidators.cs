using FluentValidation;

namespace Hubs.EventSourcing.Rankings;

internal static class RankingRules
{
    public static IRuleBuilderOptions<T, string> MustBePlace<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(p => RankPlace.TryParse(p) is not null).WithErrorCode("invalid-place")
            .WithMessage($"place must be a place as printed: '12', a tie '=12' or a range '12 or 13' (1 to {RankPlace.MaxPlace}); got '{{PropertyValue}}'.");

    public static IRuleBuilderOptions<T, decimal?> MustBeShare<T>(this IRuleBuilder<T, decimal?> rule) =>
        rule.Must(s => s is null or (>= 0m and <= 100m)).WithErrorCode("share-out-of-range")
            .WithMessage("{PropertyName} is a percentage of the world total and must be from 0 to 100; got {PropertyValue}.");
}

internal sealed class RecordRankingEntryValidator : AbstractValidator<RecordRankingEntry>
{
    public RecordRankingEntryValidator()
    {
        RuleFor(c => c.Ranking).MustBeText(100).Must(r => Keys.IsValidId(Keys.Slugify(r ?? ""))).WithErrorCode("invalid-ranking")
            .WithMessage("ranking must contain letters or digits, e.g. 'GII'; got '{PropertyValue}'.");
        RuleFor(c => c.Edition).MustBeYear();
        RuleFor(c => c.RankedName).MustBeText(200);
        RuleFor(c => c.Economy).MustBeText(20);
        RuleFor(c => c.Place).MustBePlace();
        RuleFor(c => c.SharePctFilings).MustBeShare();
        RuleFor(c => c.SharePublications).MustBeShare();
        RuleFor(c => c.PublishedOn).Must(PartialDate.IsValid).WithErrorCode("invalid-partial-date")
            .WithMessage($"publishedOn must be a day (2025-09-01), a month (2024-08), a year (2024) between {Rules.MinYear} and {Rules.MaxYear}, or empty when unknown; got '{{PropertyValue}}'.");
        RuleFor(c => c.PublishedOn).Must((c, p) => PartialDate.Earliest(p)!.Value.Year >= c.Edition - 1)
            .When(c => PartialDate.Earliest(c.PublishedOn) is not null).WithErrorCode("published-before-edition")
            .WithMessage("publishedOn {PropertyValue} is more than a year before the edition it publishes.");
        RuleFor(c => c.Source).MustBeText();
    }
}

internal sealed class CorrectRankingEntryValidator : AbstractValidator<CorrectRankingEntry>
{
    public CorrectRankingEntryValidator()
    {
        RuleFor(c => c.Ranking).MustBeText(100);
        RuleFor(c => c.Edition).MustBeYear();
        RuleFor(c => c.RankedName).MustBeText(200);
        RuleFor(c => c.Place).MustBePlace();
        RuleFor(c => c.Reason).MustBeText();
    }
}
