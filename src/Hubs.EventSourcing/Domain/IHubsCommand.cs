namespace Hubs.EventSourcing;

/// <summary>
/// Marker for the commands the library accepts through <see cref="HubsCommands.SendAsync"/>. The set is closed:
/// every command is a record in one of the aggregate folders (<c>Clusters</c>, <c>Regions</c>, <c>Enterprises</c>).
/// </summary>
public interface IHubsCommand;
