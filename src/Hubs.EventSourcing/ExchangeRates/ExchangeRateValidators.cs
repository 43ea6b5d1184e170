using FluentValidation;

namespace Hubs.EventSourcing.ExchangeRates;

internal sealed class RecordExchangeRateValidator : AbstractValidator<RecordExchangeRate>
{
    public RecordExchangeRateValidator()
    {
        RuleFor(c => c.Currency).Must(c => MoneyUnit.IsKnownCurrency(c) && c != MoneyUnit.BaseCurrency).WithErrorCode("unknown-currency")
            .WithMessage($"'{{PropertyValue}}' is not a currency with a rate to CNY: use one of {string.Join(", ", MoneyUnit.Currencies.Where(c => c != MoneyUnit.BaseCurrency))}.");
        RuleFor(c => c.Year).MustBeYear();
        RuleFor(c => c.CnyPerUnit).Must(r => r > 0m && r < 1_000_000m).WithErrorCode("rate-out-of-range")
            .WithMessage("cnyPerUnit is yuan per one unit of the currency and must be greater than 0 and below 1000000; got {PropertyValue}.");
        RuleFor(c => c.PublishedOn).Must(d => d is null || d.Value.Year is >= Rules.MinYear and <= Rules.MaxYear).WithErrorCode("date-out-of-range")
            .WithMessage($"publishedOn must fall between {Rules.MinYear} and {Rules.MaxYear}; got {{PropertyValue}}.");
        RuleFor(c => c.PublishedOn).Must((c, d) => d!.Value.Year >= c.Year).When(c => c.PublishedOn is not null)
            .WithErrorCode("published-before-year").WithMessage("publishedOn {PropertyValue} is before the year the average covers.");
        RuleFor(c => c.Source).MustBeText();
    }
}
