using Hubs.EventSourcing.Publications;
using System.Collections.Immutable;

namespace Hubs.EventSourcing.Regions;

/// <summary>
/// State of a region, folded from its stream. Immutable: <c>Create</c> starts it from the first event,
/// <c>Apply</c> returns a new state (these are public because Marten dispatches them by convention).
/// </summary>
public sealed record Region
{
    /// <summary>Readable id, e.g. <c>beijing</c>.</summary>
    public required string Id { get; init; }
    /// <summary>Display name.</summary>
    public required string Name { get; init; }
    /// <summary>Administrative kind.</summary>
    public RegionKind Kind { get; init; }
    /// <summary>The cluster the region currently belongs to, if any.</summary>
    public string? ClusterId { get; init; }
    /// <summary>
    /// The date of the region's last join or leave (its <see cref="ClusterId"/>'s join date while it is a member), or null
    /// if it never joined a cluster: a membership cannot change earlier than that.
    /// </summary>
    public DateOnly? MembershipChangedOn { get; init; }
    /// <summary>Current figure for each reported year.</summary>
    public ImmutableSortedDictionary<int, RdFigure> Figures { get; init; } = ImmutableSortedDictionary<int, RdFigure>.Empty;
    /// <summary>Every publication recorded for each year (<see cref="RdFigurePublished"/>), in recorded order.</summary>
    public ImmutableSortedDictionary<int, ImmutableList<RdFigurePublished>> Publications { get; init; } =
        ImmutableSortedDictionary<int, ImmutableList<RdFigurePublished>>.Empty;
    /// <summary>The region's R&amp;D-intensity target, if set.</summary>
    public Target? Target { get; init; }
    /// <summary>For a city, the region it lies in (e.g. <c>guangdong</c>), once recorded.</summary>
    public string? ParentId { get; init; }
    /// <summary>The cities recorded as lying in this region.</summary>
    public ImmutableSortedSet<string> Children { get; init; } = ImmutableSortedSet<string>.Empty;

    /// <summary>Starts the state from <see cref="RegionRegistered"/>.</summary>
    public static Region Create(RegionRegistered e) => new() { Id = e.RegionId, Name = e.Name, Kind = e.Kind };

    /// <summary>Records a first report of a year.</summary>
    public Region Apply(RdIntensityReported e) =>
        this with { Figures = Figures.SetItem(e.Year, new RdFigure(e.IntensityPct, e.Expenditure, e.ExpenditureUnit, e.PublishedOn, 0)) };

    /// <summary>Replaces a year's figure with its revision.</summary>
    public Region Apply(RdIntensityRevised e) =>
        this with
        {
            Figures = Figures.SetItem(e.Year, new RdFigure(e.IntensityPct, e.Expenditure, e.ExpenditureUnit, e.PublishedOn,
                Figures.TryGetValue(e.Year, out var f) ? f.Revisions + 1 : 1)),
        };

    /// <summary>Records a publication; the year's figure becomes the one <see cref="PublicationRule"/> decides.</summary>
    public Region Apply(RdFigurePublished e)
    {
        var date = PublicationDate.Parse(e.PublicationDate);
        var incoming = new FigurePublication(e.IntensityPct, e.Expenditure, e.ExpenditureUnit, date.KnownBy, e.Quality, e.Publisher);
        var publications = Publications.SetItem(e.Year, Publications.GetValueOrDefault(e.Year, []).Add(e));
        if (!Figures.TryGetValue(e.Year, out var f))
            return this with { Publications = publications, Figures = Figures.SetItem(e.Year, Figure(PublicationRule.Fold(null, incoming), 0)) };
        var current = new FigurePublication(f.IntensityPct, f.Expenditure, f.ExpenditureUnit, f.Undated ? null : f.PublishedOn, f.Quality, "");
        return this with { Publications = publications, Figures = Figures.SetItem(e.Year, Figure(PublicationRule.Fold(current, incoming), f.Revisions + 1)) };

        static RdFigure Figure(FigurePublication p, int revisions) =>
            new(p.Value, p.Expenditure, p.ExpenditureUnit, p.KnownBy ?? DateOnly.MinValue, revisions, p.Quality, p.KnownBy is null);
    }

    /// <summary>Corrects the year's figure in use; its publication, quality and revision count stay.</summary>
    public Region Apply(RdFigureCorrected e) =>
        Figures.TryGetValue(e.Year, out var f)
            ? this with { Figures = Figures.SetItem(e.Year, f with { IntensityPct = e.IntensityPct, Expenditure = e.Expenditure,
                ExpenditureUnit = e.ExpenditureUnit, Correction = e.Reason, CorrectedFrom = f.CorrectedFrom ?? e.PreviousIntensityPct }) }
            : this;

    /// <summary>Sets the target.</summary>
    public Region Apply(RegionTargetSet e) => this with { Target = new Target(e.Metric, null, e.Target, e.DeadlineYear) };

    /// <summary>Records the region a city lies in.</summary>
    public Region Apply(RegionParentRecorded e) => this with { ParentId = e.ParentRegionId };

    /// <summary>Records a city lying in this region.</summary>
    public Region Apply(RegionChildRecorded e) => this with { Children = Children.Add(e.ChildRegionId) };

    /// <summary>Records membership of a cluster.</summary>
    public Region Apply(RegionAssignedToCluster e) => this with { ClusterId = e.ClusterId, MembershipChangedOn = e.AssignedOn };

    /// <summary>Ends membership of a cluster.</summary>
    public Region Apply(RegionReleasedFromCluster e) => this with { ClusterId = null, MembershipChangedOn = e.ReleasedOn };
}
