using System.Text.RegularExpressions;

namespace Hubs.EventSourcing;

/// <summary>
/// Readable identifiers and stream keys. Entities are named by lower-case slugs (<c>beijing</c>,
/// <c>greater-bay-area</c>); each aggregate kind prefixes its streams so a region and a cluster can never
/// share a stream (<c>region:beijing</c>, <c>cluster:greater-bay-area</c>, <c>enterprise:joygovai</c>). Each prefix is written
/// once, in its aggregate's module; these helpers ask the module.
/// </summary>
public static partial class Keys
{
    /// <summary>Maximum length of an identifier.</summary>
    public const int MaxIdLength = 64;

    /// <summary>Stream key of a cluster.</summary>
    public static string Cluster(string clusterId) => Clusters.ClusterModule.Module.Key(clusterId);

    /// <summary>Stream key of a region.</summary>
    public static string Region(string regionId) => Regions.RegionModule.Module.Key(regionId);

    /// <summary>Stream key of an enterprise.</summary>
    public static string Enterprise(string enterpriseId) => Enterprises.EnterpriseModule.Module.Key(enterpriseId);

    /// <summary>Stream key of a currency's exchange-rate series to the yuan: <c>HKD</c> → <c>rate:hkd-cny</c>.</summary>
    public static string ExchangeRate(string currency)
    {
        ArgumentNullException.ThrowIfNull(currency);
        return ExchangeRates.ExchangeRateModule.Module.Key(currency.ToLowerInvariant() + "-" + MoneyUnit.BaseCurrency.ToLowerInvariant());
    }

    /// <summary>
    /// The prefix of every registered module's streams (<c>cluster</c>, <c>region</c>, <c>enterprise</c>, <c>rate</c>, then the
    /// application's own, <see cref="HubsOptions.AddModule"/>), in registration order.
    /// </summary>
    public static IReadOnlyList<string> StreamPrefixes => HubsModel.All.Select(m => m.Prefix).ToList();

    /// <summary>True when <paramref name="id"/> is a lower-case slug: letters, digits and single hyphens.</summary>
    public static bool IsValidId(string? id) => id is { Length: > 0 and <= MaxIdLength } && SlugPattern().IsMatch(id);

    /// <summary>Turns a display name into a slug: <c>"Hong Kong"</c> → <c>hong-kong</c>.</summary>
    public static string Slugify(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var slug = NonSlugRun().Replace(name.Trim().ToLowerInvariant(), "-").Trim('-');
        return slug;
    }

    /// <summary>Splits a stream key into its kind and id; plain ids are returned with an empty kind.</summary>
    public static (string Kind, string Id) Parse(string streamKey)
    {
        ArgumentNullException.ThrowIfNull(streamKey);
        var colon = streamKey.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? ("", streamKey) : (streamKey[..colon], streamKey[(colon + 1)..]);
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonSlugRun();
}
