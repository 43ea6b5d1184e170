using System.Text.Json;
using Hubs.EventSourcing.Commanding;

namespace Hubs.EventSourcing.Testing;

/// <summary>
/// Given/when/then for the library's rules, without a database: <c>HubsSpec.Given(events…).When(command).Then(events…)</c>
/// or <c>.ThenRejected("code")</c>, for the library's aggregates and the application's own modules (<see cref="Use"/>). Events are routed to their streams by their ids, folded, and the command is validated
/// and decided exactly as <see cref="HubsCommands"/> would. Failures throw <see cref="HubsSpecException"/>, so it works
/// with any test framework.
/// </summary>
public sealed class HubsSpec
{
    private readonly Dictionary<string, List<object>> _given;
    private readonly IHubsCommand? _command;
    private readonly HubsModel.Snapshot? _model;

    private HubsSpec(Dictionary<string, List<object>> given, IHubsCommand? command, HubsModel.Snapshot? model) =>
        (_given, _command, _model) = (given, command, model);

    /// <summary>
    /// Specs over the library's modules and <paramref name="modules"/> only, without registering them for the whole process:
    /// two test classes can use different module sets side by side. <c>HubsSpec.With(Patents.Module).Given(…).When(…).Then(…)</c>.
    /// </summary>
    /// <exception cref="ArgumentException">Two modules clash (prefix, stored name, event or command type).</exception>
    public static HubsSpecModules With(params HubsModule[] modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        return new HubsSpecModules(HubsModel.With(modules));
    }

    /// <summary>
    /// Makes the application's own modules known to specs, as <see cref="HubsOptions.AddModule"/> does for a store: their events
    /// are routed to their streams and their commands validated and decided like the library's. Idempotent; call it before
    /// <see cref="Given"/> (e.g. in the test class's constructor).
    /// </summary>
    /// <exception cref="ArgumentException">A module clashes with a registered one.</exception>
    public static void Use(params HubsModule[] modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        foreach (var module in modules) HubsModel.Register(module);
    }

    /// <summary>Starts a spec from past events (in order); each goes to the stream its module's declaration names.</summary>
    public static HubsSpec Given(params object[] events) => GivenIn(null, events);

