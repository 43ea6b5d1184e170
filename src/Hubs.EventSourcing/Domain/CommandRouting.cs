using FluentValidation;
using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Enterprises;
using Hubs.EventSourcing.ExchangeRates;
using Hubs.EventSourcing.Regions;

namespace Hubs.EventSourcing;

/// <summary>The kinds of aggregate, each with its stream prefix and fold.</summary>
internal sealed record AggregateKind(string Prefix, Type StateType, Func<object?, object, object?> Evolve, int StateVersion = 1)
{
    // StateVersion: the shape of StateType as checkpoints store it. Raise it when a change to the state record would make a
    // stored checkpoint read differently from a fold (a field renamed or re-meant, not one added with a default): checkpoints
    // of another version are then ignored and the stream refolded from its events (docs/versioning.md).

    public static readonly AggregateKind Cluster = new("cluster", typeof(Cluster), (s, e) => ClusterDecider.Evolve((Cluster?)s, e));
    public static readonly AggregateKind Region = new("region", typeof(Region), (s, e) => RegionDecider.Evolve((Region?)s, e));
    public static readonly AggregateKind Enterprise = new("enterprise", typeof(Enterprise), (s, e) => EnterpriseDecider.Evolve((Enterprise?)s, e));

    public static readonly AggregateKind ExchangeRate =
        new("rate", typeof(ExchangeRateSeries), (s, e) => ExchangeRateDecider.Evolve((ExchangeRateSeries?)s, e));

    public static readonly IReadOnlyList<AggregateKind> All = [Cluster, Region, Enterprise, ExchangeRate];

    public static AggregateKind Of(string streamKey) =>
        TryOf(streamKey)
        ?? throw new ArgumentException($"'{streamKey}' is not a Hubs stream key (expected {string.Join(", ", All.Select(k => k.Prefix + ":…"))}).", nameof(streamKey));

    /// <summary>The kind owning a stream, or null for a stream the library does not own (another application's, in a shared store).</summary>
    public static AggregateKind? TryOf(string streamKey) =>
        All.FirstOrDefault(k => streamKey.Length > k.Prefix.Length && streamKey[k.Prefix.Length] == ':'
                                && streamKey.StartsWith(k.Prefix, StringComparison.Ordinal));

    public object? Fold(IEnumerable<object> events) => events.Aggregate((object?)null, Evolve);
}

/// <summary>
/// What a command needs: the streams it reads and writes (one, or two for membership changes) and the decision
/// over their current states. Events returned for a stream are appended to it, all streams in one transaction.
/// </summary>
internal sealed record CommandPlan(string[] Streams, Func<object?[], object[][]> Decide)
{
    // Decisions run in the message culture: a rejection reads the same whatever the caller's culture.
    public static CommandPlan One<TState>(string stream, Func<TState?, object[]> decide) where TState : class =>
        new([stream], s => MessageCulture.Run<object[][]>(() => [decide((TState?)s[0])]));

    public static CommandPlan Two<T1, T2>(string first, string second, Func<T1?, T2?, (object[], object[])> decide)
        where T1 : class where T2 : class =>
        new([first, second], s => MessageCulture.Run<object[][]>(() =>
        {
            var (a, b) = decide((T1?)s[0], (T2?)s[1]);
            return [a, b];
        }));
}

/// <summary>Maps each command to its validator and its plan; the closed set of commands lives here.</summary>
internal static class CommandRouting
{
    private static readonly Dictionary<Type, IValidator> Validators = new IValidator[]
    {
        new EstablishClusterValidator(), new ExpandClusterScopeValidator(), new JoinClusterValidator(), new LeaveClusterValidator(),
        new SetClusterTargetValidator(), new RecordGlobalRankValidator(), new ExcludeMemberFromCompositeValidator(),
        new ReinstateMemberInCompositeValidator(),
        new RegisterRegionValidator(), new ReportRdIntensityValidator(), new ReviseRdIntensityValidator(), new SetRegionTargetValidator(),
        new RegisterEnterpriseValidator(), new PlanBranchValidator(), new OpenBranchValidator(), new CloseBranchValidator(),
        new TransferTechnologyValidator(), new RecordExchangeRateValidator(),
    }.Select(NameFieldsAsInJson).ToDictionary(v => v.GetType().BaseType!.GetGenericArguments()[0]);

