namespace Hubs.EventSourcing.ExchangeRates;

/// <summary>A currency's exchange-rate series to the yuan: <c>rate:{currency}-cny</c> streams, their event and command.</summary>
internal static class ExchangeRateModule
{
    public static readonly HubsModule<ExchangeRateSeries> Module = new HubsModule<ExchangeRateSeries>("rate")
        .Starts<ExchangeRateRecorded>("exchange_rate_recorded", e => Keys.ExchangeRate(e.Currency), (s, e) => s is null ? ExchangeRateSeries.Create(e) : s.Apply(e))
        .Command<RecordExchangeRate>(c => Keys.ExchangeRate(c.Currency), ExchangeRateDecider.Decide, new RecordExchangeRateValidator())
        .PublishedOn<ExchangeRateRecorded>(e => e.PublishedOn)
        .Track<ExchangeRateTrack>("tracking-exchange-rates", ExchangeRateTrack.Fold);
}
