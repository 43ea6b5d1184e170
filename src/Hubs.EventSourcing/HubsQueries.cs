using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Enterprises;
using Hubs.EventSourcing.Rankings;
using Hubs.EventSourcing.Regions;
using Marten;

namespace Hubs.EventSourcing;

/// <summary>
/// Reads aggregate state by folding its stream: now, at a stream version, or as it stood at a recorded-at instant.
/// </summary>
public sealed class HubsQueries
{
    private readonly IDocumentStore _store;
    private readonly Storage.StateLoader _loader;

    internal HubsQueries(IDocumentStore store) : this(store, new Storage.StateLoader(store, new Auditing.StoredEventReader(store)))
    {
    }

    internal HubsQueries(IDocumentStore store, Storage.StateLoader loader) => (_store, _loader) = (store, loader);

    /// <summary>A cluster's state, or null when it was never established (or not yet at that point).</summary>
    public Task<Cluster?> GetClusterAsync(string clusterId, StatePoint? at = null, CancellationToken cancellationToken = default) =>
        LoadAsync<Cluster>(Keys.Cluster(clusterId), at, cancellationToken);

    /// <summary>A region's state, or null when it was never registered (or not yet at that point).</summary>
    public Task<Region?> GetRegionAsync(string regionId, StatePoint? at = null, CancellationToken cancellationToken = default) =>
        LoadAsync<Region>(Keys.Region(regionId), at, cancellationToken);

    /// <summary>An enterprise's state, or null when it was never registered (or not yet at that point).</summary>
    public Task<Enterprise?> GetEnterpriseAsync(string enterpriseId, StatePoint? at = null, CancellationToken cancellationToken = default) =>
        LoadAsync<Enterprise>(Keys.Enterprise(enterpriseId), at, cancellationToken);

    /// <summary>Every registered region's current state, ordered by id (e.g. to resolve names typed by people).</summary>
    public Task<IReadOnlyList<Region>> ListRegionsAsync(CancellationToken cancellationToken = default) =>
        ListAsync<Region>(RegionModule.Module, cancellationToken);

    /// <summary>Every established cluster's current state, ordered by id.</summary>
    public Task<IReadOnlyList<Cluster>> ListClustersAsync(CancellationToken cancellationToken = default) =>
        ListAsync<Cluster>(ClusterModule.Module, cancellationToken);

    /// <summary>
    /// Every ranking edition (<c>ranking:gii-2024</c>, <c>ranking:gii-2025</c> …), each with every cluster it printed, ordered by
    /// ranking then edition; at a point, the editions as they stood then (one not yet recorded is left out).
    /// </summary>
    public async Task<IReadOnlyList<RankingEdition>> ListRankingEditionsAsync(StatePoint? at = null, CancellationToken cancellationToken = default)
    {
        var keys = await _loader.KeysOfAsync(RankingModule.Module, cancellationToken).ConfigureAwait(false);
        if (keys.Count == 0) return [];
        var loaded = await _loader.LoadManyAsync(keys, at, useCheckpoints: true, cancellationToken).ConfigureAwait(false);
        return loaded.Select(l => l.State).OfType<RankingEdition>()
            .OrderBy(e => e.Ranking, StringComparer.OrdinalIgnoreCase).ThenBy(e => e.Edition).ToList();
    }

    /// <summary>
    /// The state of any module's stream by its key — the library's aggregates or an application's own module
    /// (<see cref="HubsOptions.AddModule"/>) — now, at a version or as of an instant; null when the stream had no event then.
    /// </summary>
    /// <exception cref="ArgumentException">No registered module owns the key, or its state is not <typeparamref name="TState"/>.</exception>
    public Task<TState?> GetStateAsync<TState>(string streamKey, StatePoint? at = null, CancellationToken cancellationToken = default)
        where TState : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(streamKey);
        var module = HubsModel.Of(streamKey);
        if (module.StateType != typeof(TState))
            throw new ArgumentException($"Stream '{streamKey}' holds {module.StateType.Name}, not {typeof(TState).Name}.", nameof(streamKey));
        return LoadAsync<TState>(streamKey, at, cancellationToken);
    }

    /// <summary>The current version of a stream (0 when it does not exist).</summary>
    public async Task<long> GetVersionAsync(string streamKey, CancellationToken cancellationToken = default)
    {
        await using var session = _store.QuerySession();
        var state = await session.Events.FetchStreamStateAsync(streamKey, cancellationToken).ConfigureAwait(false);
        return state?.Version ?? 0;
    }

    /// <summary>Every stream of one kind, folded from its nearest checkpoint, in one batch of statements.</summary>
    private async Task<IReadOnlyList<T>> ListAsync<T>(HubsModule kind, CancellationToken ct) where T : class
    {
        var keys = await _loader.KeysOfAsync(kind, ct).ConfigureAwait(false);
        if (keys.Count == 0) return [];
        var loaded = await _loader.LoadManyAsync(keys, null, useCheckpoints: true, ct).ConfigureAwait(false);
        return loaded.Select(l => l.State).OfType<T>().ToList();
    }

    /// <summary>From the nearest checkpoint at or before the point (see <see cref="HubsOptions.CheckpointInterval"/>).</summary>
    internal async Task<T?> LoadAsync<T>(string streamKey, StatePoint? at, CancellationToken ct) where T : class =>
        (T?)(await _loader.LoadAsync(streamKey, at, useCheckpoints: true, ct).ConfigureAwait(false)).State;
}

/// <summary>A point in a stream's history: a version, or a recorded-at instant (inclusive).</summary>
public sealed record StatePoint
{
    private StatePoint(long? version, DateTimeOffset? instant) => (Version, Instant) = (version, instant);

    /// <summary>The stream version to stop at, inclusive.</summary>
    public long? Version { get; }

    /// <summary>The recorded-at instant to stop at, inclusive.</summary>
    public DateTimeOffset? Instant { get; }

    /// <summary>State after the event with this version.</summary>
    public static StatePoint AtVersion(long version) =>
        version >= 1 ? new(version, null) : throw new ArgumentOutOfRangeException(nameof(version), version, "A version starts at 1.");

    /// <summary>State including every event recorded at or before this instant.</summary>
    /// <remarks>Floored to whole microseconds, the precision recorded-at is stored with, so an event recorded a fraction of a
    /// microsecond after <paramref name="instant"/> is never included.</remarks>
    public static StatePoint AtInstant(DateTimeOffset instant) => new(null, Integrity.HashChain.ToMicroseconds(instant));
}
