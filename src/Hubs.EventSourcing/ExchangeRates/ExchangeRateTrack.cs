using Hubs.EventSourcing.Tracking;
using JasperFx.Events;

namespace Hubs.EventSourcing.ExchangeRates;

/// <summary>A currency's rate series for tracking. Id is the stream key, e.g. <c>rate:hkd-cny</c>.</summary>
internal sealed class ExchangeRateTrack
{
    public string Id { get; set; } = "";
    public string Currency { get; set; } = "";
    /// <summary>One entry per year, ascending: the rate recorded last for the year.</summary>
    public List<ExchangeRateView> Years { get; set; } = [];

    public static ExchangeRateTrack? Fold(ExchangeRateTrack? doc, IEvent e)
    {
        if (e.Data is not ExchangeRateRecorded r) return doc;
        doc ??= new ExchangeRateTrack { Id = e.StreamKey ?? Keys.ExchangeRate(r.Currency), Currency = r.Currency };
        doc.Years.RemoveAll(y => y.Year == r.Year);
        doc.Years.Add(new ExchangeRateView(r.Currency, r.Year, r.CnyPerUnit, r.PublishedOn, r.Source, e.Timestamp));
        doc.Years.Sort((a, b) => a.Year.CompareTo(b.Year));
        return doc;
    }
}
