using System.Collections.Concurrent;
using System.Reflection;

namespace Hubs.EventSourcing;

/// <summary>Which stream an event belongs to, from its aggregate folder and id property.</summary>
internal static class EventStreams
{
    private static readonly ConcurrentDictionary<Type, Func<object, string>> Cache = new();

    public static string Of(object e) => Cache.GetOrAdd(e.GetType(), Build)(e);

    private static Func<object, string> Build(Type t)
    {
        var (property, key) = t.Namespace switch
        {
            "Hubs.EventSourcing.Clusters" => ("ClusterId", (Func<string, string>)Keys.Cluster),
            "Hubs.EventSourcing.Regions" => ("RegionId", Keys.Region),
            "Hubs.EventSourcing.Enterprises" => ("EnterpriseId", Keys.Enterprise),
            "Hubs.EventSourcing.ExchangeRates" => ("Currency", Keys.ExchangeRate),
            _ => throw new ArgumentException($"{t.Name} is not a Hubs event."),
        };
        var p = t.GetProperty(property, BindingFlags.Public | BindingFlags.Instance)
                ?? throw new ArgumentException($"{t.Name} has no {property}.");
        return e => key((string)p.GetValue(e)!);
    }
}
