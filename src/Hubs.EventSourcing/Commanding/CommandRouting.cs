using FluentValidation;

namespace Hubs.EventSourcing.Commanding;

/// <summary>
/// What a command needs: the streams it reads and writes (one, or two for membership changes) and the decision
/// over their current states. Events returned for a stream are appended to it, all streams in one transaction.
/// </summary>
internal sealed record CommandPlan(string[] Streams, Func<object?[], object[][]> Decide)
{
    // Decisions run in the message culture: a rejection reads the same whatever the caller's culture.
    public static CommandPlan One<TState>(string stream, Func<TState?, object[]> decide) where TState : class =>
        new([stream], s => MessageCulture.Run<object[][]>(() => [Declared(decide((TState?)s[0]))]));

    public static CommandPlan Two<T1, T2>(string first, string second, Func<T1?, T2?, (object[], object[])> decide)
        where T1 : class where T2 : class =>
        new([first, second], s => MessageCulture.Run<object[][]>(() =>
        {
            var (a, b) = decide((T1?)s[0], (T2?)s[1]);
            return [Declared(a), Declared(b)];
        }));

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
    public static void Validate(IHubsCommand command)
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
    public static CommandPlan Plan(IHubsCommand command) => Declaration(command).Plan(command);

    private static CommandDeclaration Declaration(IHubsCommand command) =>
        HubsModel.Current.Commands.TryGetValue(command.GetType(), out var declaration)
            ? declaration
            : throw new ArgumentException(
                $"{command.GetType().Name} is not a command of any registered module: declare it with HubsModule<TState>.Command " +
                "and register the module with HubsOptions.AddModule.", nameof(command));
}
