namespace Hubs.EventSourcing.ExchangeRates;

/// <summary>
/// Record a currency's average rate to the yuan for a year, used to weight composites whose members report expenditure in
/// different currencies. Recording the same figures again changes nothing; different figures for a recorded year correct it.
/// </summary>
/// <param name="Currency">ISO 4217 code, one of <see cref="MoneyUnit.Currencies"/> other than <c>CNY</c>.</param>
/// <param name="Year">The year the average covers.</param>
/// <param name="CnyPerUnit">Yuan per one unit of the currency.</param>
/// <param name="PublishedOn">Publication date, or null when not known.</param>
/// <param name="Source">Where the rate comes from; say so when it is indicative rather than official.</param>
public sealed record RecordExchangeRate(string Currency, int Year, decimal CnyPerUnit, DateOnly? PublishedOn, string Source) : IHubsCommand;
