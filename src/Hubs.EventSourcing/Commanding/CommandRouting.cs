using FluentValidation;

namespace Hubs.EventSourcing.Commanding;

/// <summary>
/// What a command needs: the streams it reads and writes (one, or two for membership changes) and the decision over their
/// current states. Events returned for a stream are appended to it, all streams in one transaction. A struct holding the
/// command and its declaration's one decision, so planning a command allocates nothing but its stream keys; the default
/// value is no plan (a command whose shape was refused).
/// </summary>
internal readonly struct CommandPlan(string[] streams, IHubsCommand command, Func<IHubsCommand, object?[], object[][]> decide)
{
    public string[] Streams { get; } = streams;

    /// <summary>False for the default value: a command whose shape was refused, left unplanned.</summary>
    public bool Planned => Streams is not null;

    /// <summary>The events for each stream, given the streams' states in <see cref="Streams"/> order (null for a new stream).</summary>
    public object[][] Decide(object?[] states) => decide(command, states);

    // Decisions run in the message culture: a rejection reads the same whatever the caller's culture.
    public static Func<IHubsCommand, object?[], object[][]> One<TCommand, TState>(Func<TCommand, TState?, object[]> decide)
        where TCommand : IHubsCommand where TState : class =>
        (c, s) => MessageCulture.Run(static x => new[] { Declared(x.decide((TCommand)x.c, (TState?)x.s[0])) }, (decide, c, s));

    public static Func<IHubsCommand, object?[], object[][]> Two<TCommand, T1, T2>(Func<TCommand, T1?, T2?, (object[], object[])> decide)
        where TCommand : IHubsCommand where T1 : class where T2 : class =>
        (c, s) => MessageCulture.Run(static x =>
        {
            var (a, b) = x.decide((TCommand)x.c, (T1?)x.s[0], (T2?)x.s[1]);
            return new[] { Declared(a), Declared(b) };
        }, (decide, c, s));

    /// <summary>
    /// A decision's events, each of a type some registered module declares (so it has a stored name). Checked where every
    /// decision is made, so a test kit's spec fails on an undeclared event exactly as a send does, before anything is written.
    /// </summary>
    /// <exception cref="ArgumentException">An event type no registered module declares.</exception>
    private static object[] Declared(object[] events)
    {
        foreach (var e in events) Storage.EventNames.Of(e.GetType());
        return events;
    }
}

/// <summary>Validates a command and plans it, through the declaration of the module it belongs to (<see cref="HubsModel"/>).</summary>
internal static class CommandRouting
{
    /// <summary>Checks the command's shape; throws <see cref="CommandRejectedException"/> listing every violation.</summary>
    /// <remarks>
    /// A command its module's <see cref="ShapeCheck"/> passes, with no unsafe text, is accepted there; any other takes
    /// <see cref="ValidateFully"/>, which names every violation. Runs in <see cref="MessageCulture"/> (cheap when the caller
    /// is in it already, as a chunk of an import is: switching the culture per command cost more than the check).
    /// </remarks>
    public static void Validate(IHubsCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (MessageCulture.Run(static x => x.Passes(x.command), (Declaration(command).Passes, command)) && !Rules.HasUnsafeText(command))
            return;
        ValidateFully(command);
    }

    /// <summary>
    /// Checks the command's shape through its FluentValidation validator and the text rule, as every command was checked
    /// before <see cref="ShapeCheck"/>: throws <see cref="CommandRejectedException"/> listing every violation.
    /// </summary>
    internal static void ValidateFully(IHubsCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var validator = Declaration(command).Validator;
        var errors = validator is null ? []
            : MessageCulture.Run(() => validator.Validate(new ValidationContext<object>(command))).Errors;
        var violations = errors
            .Select(e => new RuleViolation(e.ErrorCode, e.PropertyName, e.AttemptedValue, Quoted(e.ErrorMessage, e.AttemptedValue)))
            .Concat(Rules.UnsafeTextViolations(command)).ToList();
        if (violations.Count > 0) throw new CommandRejectedException(violations);
    }

    /// <summary>
    /// A validator message that quotes the value (<c>{PropertyValue}</c>) quotes it as <see cref="RuleViolation"/> prints
    /// values: a long text cut with its length, a date as ISO 8601 (the form the user typed), not in a culture's format.
    /// </summary>
    private static string Quoted(string message, object? value) => value switch
    {
        string { Length: > RuleViolation.MaxEcho } s => message.Replace(s, RuleViolation.Cut(s), StringComparison.Ordinal),
        DateOnly d => message.Replace(d.ToString(), d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal),
        _ => message,
    };

    /// <summary>The streams the command touches and its decision, as its module declares them.</summary>
    public static CommandPlan Plan(IHubsCommand command)
    {
        var declaration = Declaration(command);
        return new CommandPlan(declaration.Streams(command), command, declaration.Decide);
    }

    private static CommandDeclaration Declaration(IHubsCommand command) =>
        HubsModel.Current.Commands.TryGetValue(command.GetType(), out var declaration)
            ? declaration
            : throw new ArgumentException(
                $"{command.GetType().Name} is not a command of any registered module: declare it with HubsModule<TState>.Command " +
                "and register the module with HubsOptions.AddModule.", nameof(command));
}