    /// <summary>Messages name fields as users know them from JSON (<c>regionId</c>), not as C# or FluentValidation spell them (<c>Region Id</c>).</summary>
    private static IValidator NameFieldsAsInJson(IValidator validator)
    {
        foreach (var rule in (IEnumerable<IValidationRule>)validator)
            if (rule.PropertyName is { } name) rule.SetDisplayName(MessageCulture.FieldName(name));
        return validator;
    }

    /// <summary>Checks the command's shape; throws <see cref="CommandRejectedException"/> listing every violation.</summary>
    public static void Validate(IHubsCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!Validators.TryGetValue(command.GetType(), out var validator))
            throw new ArgumentException($"{command.GetType().Name} is not a Hubs command.", nameof(command));
        var result = MessageCulture.Run(() => validator.Validate(new ValidationContext<object>(command)));
        var violations = result.Errors
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

    public static CommandPlan Plan(IHubsCommand command) => command switch
    {
        EstablishCluster c => CommandPlan.One<Cluster>(Keys.Cluster(c.ClusterId), s => ClusterDecider.Decide(c, s)),
        ExpandClusterScope c => CommandPlan.One<Cluster>(Keys.Cluster(c.ClusterId), s => ClusterDecider.Decide(c, s)),
        JoinCluster c => CommandPlan.Two<Cluster, Region>(Keys.Cluster(c.ClusterId), Keys.Region(c.RegionId), (a, b) => ClusterDecider.Decide(c, a, b)),
        LeaveCluster c => CommandPlan.Two<Cluster, Region>(Keys.Cluster(c.ClusterId), Keys.Region(c.RegionId), (a, b) => ClusterDecider.Decide(c, a, b)),
        SetClusterTarget c => CommandPlan.One<Cluster>(Keys.Cluster(c.ClusterId), s => ClusterDecider.Decide(c, s)),
        RecordGlobalRank c => CommandPlan.One<Cluster>(Keys.Cluster(c.ClusterId), s => ClusterDecider.Decide(c, s)),
        ExcludeMemberFromComposite c => CommandPlan.One<Cluster>(Keys.Cluster(c.ClusterId), s => ClusterDecider.Decide(c, s)),
        ReinstateMemberInComposite c => CommandPlan.One<Cluster>(Keys.Cluster(c.ClusterId), s => ClusterDecider.Decide(c, s)),
        RecordExchangeRate c => CommandPlan.One<ExchangeRateSeries>(Keys.ExchangeRate(c.Currency), s => ExchangeRateDecider.Decide(c, s)),
        RegisterRegion c => CommandPlan.One<Region>(Keys.Region(c.RegionId), s => RegionDecider.Decide(c, s)),
        ReportRdIntensity c => CommandPlan.One<Region>(Keys.Region(c.RegionId), s => RegionDecider.Decide(c, s)),
        ReviseRdIntensity c => CommandPlan.One<Region>(Keys.Region(c.RegionId), s => RegionDecider.Decide(c, s)),
        SetRegionTarget c => CommandPlan.One<Region>(Keys.Region(c.RegionId), s => RegionDecider.Decide(c, s)),
        RegisterEnterprise c => CommandPlan.One<Enterprise>(Keys.Enterprise(c.EnterpriseId), s => EnterpriseDecider.Decide(c, s)),
        PlanBranch c => CommandPlan.One<Enterprise>(Keys.Enterprise(c.EnterpriseId), s => EnterpriseDecider.Decide(c, s)),
        OpenBranch c => CommandPlan.One<Enterprise>(Keys.Enterprise(c.EnterpriseId), s => EnterpriseDecider.Decide(c, s)),
        CloseBranch c => CommandPlan.One<Enterprise>(Keys.Enterprise(c.EnterpriseId), s => EnterpriseDecider.Decide(c, s)),
        TransferTechnology c => CommandPlan.One<Enterprise>(Keys.Enterprise(c.EnterpriseId), s => EnterpriseDecider.Decide(c, s)),
        _ => throw new ArgumentException($"{command.GetType().Name} is not a Hubs command.", nameof(command)),
    };
}
