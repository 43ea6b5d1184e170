using Hubs.EventSourcing.Publications;

namespace Hubs.EventSourcing.Regions;

/// <summary>The region's state rules: pure functions from (command, state) to events.</summary>
internal static class RegionDecider
{
    public static object[] Decide(RegisterRegion c, Region? state)
    {
        // Registering a region exactly as it stands changes nothing, as re-sending a figure or a target does: two imports of
        // one file that both plan to register its regions must not fail the one that plans second.
        if (state is not null && state.Name == c.Name.Trim() && state.Kind == c.Kind)
            return [];
        if (state is not null)
            throw new CommandRejectedException("region-already-registered", nameof(c.RegionId), c.RegionId,
                $"Region '{c.RegionId}' is already registered as '{state.Name}' ({Kebab(state.Kind)}), not as '{c.Name.Trim()}' ({Kebab(c.Kind)}).");
        return [new RegionRegistered(c.RegionId, c.Name.Trim(), c.Kind)];
    }

    public static object[] Decide(ReportRdIntensity c, Region? state)
    {
        var region = Registered(state, c.RegionId);
        if (region.Figures.TryGetValue(c.Year, out var existing))
        {
            // Re-importing the same publication is harmless: the same figure, published the same day, changes nothing.
            if (Same(existing, c.IntensityPct, c.Expenditure, c.ExpenditureUnit, c.PublishedOn) || Corrected(existing, c.IntensityPct, c.PublishedOn)) return [];
            throw new CommandRejectedException("year-already-reported", nameof(c.Year), c.Year,
                $"{region.Name} already reported {c.Year} ({existing.IntensityPct}% published {existing.PublishedOn:yyyy-MM-dd}); send a revision instead.");
        }
        return [new RdIntensityReported(c.RegionId, c.Year, c.IntensityPct, c.Expenditure, c.ExpenditureUnit, c.PublishedOn, c.Source)];
    }

    public static object[] Decide(ReviseRdIntensity c, Region? state)
    {
        var region = Registered(state, c.RegionId);
        if (!region.Figures.TryGetValue(c.Year, out var existing))
            throw new CommandRejectedException("year-not-reported", nameof(c.Year), c.Year,
                $"{region.Name} has no figure for {c.Year} to revise; report it first.");
        if (Same(existing, c.IntensityPct, c.Expenditure, c.ExpenditureUnit, c.PublishedOn) || Corrected(existing, c.IntensityPct, c.PublishedOn)) return [];
        if (c.PublishedOn <= existing.PublishedOn)
            throw new CommandRejectedException("revision-not-later", nameof(c.PublishedOn), c.PublishedOn,
                $"A revision must be published after the figure it revises ({existing.PublishedOn:yyyy-MM-dd}).");
        return [new RdIntensityRevised(c.RegionId, c.Year, c.IntensityPct, c.Expenditure, c.ExpenditureUnit, c.PublishedOn, c.Source,
            c.Reason, existing.IntensityPct)];
    }

    public static object[] Decide(RecordRdPublication c, Region? state)
    {
        var region = Registered(state, c.RegionId);
        // The date is compared as the type writes it, so "2024 (yearbook edition year)" and "2024" are one date.
        var date = PublicationDate.Parse(c.PublicationDate).ToString();
        if (region.Publications.TryGetValue(c.Year, out var known) && known.Any(p => p.PublicationDate == date
                && p.IntensityPct == c.IntensityPct && MoneyUnit.SameAmount(p.Expenditure, p.ExpenditureUnit, c.Expenditure, c.ExpenditureUnit)))
            return [];
        return [new RdFigurePublished(c.RegionId, c.Year, c.IntensityPct, c.Expenditure, c.ExpenditureUnit, date,
            c.Publisher.Trim(), c.Document.Trim(), c.Quality)];
    }

