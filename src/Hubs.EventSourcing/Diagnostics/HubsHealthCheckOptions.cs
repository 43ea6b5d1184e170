namespace Hubs.EventSourcing;

/// <summary>Settings of the event store's health check (<c>AddHealthChecks().AddHubsEventSourcing()</c>).</summary>
public sealed class HubsHealthCheckOptions
{
    /// <summary>
    /// The most events a tracking projection may be behind the end of the event log before the check reports degraded;
    /// null to leave projections out (e.g. a service that runs no async daemon). Default 1,000.
    /// </summary>
    public long? MaxProjectionLag { get; set; } = 1_000;
}
