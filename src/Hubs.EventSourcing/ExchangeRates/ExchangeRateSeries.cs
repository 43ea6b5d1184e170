using System.Collections.Immutable;

namespace Hubs.EventSourcing.ExchangeRates;

/// <summary>A year's rate in an <see cref="ExchangeRateSeries"/>.</summary>
/// <param name="CnyPerUnit">Yuan per unit.</param>
/// <param name="PublishedOn">Publication date, if known.</param>
/// <param name="Source">Where it comes from.</param>
public sealed record YearRate(decimal CnyPerUnit, DateOnly? PublishedOn, string Source);

/// <summary>State of a currency's rate series to the yuan, folded from its stream.</summary>
public sealed record ExchangeRateSeries
{
    /// <summary>ISO 4217 code, e.g. <c>HKD</c>.</summary>
    public required string Currency { get; init; }
    /// <summary>The rate in use for each recorded year.</summary>
    public ImmutableSortedDictionary<int, YearRate> Rates { get; init; } = ImmutableSortedDictionary<int, YearRate>.Empty;

    /// <summary>Starts the state from the first <see cref="ExchangeRateRecorded"/>.</summary>
    public static ExchangeRateSeries Create(ExchangeRateRecorded e) => new ExchangeRateSeries { Currency = e.Currency }.Apply(e);

    /// <summary>Records (or corrects) a year's rate.</summary>
    public ExchangeRateSeries Apply(ExchangeRateRecorded e) =>
        this with { Rates = Rates.SetItem(e.Year, new YearRate(e.CnyPerUnit, e.PublishedOn, e.Source)) };
}
