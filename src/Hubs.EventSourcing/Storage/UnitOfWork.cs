using Hubs.EventSourcing.Commanding;

namespace Hubs.EventSourcing.Storage;

/// <summary>
/// What a send decided, ready for either appender (<see cref="MartenAppender"/>, <see cref="BulkWriter"/>): the events for
/// each stream with their command ids and checkpoints, or no writes and <see cref="Applied"/> (the re-send's result) when the
/// command turned out to be applied already. Built only by <see cref="CommandDecisions"/>.
/// </summary>
internal sealed record UnitOfWork(List<StreamWrite> Writes, CommandResult? Applied = null)
{
    public static UnitOfWork AppliedBefore(CommandResult applied) => new([], applied);
}

/// <summary>One stream's part of a <see cref="UnitOfWork"/>: its head when read, the events decided for it, and the state after them.</summary>
internal sealed class StreamWrite(StreamHead head)
{
    public StreamHead Head { get; } = head;
    public List<object> Events { get; } = [];
    public List<Guid> CommandIds { get; } = [];
    public List<int> CommandIndexes { get; } = [];
    /// <summary>States to store as checkpoints, at versions that are multiples of the interval.</summary>
    public List<(long Version, object State)> Checkpoints { get; } = [];
    public object? State { get; set; } = head.State;
}
