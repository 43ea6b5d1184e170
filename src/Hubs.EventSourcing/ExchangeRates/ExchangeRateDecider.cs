namespace Hubs.EventSourcing.ExchangeRates;

/// <summary>The rate series' state rules.</summary>
internal static class ExchangeRateDecider
{
    public static object[] Decide(RecordExchangeRate c, ExchangeRateSeries? state)
    {
        var source = c.Source.Trim();
        if (state is not null && state.Rates.TryGetValue(c.Year, out var existing)
            && existing.CnyPerUnit == c.CnyPerUnit && existing.PublishedOn == c.PublishedOn && existing.Source == source)
            return [];
        return [new ExchangeRateRecorded(c.Currency, c.Year, c.CnyPerUnit, c.PublishedOn, source)];
    }
}
