using FluentValidation;
using JasperFx.Events;
using Hubs.EventSourcing.Commanding;
using Hubs.EventSourcing.Storage;
using Marten;

namespace Hubs.EventSourcing;

/// <summary>
/// One aggregate as the library sees it: its stream prefix, its state and the one fold of its events (<c>Evolve</c>), each event
/// with the name it is stored under, and each command with its shape rules, the streams it touches and its decision. The
/// library's own aggregates are modules (<c>Clusters/ClusterModule.cs</c>, …); an application adds its own with
/// <see cref="HubsOptions.AddModule"/>, and its commands then go through the same pipeline: validated, decided, sealed in the
/// hash chain with who/why/source, idempotent, verified, exported, and visible in history and time travel (docs/extending.md).
/// Build one with <see cref="HubsModule{TState}"/>.
/// </summary>
public abstract class HubsModule
{
    private protected HubsModule(string prefix, Type stateType, int stateVersion)
    {
        if (!Keys.IsValidId(prefix))
            throw new ArgumentException($"'{prefix}' is not a stream prefix: use a lower-case slug such as 'patents'.", nameof(prefix));
        ArgumentOutOfRangeException.ThrowIfLessThan(stateVersion, 1);
        (Prefix, StateType, StateVersion) = (prefix, stateType, stateVersion);
    }

    /// <summary>What every stream key of this aggregate starts with, before the colon (<c>region</c> in <c>region:beijing</c>).</summary>
    public string Prefix { get; }

    /// <summary>The aggregate's state, folded from its stream.</summary>
    public Type StateType { get; }

    /// <summary>
    /// The shape of <see cref="StateType"/> as checkpoints store it. Raise it when a change to the state record would make a
    /// stored checkpoint read differently from a fold (a field renamed or re-meant, not one added with a default): checkpoints
    /// of another version are then ignored and the stream refolded from its events (docs/versioning.md).
    /// </summary>
    public int StateVersion { get; }

    /// <summary>The stream key of the aggregate with this id: <c>{prefix}:{id}</c>.</summary>
    public string Key(string id) => Prefix + ":" + id;

    internal abstract Func<object?, object, object?> Evolve { get; }

    /// <summary>Whether folding an event of this type is declared (a per-event step, or a whole fold that sees every event).</summary>
    internal abstract bool Folds(Type eventType);

    internal object? Fold(IEnumerable<object> events) => events.Aggregate((object?)null, Evolve);

    internal List<EventDeclaration> Events { get; } = [];
    internal List<CommandDeclaration> Commands { get; } = [];
    internal List<EventUpcaster> Upcasters { get; } = [];

    /// <summary>The tracking read model folded from this aggregate's streams, if it has one (the library's own aggregates only).</summary>
    internal TrackingDeclaration? Tracking { get; private protected set; }

    /// <summary>Set when the module is registered: from then on its declarations are part of the stored model and cannot change.</summary>
    internal bool Frozen { get; set; }

    private protected void EnsureOpen()
    {
        if (Frozen)
            throw new InvalidOperationException($"Module '{Prefix}' is registered already; declare its events and commands before AddModule.");
    }
}

/// <summary>
/// Declares an aggregate module: <c>new HubsModule&lt;Patents&gt;("patents").Starts&lt;PatentsGranted&gt;("patents_granted",
/// e =&gt; …, Patents.Create).Event&lt;PatentsCorrected&gt;("patents_corrected", e =&gt; …, (s, e) =&gt; s.Apply(e))
/// .Command&lt;GrantPatents&gt;(c =&gt; …, Decide, new GrantPatentsValidator())</c>: each event once, with its stored name, its
/// stream and its fold step. Declare everything, then register the module once (<see cref="HubsOptions.AddModule"/>); a
/// registered module is frozen.
/// </summary>
/// <typeparam name="TState">The aggregate's state: an immutable record, null before the stream's first event.</typeparam>
public sealed partial class HubsModule<TState> : HubsModule where TState : class
{
    private readonly Func<TState?, object, TState?>? _wholeFold;
    private readonly Dictionary<Type, Func<TState?, object, TState?>> _steps = [];
    private string? _startedBy;

