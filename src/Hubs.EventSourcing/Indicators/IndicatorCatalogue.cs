namespace Hubs.EventSourcing.Indicators;

/// <summary>
/// The indicators tracking knows: the built-in ones (<see cref="BuiltIn"/>) plus any a user adds with <see cref="With"/>.
/// Immutable; every definition checked when added. Keys follow the official data pack's (docs/tracking.md#indicators).
/// </summary>
public sealed class IndicatorCatalogue
{
    /// <summary>R&amp;D intensity: R&amp;D expenditure as a percentage of GDP (today's composite rule).</summary>
    public const string RdIntensity = "rd_intensity";

    /// <summary>R&amp;D expenditure (R&amp;D 经费内部支出 合计).</summary>
    public const string RdExpenditure = "rd_expenditure_total";

    /// <summary>Gross domestic (or regional) product: the denominator of R&amp;D intensity.</summary>
    public const string Gdp = "gdp";

    /// <summary>Basic-research expenditure (基础研究).</summary>
    public const string BasicResearch = "basic_research_expenditure";

    /// <summary>Basic research as a share of R&amp;D expenditure.</summary>
    public const string BasicResearchShare = "basic_research_share_of_rd";

    /// <summary>Technology-contract turnover (技术合同成交额).</summary>
    public const string TechContracts = "tech_contract_value";

    /// <summary>R&amp;D personnel, full-time equivalent (人年).</summary>
    public const string RdPersonnel = "rd_personnel_fte_total";

    /// <summary>R&amp;D expenditure funded by enterprises.</summary>
    public const string EnterpriseFunded = "rd_funds_from_enterprises";

    /// <summary>Enterprise-funded R&amp;D as a share of R&amp;D expenditure.</summary>
    public const string EnterpriseShare = "enterprise_funds_share_of_rd";

    /// <summary>Valid invention patents (件).</summary>
    public const string InventionPatents = "valid_invention_patents";

    /// <summary>National high-tech enterprises (stock).</summary>
    public const string HighTechEnterprises = "high_tech_enterprises";

    /// <summary>Rank among WIPO Global Innovation Index S&amp;T clusters.</summary>
    public const string GiiClusterRank = "gii_cluster_rank";

    private readonly Dictionary<string, IndicatorDefinition> _byKey;

    private IndicatorCatalogue(IEnumerable<IndicatorDefinition> definitions)
    {
        _byKey = new Dictionary<string, IndicatorDefinition>(StringComparer.Ordinal);
        All = definitions.ToList();
        foreach (var d in All) _byKey[d.Key] = d;
    }

    /// <summary>The built-in indicators.</summary>
    public static IndicatorCatalogue BuiltIn { get; } = new IndicatorCatalogue([]).WithAll(
    [
        IndicatorDefinition.Amount(Gdp, "GDP", UnitFamily.Money, 1),
        IndicatorDefinition.Amount(RdExpenditure, "R&D expenditure", UnitFamily.Money, 1),
        IndicatorDefinition.Ratio(RdIntensity, "R&D intensity (% of GDP)", RdExpenditure, Gdp),
        IndicatorDefinition.Amount(BasicResearch, "Basic-research expenditure", UnitFamily.Money, 1),
        IndicatorDefinition.Ratio(BasicResearchShare, "Basic-research share of R&D (%)", BasicResearch, RdExpenditure),
        IndicatorDefinition.Amount(TechContracts, "Technology-contract turnover", UnitFamily.Money, 1),
        IndicatorDefinition.Amount(RdPersonnel, "R&D personnel (FTE person-years)", UnitFamily.Persons),
        IndicatorDefinition.Amount(EnterpriseFunded, "Enterprise-funded R&D", UnitFamily.Money, 1),
        IndicatorDefinition.Ratio(EnterpriseShare, "Enterprise-funded share of R&D (%)", EnterpriseFunded, RdExpenditure),
        IndicatorDefinition.Amount(InventionPatents, "Valid invention patents", UnitFamily.Count),
        IndicatorDefinition.Amount(HighTechEnterprises, "High-tech enterprises", UnitFamily.Count),
        IndicatorDefinition.Rank(GiiClusterRank, "WIPO GII S&T cluster rank"),
    ]);

    /// <summary>Every indicator, in the order added.</summary>
    public IReadOnlyList<IndicatorDefinition> All { get; }

    /// <summary>The indicator with <paramref name="key"/>, or null.</summary>
    public IndicatorDefinition? Find(string key) => _byKey.GetValueOrDefault(key);

    /// <summary>The indicator with <paramref name="key"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such indicator; the message lists the known keys.</exception>
    public IndicatorDefinition Get(string key) => Find(key)
        ?? throw new KeyNotFoundException($"indicator '{key}': not in the catalogue (known: {string.Join(", ", _byKey.Keys)})");

    /// <summary>A catalogue with <paramref name="definition"/> added.</summary>
    /// <exception cref="ArgumentException">
    /// The definition breaks a rule (<see cref="IndicatorDefinition.Problems"/>), its key is taken, or a ratio names a
    /// numerator or denominator that is not an amount of this catalogue, or two of different unit families; the message
    /// names the field, the value and the rule.
    /// </exception>
    public IndicatorCatalogue With(IndicatorDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var problems = definition.Problems().ToList();
        if (_byKey.ContainsKey(definition.Key)) problems.Add($"key '{definition.Key}': already in the catalogue");
        if (definition.Kind == IndicatorKind.Ratio && definition.Numerator is { } n && definition.Denominator is { } d)
        {
            var num = Find(n);
            var den = Find(d);
            if (num?.Kind != IndicatorKind.Amount)
                problems.Add($"numerator of '{definition.Key}': '{n}' is not an amount indicator of the catalogue");
            if (den?.Kind != IndicatorKind.Amount)
                problems.Add($"denominator of '{definition.Key}': '{d}' is not an amount indicator of the catalogue");
            if (num is not null && den is not null && num.Unit != den.Unit)
                problems.Add($"'{definition.Key}': numerator '{n}' is {num.Unit} but denominator '{d}' is {den.Unit}; a ratio divides amounts of one family");
        }
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems), nameof(definition));
        return new IndicatorCatalogue(All.Append(definition));
    }

    private IndicatorCatalogue WithAll(IEnumerable<IndicatorDefinition> definitions) =>
        definitions.Aggregate(this, (catalogue, d) => catalogue.With(d));
}
