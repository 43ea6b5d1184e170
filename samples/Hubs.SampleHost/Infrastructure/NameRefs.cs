using System.Reflection;
using Hubs.EventSourcing;

namespace Hubs.SampleHost.Infrastructure;

/// <summary>What a command-line value refers to, for <see cref="RefersToAttribute"/>.</summary>
internal enum RefKind
{
    /// <summary>A region, by id or name.</summary>
    Region,
    /// <summary>A cluster, by id or name.</summary>
    Cluster,
}

/// <summary>
/// Marks a setting that names an existing region or cluster: the user may type its id or its name, in any case, as the
/// imports accept (<c>"Hong Kong"</c>, <c>SHANGHAI</c>, <c>Yangtze River Delta</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class RefersToAttribute(RefKind kind) : Attribute
{
    public RefKind Kind { get; } = kind;
}

/// <summary>
/// Turns the names typed on the command line into ids, once the store is open: an id that exists is kept as typed; else
/// the one region or cluster whose name matches ignoring case, or whose id is the name's slug. A value matching nothing
/// is left as typed, so the library's own rejection (<c>region-not-registered</c>, <c>invalid-id</c>) names it.
/// </summary>
internal static class NameRefs
{
    public static async Task ResolveAsync(object settings, HubsQueries queries, CancellationToken ct)
    {
        Dictionary<RefKind, IReadOnlyList<(string Id, string Name)>>? known = null;
        foreach (var property in settings.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<RefersToAttribute>() is not { } refers || property.GetValue(settings) is not string { Length: > 0 } given)
                continue;
            known ??= new()
            {
                [RefKind.Region] = (await queries.ListRegionsAsync(ct)).Select(r => (r.Id, r.Name)).ToList(),
                [RefKind.Cluster] = (await queries.ListClustersAsync(ct)).Select(c => (c.Id, c.Name)).ToList(),
            };
            if (IdOf(known[refers.Kind], given) is { } id) property.SetValue(settings, id);
        }
    }

    /// <summary>The id <paramref name="given"/> names among <paramref name="known"/>, or null when it names none or several.</summary>
    public static string? IdOf(IReadOnlyList<(string Id, string Name)> known, string given)
    {
        var trimmed = given.Trim();
        if (known.Any(k => k.Id == trimmed)) return trimmed;
        var slug = Keys.Slugify(trimmed);
        var matches = known.Where(k => string.Equals(k.Name, trimmed, StringComparison.OrdinalIgnoreCase) || k.Id == slug)
            .Select(k => k.Id).Distinct().ToList();
        return matches.Count == 1 ? matches[0] : null;
    }
}