    /// <summary>
    /// A module whose fold is declared event by event, on the declaration that names the event (<see cref="Starts{TEvent}(string, Func{TEvent, string}, Func{TEvent, TState})"/>,
    /// <see cref="Event{TEvent}(string, Func{TEvent, string}, Func{TState, TEvent, TState})"/>): each event is written once, with its stored name,
    /// its stream and its fold step, and an event declared without a fold step is refused.
    /// </summary>
    /// <param name="prefix">The stream prefix (a lower-case slug, unique among modules).</param>
    /// <param name="stateVersion">See <see cref="HubsModule.StateVersion"/>.</param>
    public HubsModule(string prefix, int stateVersion = 1)
        : base(prefix, typeof(TState), stateVersion)
    {
        Evolve = (s, e) => _steps.TryGetValue(e.GetType(), out var step) ? step((TState?)s, e) : s;
    }

    /// <summary>A module with one whole fold over all its events (the form before per-event fold steps; still accepted).</summary>
    /// <param name="prefix">The stream prefix (a lower-case slug, unique among modules).</param>
    /// <param name="evolve">The one fold of the aggregate: state (null for a new stream) and event → next state. Unknown events leave it.</param>
    /// <param name="stateVersion">See <see cref="HubsModule.StateVersion"/>.</param>
    public HubsModule(string prefix, Func<TState?, object, TState?> evolve, int stateVersion = 1)
        : base(prefix, typeof(TState), stateVersion)
    {
        ArgumentNullException.ThrowIfNull(evolve);
        _wholeFold = evolve;
        Evolve = (s, e) => evolve((TState?)s, e);
    }

    internal override Func<object?, object, object?> Evolve { get; }

    internal override bool Folds(Type eventType) => _wholeFold is not null || _steps.ContainsKey(eventType);

    /// <summary>Declares the event that starts a stream and its fold step: the new state from the event alone.</summary>
    /// <param name="storedName">As for <see cref="Event{TEvent}(string, Func{TEvent, string})"/>.</param>
    /// <param name="streamKey">The stream the event belongs to.</param>
    /// <param name="create">The state the event starts (e.g. <c>Cluster.Create</c>).</param>
    public HubsModule<TState> Starts<TEvent>(string storedName, Func<TEvent, string> streamKey, Func<TEvent, TState> create) where TEvent : class
    {
        ArgumentNullException.ThrowIfNull(create);
        _startedBy ??= storedName;
        return Step(storedName, streamKey, (_, e) => create((TEvent)e));
    }

    /// <summary>Declares an event that may start a stream or continue one, and its fold step (state null for a new stream).</summary>
    /// <param name="storedName">As for <see cref="Event{TEvent}(string, Func{TEvent, string})"/>.</param>
    /// <param name="streamKey">The stream the event belongs to.</param>
    /// <param name="evolve">State (null for a new stream) and event → next state.</param>
    public HubsModule<TState> Starts<TEvent>(string storedName, Func<TEvent, string> streamKey, Func<TState?, TEvent, TState> evolve) where TEvent : class
    {
        ArgumentNullException.ThrowIfNull(evolve);
        _startedBy ??= storedName;
        return Step(storedName, streamKey, (s, e) => evolve(s, (TEvent)e));
    }

    /// <summary>
    /// Declares an event of a started stream and its fold step (Eventuous's <c>On&lt;TEvent&gt;</c>, placed on the declaration that
    /// names the event). Folding it on a stream no <c>Starts</c> event began is a broken stream and throws.
    /// </summary>
    /// <param name="storedName">As for <see cref="Event{TEvent}(string, Func{TEvent, string})"/>.</param>
    /// <param name="streamKey">The stream the event belongs to.</param>
    /// <param name="apply">State and event → next state (e.g. <c>(s, e) =&gt; s.Apply(e)</c>).</param>
    public HubsModule<TState> Event<TEvent>(string storedName, Func<TEvent, string> streamKey, Func<TState, TEvent, TState> apply) where TEvent : class
    {
        ArgumentNullException.ThrowIfNull(apply);
        return Step(storedName, streamKey, (s, e) => apply(s ?? throw new InvalidOperationException(
            $"A {Prefix} stream must start with {_startedBy ?? "its first event"}; {storedName} came first."), (TEvent)e));
    }

    private HubsModule<TState> Step<TEvent>(string storedName, Func<TEvent, string> streamKey, Func<TState?, object, TState?> step) where TEvent : class
    {
        if (_wholeFold is not null)
            throw new InvalidOperationException($"Module '{Prefix}' folds with one whole Evolve; declare {typeof(TEvent).Name} with Event(storedName, streamKey).");
        Declare(storedName, streamKey);
        if (!_steps.TryAdd(typeof(TEvent), step))
            throw new ArgumentException($"{typeof(TEvent).Name} is declared twice in module '{Prefix}'.", nameof(storedName));
        return this;
    }

