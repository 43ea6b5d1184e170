namespace Hubs.EventSourcing.ExchangeRates;

/// <summary>
/// A year's average exchange rate of a currency to the yuan was recorded (or corrected: the last one recorded for a year is
/// in use). Stored as <c>exchange_rate_recorded</c> in the stream <c>rate:{currency}-cny</c>, e.g. <c>rate:hkd-cny</c>.
/// </summary>
/// <param name="Currency">ISO 4217 code of the currency converted, e.g. <c>HKD</c> (never <c>CNY</c>).</param>
/// <param name="Year">The year the average covers.</param>
/// <param name="CnyPerUnit">Yuan per one unit of <paramref name="Currency"/>, e.g. 0.8589 for HKD in 2022.</param>
/// <param name="PublishedOn">When the rate was published; null when not known (then as-known-at treats it as known from the day it was recorded).</param>
/// <param name="Source">Where it comes from, including whether it is official or indicative.</param>
public sealed record ExchangeRateRecorded(string Currency, int Year, decimal CnyPerUnit, DateOnly? PublishedOn, string Source);