    internal static HubsSpec GivenIn(HubsModel.Snapshot? model, object[] events)
    {
        var given = new Dictionary<string, List<object>>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            var key = model is null ? HubsModel.StreamOf(e) : HubsModel.Within(model, () => HubsModel.StreamOf(e));
            if (!given.TryGetValue(key, out var list)) given[key] = list = [];
            list.Add(e);
        }
        return new HubsSpec(given, null, model);
    }

    /// <summary>The command under test.</summary>
    public HubsSpec When(IHubsCommand command) => new(_given, command ?? throw new ArgumentNullException(nameof(command)), _model);

    /// <summary>Asserts the command is accepted and produces exactly these events (all streams, in stream order).</summary>
    public void Then(params object[] expected)
    {
        IReadOnlyList<object> actual;
        try
        {
            actual = Run();
        }
        catch (CommandRejectedException ex)
        {
            throw new HubsSpecException(
                $"Expected events:\n{Describe(expected)}\nbut the command was rejected: {string.Join("; ", ex.Violations)}", ex);
        }
        if (!actual.SequenceEqual(expected))
            throw new HubsSpecException($"Expected events:\n{Describe(expected)}\nbut got:\n{Describe(actual)}");
    }

    /// <summary>
    /// Asserts the command is accepted and returns its events (all streams, in stream order), for assertions on some fields
    /// only — <see cref="Then"/> compares whole payloads.
    /// </summary>
    /// <exception cref="HubsSpecException">The command was rejected.</exception>
    public IReadOnlyList<object> ThenEvents()
    {
        try
        {
            return Run();
        }
        catch (CommandRejectedException ex)
        {
            throw new HubsSpecException($"Expected events but the command was rejected: {string.Join("; ", ex.Violations)}", ex);
        }
    }

    /// <summary>
    /// Asserts the command is accepted with exactly one <typeparamref name="TEvent"/> among its events and returns it, typed,
    /// for assertions on the fields that matter (<c>.ThenEvent&lt;RdIntensityRevised&gt;().Reason.ShouldBe("census")</c>).
    /// </summary>
    /// <exception cref="HubsSpecException">The command was rejected, or decided no or several <typeparamref name="TEvent"/>.</exception>
    public TEvent ThenEvent<TEvent>() where TEvent : class
    {
        var events = ThenEvents();
        var typed = events.OfType<TEvent>().ToList();
        return typed.Count == 1 ? typed[0] : throw new HubsSpecException(
            $"Expected one {typeof(TEvent).Name} but the command decided {(typed.Count == 0 ? "none" : typed.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))}:\n{Describe(events)}");
    }

    /// <summary>Asserts the command is accepted and changes nothing (an unexpected rejection fails it too).</summary>
    public void ThenNothing() => Then();

    /// <summary>Asserts the command is rejected with this code; returns the rejection for further checks.</summary>
    public CommandRejectedException ThenRejected(string code)
    {
        try
        {
            var events = Run();
            throw new HubsSpecException($"Expected rejection '{code}' but the command was accepted with:\n{Describe(events)}");
        }
        catch (CommandRejectedException ex)
        {
            if (ex.Violations.All(v => v.Code != code))
                throw new HubsSpecException($"Expected rejection '{code}' but got: {ex.Message}");
            return ex;
        }
    }

    private IReadOnlyList<object> Run() => Decide().SelectMany(d => d.Events).ToList();

    private List<(string Stream, object? Before, IReadOnlyList<object> Events)> Decide() =>
        _model is null ? DecideInModel() : HubsModel.Within(_model, DecideInModel);

    private List<(string Stream, object? Before, IReadOnlyList<object> Events)> DecideInModel()
    {
        if (_command is null) throw new InvalidOperationException("Call When(command) before Then.");
        CommandRouting.Validate(_command);
        var plan = CommandRouting.Plan(_command);
        var states = plan.Streams
            .Select(s => HubsModel.Of(s).Fold(_given.TryGetValue(s, out var list) ? list : []))
            .ToArray();
        try
        {
            var decided = plan.Decide(states).ToList();
            return plan.Streams.Select((s, i) => (s, states[i], (IReadOnlyList<object>)(i < decided.Count ? decided[i].ToList() : []))).ToList();
        }
        catch (ArgumentException ex)
        {
            // What a send would throw for this decision (e.g. an event type its module never declared): the spec fails too.
            throw new HubsSpecException($"The decision of {_command.GetType().Name} cannot be sent: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Asserts the command is accepted and returns the state of its stream afterwards: the given events and the decided ones
    /// folded by the module, as a load after the send would give it. For a command deciding on several streams (joining a
    /// cluster changes the cluster and the region) name the stream (<c>cluster:greater-bay-area</c>), or let
    /// <typeparamref name="TState"/> choose when only one of them holds that state type.
    /// </summary>
    /// <exception cref="HubsSpecException">The command was rejected, the stream is not one it decides on, or its state is not a <typeparamref name="TState"/>.</exception>
    public TState ThenState<TState>(string? streamKey = null) where TState : class
    {
        List<(string Stream, object? Before, IReadOnlyList<object> Events)> decided;
        try
        {
            decided = Decide();
        }
        catch (CommandRejectedException ex)
        {
            throw new HubsSpecException($"Expected a state but the command was rejected: {string.Join("; ", ex.Violations)}", ex);
        }
        var candidates = streamKey is null
            ? decided.Where(d => InModel(() => HubsModel.Of(d.Stream).StateType) == typeof(TState)).ToList()
            : decided.Where(d => d.Stream == streamKey).ToList();
        if (candidates.Count != 1)
            throw new HubsSpecException(streamKey is null
                ? $"{_command!.GetType().Name} decides on {string.Join(", ", decided.Select(d => d.Stream))}: {(candidates.Count == 0 ? "none holds" : "several hold")} a {typeof(TState).Name}; name the stream."
                : $"{_command!.GetType().Name} does not decide on '{streamKey}' (it decides on {string.Join(", ", decided.Select(d => d.Stream))}).");
        var (stream, _, events) = candidates[0];
        var state = InModel(() => HubsModel.Of(stream).Fold((_given.TryGetValue(stream, out var list) ? list : []).Concat(events)));
        return state as TState ?? throw new HubsSpecException(
            $"The state of '{stream}' is {(state is null ? "absent" : $"a {state.GetType().Name}")}, not a {typeof(TState).Name}.");
    }

    private T InModel<T>(Func<T> read) => _model is null ? read() : HubsModel.Within(_model, read);

    private static string Describe(IEnumerable<object> events) =>
        string.Join("\n", events.Select(e => $"  {e.GetType().Name} {JsonSerializer.Serialize(e, e.GetType(), Readable)}").DefaultIfEmpty("  (none)"));

    // Enums by name, as the docs spell them (region kind "province", not 1), so a failure message reads as the domain does.
    private static readonly JsonSerializerOptions Readable = new()
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };
}

/// <summary>Specs over a module set of their own (<see cref="HubsSpec.With"/>).</summary>
public sealed class HubsSpecModules
{
    private readonly HubsModel.Snapshot _model;

    internal HubsSpecModules(HubsModel.Snapshot model) => _model = model;

    /// <summary>Starts a spec from past events, routed by this module set; see <see cref="HubsSpec.Given(object[])"/>.</summary>
    public HubsSpec Given(params object[] events) => HubsSpec.GivenIn(_model, events);
}

/// <summary>A given/when/then expectation was not met.</summary>
public sealed class HubsSpecException : Exception
{
    internal HubsSpecException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