    /// <summary>
    /// Declares an event of this aggregate and the name it is stored under (<c>mt_events.type</c>). The stored name is part of
    /// the history: never change or reuse it; rename the CLR type freely. Version N of an event is stored as <c>name_vN</c>.
    /// </summary>
    /// <remarks>This form declares no fold step: it is for a module built with one whole <c>Evolve</c>. A module built without one
    /// takes its events with their fold steps (<c>Starts</c>, or <c>Event</c> with a fold).</remarks>
    /// <param name="storedName">Snake case, unique among every module's events, e.g. <c>patents_granted</c>.</param>
    /// <param name="streamKey">The stream the event belongs to, from its own ids (e.g. <c>e =&gt; module.Key(e.RegionId)</c>).</param>
    public HubsModule<TState> Event<TEvent>(string storedName, Func<TEvent, string> streamKey) where TEvent : class
    {
        if (_wholeFold is null)
            throw new InvalidOperationException(
                $"Module '{Prefix}' declares its fold event by event: declare {typeof(TEvent).Name} with its fold step (Starts or Event with a fold).");
        Declare(storedName, streamKey);
        return this;
    }

    private void Declare<TEvent>(string storedName, Func<TEvent, string> streamKey) where TEvent : class
    {
        EnsureOpen();
        ArgumentException.ThrowIfNullOrWhiteSpace(storedName);
        ArgumentNullException.ThrowIfNull(streamKey);
        Events.Add(new EventDeclaration(typeof(TEvent), storedName, e => streamKey((TEvent)e)));
    }

    /// <summary>
    /// Marks a declared event as a published figure: an as-known-at report (<c>HubsTracking</c>, <c>knownAt</c>) leaves it out
    /// when it was published after the report's date, whenever it was recorded. Events not marked are always kept. With
    /// <see cref="HubsOptions.RefuseFuturePublications"/> on, a command whose decision dates a marked event after today is
    /// refused (<c>published-in-future</c>), nothing written.
    /// </summary>
    /// <param name="publishedOn">The figure's publication date; null counts as the (UTC) day the event was recorded.</param>
    public HubsModule<TState> PublishedOn<TEvent>(Func<TEvent, DateOnly?> publishedOn) where TEvent : class
    {
        EnsureOpen();
        ArgumentNullException.ThrowIfNull(publishedOn);
        var i = Events.FindIndex(e => e.Type == typeof(TEvent));
        if (i < 0) throw new InvalidOperationException($"Declare {typeof(TEvent).Name} in module '{Prefix}' before marking it published.");
        Events[i] = Events[i] with { PublishedOn = e => publishedOn((TEvent)e) };
        return this;
    }

    /// <summary>Declares an older stored form of an event, read as today's event everywhere (docs/versioning.md).</summary>
    /// <param name="storedName">The name the older version is stored under.</param>
    /// <param name="upcast">Stored payload → today's event.</param>
    public HubsModule<TState> Upcast<TStored, TEvent>(string storedName, Func<TStored, TEvent> upcast) where TStored : class where TEvent : class
    {
        EnsureOpen();
        Upcasters.Add(EventUpcaster.Of(storedName, upcast));
        return this;
    }

    /// <summary>Declares a command that decides on one stream of this aggregate.</summary>
    /// <param name="stream">The stream the command reads and writes.</param>
    /// <param name="decide">The decision over the current state (null for a new stream): the events to append, none for no change.
    /// A broken rule throws <see cref="CommandRejectedException"/>.</param>
    /// <param name="validator">Shape rules checked before any state is read; text fields are always checked for unsafe characters.</param>
    public HubsModule<TState> Command<TCommand>(Func<TCommand, string> stream, Func<TCommand, TState?, object[]> decide,
        IValidator<TCommand>? validator = null) where TCommand : class, IHubsCommand
    {
        EnsureOpen();
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(decide);
        Commands.Add(new CommandDeclaration(typeof(TCommand), validator, c => [stream((TCommand)c)], CommandPlan.One(decide))
            { Passes = ShapeCheck.Of(validator) });
        return this;
    }