    public static object[] Decide(CorrectRdFigure c, Region? state)
    {
        var region = Registered(state, c.RegionId);
        if (!region.Figures.TryGetValue(c.Year, out var existing))
            throw new CommandRejectedException("year-not-reported", nameof(c.Year), c.Year,
                $"{region.Name} has no figure for {c.Year} to correct; record its publication first.");
        // No expenditure given: the recorded one stays (a correction of the intensity alone); the event holds the whole figure.
        var (expenditure, unit) = c.Expenditure is null ? (existing.Expenditure, existing.ExpenditureUnit) : (c.Expenditure, c.ExpenditureUnit);
        // Correcting to the figure already in use changes nothing, as re-sending it would not: a re-run is harmless.
        if (existing.IntensityPct == c.IntensityPct && MoneyUnit.SameAmount(existing.Expenditure, existing.ExpenditureUnit, expenditure, unit))
            return [];
        var corrects = existing.Undated ? PublicationDate.Unknown().ToString() : PublicationDate.OnDay(existing.PublishedOn).ToString();
        return [new RdFigureCorrected(c.RegionId, c.Year, c.IntensityPct, expenditure, unit, c.Reason.Trim(), corrects, existing.IntensityPct)];
    }

    public static object[] Decide(SetRegionTarget c, Region? state)
    {
        var region = Registered(state, c.RegionId);
        if (region.Kind == RegionKind.Country)
            throw new CommandRejectedException("comparator-has-no-target", nameof(c.RegionId), c.RegionId,
                $"'{c.RegionId}' is a national comparator series; targets are set on regions and clusters.");
        if (region.Target is { } t && t.Value == c.Target && t.DeadlineYear == c.DeadlineYear)
            return [];
        return [new RegionTargetSet(c.RegionId, TargetMetric.RdIntensity, c.Target, c.DeadlineYear)];
    }

    public static (object[] City, object[] Parent) Decide(RecordRegionParent c, Region? cityState, Region? parentState)
    {
        var city = Registered(cityState, c.RegionId);
        var parent = Registered(parentState, c.ParentRegionId, nameof(c.ParentRegionId));
        if (city.Kind != RegionKind.City)
            throw new CommandRejectedException("parent-needs-a-city", nameof(c.RegionId), c.RegionId,
                $"{city.Name} is registered as {Kebab(city.Kind)}; only a region of kind city lies in a parent region.");
        if (parent.Kind is RegionKind.City or RegionKind.Country)
            throw new CommandRejectedException("parent-kind-not-allowed", nameof(c.ParentRegionId), c.ParentRegionId,
                $"{parent.Name} is {Kebab(parent.Kind)}; a city's parent is a province, municipality, autonomous region or SAR.");
        if (city.ParentId == c.ParentRegionId) return ([], []);
        if (city.ParentId is { } recorded)
            throw new CommandRejectedException("parent-already-recorded", nameof(c.ParentRegionId), c.ParentRegionId,
                $"{city.Name} is already recorded in '{recorded}'; a city's parent is recorded once.");
        if (city.ClusterId is { } cluster && cluster == parent.ClusterId)
            throw new CommandRejectedException("parent-and-child-in-cluster", nameof(c.ParentRegionId), c.ParentRegionId,
                $"{city.Name} and {parent.Name} are both members of cluster '{cluster}'; a cluster counts a place or its parent, " +
                "never both: one of them must leave it first.");
        return ([new RegionParentRecorded(c.RegionId, c.ParentRegionId)], [new RegionChildRecorded(c.ParentRegionId, c.RegionId)]);
    }

    private static bool Same(RdFigure f, decimal intensity, decimal? expenditure, string? unit, DateOnly publishedOn) =>
        f.IntensityPct == intensity && MoneyUnit.SameAmount(f.Expenditure, f.ExpenditureUnit, expenditure, unit) && f.PublishedOn == publishedOn;

    // The figure as first recorded for a publication that was corrected since (a re-import of the mistyped file): no news.
    private static bool Corrected(RdFigure f, decimal intensity, DateOnly publishedOn) =>
        f.CorrectedFrom == intensity && f.PublishedOn == publishedOn;

    internal static Region Registered(Region? state, string regionId, string field = "RegionId") =>
        state ?? throw new CommandRejectedException("region-not-registered", field, regionId,
            $"Region '{regionId}' is not registered.");

    private static string Kebab(RegionKind kind) => KebabNames.Of(kind);
}
