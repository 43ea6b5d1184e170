using Hubs.EventSourcing.Commanding;

namespace Hubs.EventSourcing;

/// <summary>What a command expects of its stream before it decides (<see cref="HubsModule{TState}.InState"/>).</summary>
public enum ExpectedState
{
    /// <summary>Either: the decision itself looks at the state (the default).</summary>
    Any,
    /// <summary>The stream must not exist yet (a command that starts it); else <c>stream-already-exists</c>.</summary>
    New,
    /// <summary>The stream must exist (a command on something already recorded); else <c>stream-not-found</c>.</summary>
    Existing,
}

public sealed partial class HubsModule<TState>
{
    /// <summary>
    /// Guards the command declared just before: its decision runs only when this aggregate's stream is as expected, so the
    /// decision need not check for a missing or an existing state itself. A command that finds it otherwise is rejected
    /// (<c>stream-already-exists</c>, <c>stream-not-found</c>; field <c>stream</c>, value the stream key), nothing written.
    /// <c>.Command&lt;Open&gt;(…).InState(ExpectedState.New)</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">No command was declared before it.</exception>
    public HubsModule<TState> InState(ExpectedState expected)
    {
        EnsureOpen();
        if (Commands.Count == 0) throw new InvalidOperationException("InState guards the command declared before it: declare a command first.");
        var i = Commands.Count - 1;
        var declared = Commands[i];
        if (expected != ExpectedState.Any) Commands[i] = declared with { Decide = Guarded(declared, expected) };
        return this;
    }

    private static Func<IHubsCommand, object?[], object[][]> Guarded(CommandDeclaration declared, ExpectedState expected) => (command, states) =>
    {
        if ((expected == ExpectedState.New) == (states[0] is null)) return declared.Decide(command, states);
        var stream = declared.Streams(command)[0];
        throw expected == ExpectedState.New
            ? new CommandRejectedException("stream-already-exists", "stream", stream, $"'{stream}' already exists; this command starts a new one.")
            : new CommandRejectedException("stream-not-found", "stream", stream, $"'{stream}' does not exist; this command needs it recorded first.");
    };
}