    /// <summary>
    /// Declares a command that decides on two streams at once, this aggregate's and another's (e.g. a membership): both states
    /// are read, and the events for both are appended in one transaction or not at all.
    /// </summary>
    /// <param name="stream">This aggregate's stream.</param>
    /// <param name="other">The other aggregate's stream.</param>
    /// <param name="decide">The decision over both states: the events for each stream.</param>
    /// <param name="validator">Shape rules, as for one stream.</param>
    public HubsModule<TState> Command<TCommand, TOther>(Func<TCommand, string> stream, Func<TCommand, string> other,
        Func<TCommand, TState?, TOther?, (object[] Mine, object[] Other)> decide, IValidator<TCommand>? validator = null)
        where TCommand : class, IHubsCommand where TOther : class
    {
        EnsureOpen();
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(other);
        ArgumentNullException.ThrowIfNull(decide);
        Commands.Add(new CommandDeclaration(typeof(TCommand), validator, c => [stream((TCommand)c), other((TCommand)c)],
            CommandPlan.Two(decide)) { Passes = ShapeCheck.Of(validator) });
        return this;
    }

    /// <summary>
    /// Declares the aggregate's read model: a document per stream, folded by <paramref name="fold"/> from this module's declared
    /// events. From this one line the library derives its Marten projection (async, limited to the module's event types), its
    /// place in rebuilds (daemon and one-pass), in as-of and as-known-at replays and in <c>HubsTracking</c>'s loads, and — when
    /// <paramref name="scorecard"/> is given — the figures it adds to each cluster's scorecard (<see cref="Tracking.ClusterScorecard.Figures"/>).
    /// The fold runs only on events the library sealed; a fold that returns null leaves the document as it was.
    /// </summary>
    /// <typeparam name="TDocument">The document: a class with a public string <c>Id</c> (the stream key) and settable properties.</typeparam>
    /// <param name="projectionName">The projection's name, stored in Marten's progression table: never change it (e.g. <c>tracking-patents</c>).</param>
    /// <param name="fold">Document (null before the stream's first event) and event → next document.</param>
    /// <param name="scorecard">The figures a document adds to cluster scorecards, each naming its cluster; none for a read model that adds none.</param>
    public HubsModule<TState> Track<TDocument>(string projectionName, Func<TDocument?, IEvent, TDocument?> fold,
        Func<TDocument, IEnumerable<Tracking.ScorecardFigure>>? scorecard = null) where TDocument : class
    {
        EnsureOpen();
        ArgumentException.ThrowIfNullOrWhiteSpace(projectionName);
        ArgumentNullException.ThrowIfNull(fold);
        Tracking = new TrackingDeclaration(typeof(TDocument), projectionName, (d, e) => fold((TDocument?)d, e),
            () => Events.Select(e => e.Type).ToList(),
            o => o.Projections.Add(new Tracking.ModuleTrackProjection<TDocument>(projectionName, Events.Select(e => e.Type), fold),
                JasperFx.Events.Projections.ProjectionLifecycle.Async),
            async (session, ct) => (await session.Query<TDocument>().ToListAsync(ct).ConfigureAwait(false)).Cast<object>().ToList(),
            scorecard is null ? null : d => scorecard((TDocument)d));
        return this;
    }
}

/// <summary>An event of a module: its CLR type, stored name and the stream it belongs to.</summary>
internal sealed record EventDeclaration(Type Type, string StoredName, Func<object, string> StreamKey)
{
    /// <summary>For a published figure: its publication date (null: the day it was recorded), which as-known-at reports cut on.</summary>
    public Func<object, DateOnly?>? PublishedOn { get; init; }
}

/// <summary>
/// A command of a module: its shape rules, the streams it touches and its decision (command and the streams' states → the
/// events for each), one delegate per declared command rather than one per command sent.
/// </summary>
internal sealed record CommandDeclaration(Type Type, IValidator? Validator, Func<IHubsCommand, string[]> Streams,
    Func<IHubsCommand, object?[], object[][]> Decide)
{
    /// <summary>Whether a command certainly passes <see cref="Validator"/> (<see cref="ShapeCheck"/>); false: check it fully.</summary>
    public Func<IHubsCommand, bool> Passes { get; init; } = _ => false;
}

/// <summary>
/// A module's tracking read model: the document type, its fold (shared by the projection, the one-pass rebuild and the in-memory
/// replay), the event types it reads, its projection's registration, how its stored documents load, and its scorecard figures.
/// </summary>
internal sealed record TrackingDeclaration(Type DocumentType, string ProjectionName, Func<object?, IEvent, object?> Fold,
    Func<IReadOnlyCollection<Type>> Included, Action<StoreOptions> Register,
    Func<IQuerySession, CancellationToken, Task<List<object>>> LoadAsync, Func<object, IEnumerable<Tracking.ScorecardFigure>>? Scorecard);
