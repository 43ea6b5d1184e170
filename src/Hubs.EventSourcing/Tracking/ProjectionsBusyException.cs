namespace Hubs.EventSourcing.Tracking;

/// <summary>
/// A rebuild was refused because a running async daemon owns one of the tracking projections (Marten's hot/cold advisory
/// lock is held): nothing was changed. Stop the daemon, then rebuild.
/// </summary>
public sealed class ProjectionsBusyException : InvalidOperationException
{
    /// <summary>Creates the refusal for the projection a daemon owns.</summary>
    /// <param name="projection">The projection's shard name, e.g. <c>tracking-clusters:All</c>.</param>
    public ProjectionsBusyException(string projection)
        : base($"The projection {projection} is owned by a running async daemon: stop it before rebuilding (nothing was changed).") =>
        Projection = projection;

    /// <summary>The projection's shard name a daemon owns.</summary>
    public string Projection { get; }
}
