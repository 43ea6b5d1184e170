using Hubs.EventSourcing.ExchangeRates;

namespace Hubs.SampleHost.Import;

/// <summary>
/// Plans an exchange-rate import: <c>currency,year,cny_per_unit,published_on,source</c> (published_on and source may be
/// empty or absent). One row per currency and year: yuan per one unit of the currency, e.g. <c>HKD,2022,0.8589,,…</c>.
/// An empty publication date stays unknown (as-known-at then counts the rate as known from the day it is recorded) unless
/// --published-on gives one. A year recorded with the same figures is left unchanged; different figures correct it.
/// </summary>
internal sealed class RatesImport
{
    public static readonly string[] Columns = ["currency", "year", "cny_per_unit", "published_on", "source"];
    private static readonly string[] Required = ["currency", "year", "cny_per_unit"];

    private static readonly Dictionary<string, string> ColumnsByField = new(StringComparer.Ordinal)
    {
        ["currency"] = "currency", ["year"] = "year", ["cnyPerUnit"] = "cny_per_unit", ["publishedOn"] = "published_on", ["source"] = "source",
    };

    public required string DefaultSource { get; init; }
    public DateOnly? DefaultPublishedOn { get; init; }

    public ImportPlan Plan(string path)
    {
        var (rows, errors) = CsvTable.Read(path, Columns, Required);
        var plan = new ImportPlan(path, Columns, ColumnsByField) { Rows = rows.Count };
        foreach (var row in rows)
        {
            var currency = row.Text("currency", required: true);
            var year = row.Int("year", required: true);
            var rate = row.Decimal("cny_per_unit", required: true);
            var publishedOn = row.Date("published_on") ?? DefaultPublishedOn;
            var source = row.Text("source") ?? DefaultSource;
            if (currency is null || year is not { } y || rate is not { } r) continue;
            plan.Add(new RecordExchangeRate(currency, y, r, publishedOn, source), row, "rate");
        }
        plan.ParseErrors = errors;
        return plan;
    }
}
