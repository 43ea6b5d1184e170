namespace Hubs.EventSourcing;

/// <summary>
/// Marker for the commands sent through <see cref="HubsCommands.SendAsync"/>. A command is accepted only when a registered
/// module declares it (<see cref="HubsModule{TState}.Command{TCommand}"/>): the library's own in its aggregate folders
/// (<c>Clusters</c>, <c>Regions</c>, <c>Enterprises</c>, <c>ExchangeRates</c>), an application's through
/// <see cref="HubsOptions.AddModule"/>. Any other implementation is refused before anything is read or written
/// (docs/decisions.md, "Aggregate modules", says why the marker stays an interface).
/// </summary>
public interface IHubsCommand;
