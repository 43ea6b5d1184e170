using Hubs.EventSourcing.Publications;
using Hubs.EventSourcing.Tracking;
using JasperFx.Events;

namespace Hubs.EventSourcing.Regions;

// The region's read model. One document per stream, none growing with the whole history, folded by a plain static
// Fold(document, IEvent) that the module declares (RegionModule: Track), so the daemon, a rebuild and an auditor's in-memory
// replay run the same code. Derived figures (composites, trends, statuses, leaderboards) are computed from the documents at
// query time by the pure calculators in Tracking/.

/// <summary>
/// One publication of a year's figure: a first report, a revision or a recorded publication (a report or revision counts as
/// official; an undated publication carries the day it was recorded in <paramref name="PublishedOn"/>, for display).
/// </summary>
internal sealed record RdPublication(
    int Year, decimal IntensityPct, decimal? Expenditure, string? ExpenditureUnit, DateOnly PublishedOn, string Source, DateTimeOffset RecordedAt,
    PublicationQuality Quality = PublicationQuality.Official, bool Undated = false, string? ExpenditureFrom = null, string? Correction = null);

/// <summary>A year of a region's series: the publication in use and how many publications the year had.</summary>
internal sealed record RdYearTrack(RdPublication Current, int Publications);

/// <summary>A region's facts for tracking. Id is the stream key, e.g. <c>region:beijing</c>.</summary>
internal sealed class RegionTrack
{
    public string Id { get; set; } = "";
    public string RegionId { get; set; } = "";
    public string Name { get; set; } = "";
    public RegionKind Kind { get; set; }
    public string? ClusterId { get; set; }
    /// <summary>For a city, the region it lies in.</summary>
    public string? ParentId { get; set; }
    /// <summary>
    /// One entry per year, ascending: the document grows with the years a region reports, not with its revisions, so the
    /// daemon rewrites small documents. Earlier publications stay in the event log (as-known-at replays read them there).
    /// </summary>
    public List<RdYearTrack> Years { get; set; } = [];
    public Target? Target { get; set; }

    public static RegionTrack? Fold(RegionTrack? doc, IEvent e)
    {
        switch (e.Data)
        {
            case RegionRegistered r:
                return new RegionTrack { Id = e.StreamKey ?? Keys.Region(r.RegionId), RegionId = r.RegionId, Name = r.Name, Kind = r.Kind };
            case RdIntensityReported r when doc is not null:
                doc.Publish(new RdPublication(r.Year, r.IntensityPct, r.Expenditure, r.ExpenditureUnit, r.PublishedOn, r.Source, e.Timestamp));
                return doc;
            case RdIntensityRevised r when doc is not null:
                doc.Publish(new RdPublication(r.Year, r.IntensityPct, r.Expenditure, r.ExpenditureUnit, r.PublishedOn, r.Source, e.Timestamp));
                return doc;
            case RdFigurePublished r when doc is not null:
                var date = PublicationDate.Parse(r.PublicationDate);
                doc.Publish(new RdPublication(r.Year, r.IntensityPct, r.Expenditure, r.ExpenditureUnit,
                    date.KnownBy ?? DateOnly.FromDateTime(e.Timestamp.UtcDateTime), $"{r.Publisher}, {r.Document}", e.Timestamp, r.Quality,
                    date.KnownBy is null));
                return doc;
            case RdFigureCorrected r when doc is not null:
                doc.Correct(r);
                return doc;
            case RegionTargetSet r when doc is not null:
                doc.Target = new Target(r.Metric, null, r.Target, r.DeadlineYear);
                return doc;
            case RegionParentRecorded r when doc is not null:
                doc.ParentId = r.ParentRegionId;
                return doc;
            case RegionAssignedToCluster r when doc is not null:
                doc.ClusterId = r.ClusterId;
                return doc;
            case RegionReleasedFromCluster when doc is not null:
                doc.ClusterId = null;
                return doc;
            default:
                return doc;
        }
    }

    private void Publish(RdPublication incoming)
    {
        var p = SharingStrings(incoming);
        var i = Years.FindIndex(y => y.Current.Year >= p.Year);
        if (i >= 0 && Years[i].Current.Year == p.Year)
            Years[i] = RevisionRules.Apply(Years[i], p);
        else if (i >= 0)
            Years.Insert(i, new RdYearTrack(p, 1));
        else
            Years.Add(new RdYearTrack(p, 1));
    }

    // A correction changes the figure in use in place: the same publication, recorded wrongly. A year not (yet) known in an
    // as-known-at replay has nothing to correct.
    private void Correct(RdFigureCorrected r)
    {
        var i = Years.FindIndex(y => y.Current.Year == r.Year);
        if (i < 0) return;
        var current = Years[i].Current;
        Years[i] = Years[i] with
        {
            Current = current with
            {
                IntensityPct = r.IntensityPct, Expenditure = r.Expenditure, ExpenditureUnit = r.ExpenditureUnit, Correction = r.Reason,
                // An expenditure taken from another publication stays named only while it is the one the correction kept.
                ExpenditureFrom = r.Expenditure == current.Expenditure && r.ExpenditureUnit == current.ExpenditureUnit ? current.ExpenditureFrom : null,
            },
        };
    }

    // A region's publications nearly always repeat the unit and source of the one before: an in-memory replay of a long
    // series then holds one copy of each, not one per year (the stored JSON is the same).
    private RdPublication SharingStrings(RdPublication p)
    {
        if (Years.Count == 0) return p;
        var near = Years[^1].Current;
        var unit = string.Equals(p.ExpenditureUnit, near.ExpenditureUnit, StringComparison.Ordinal) ? near.ExpenditureUnit : p.ExpenditureUnit;
        var source = string.Equals(p.Source, near.Source, StringComparison.Ordinal) ? near.Source : p.Source;
        return ReferenceEquals(unit, p.ExpenditureUnit) && ReferenceEquals(source, p.Source) ? p : p with { ExpenditureUnit = unit, Source = source };
    }
}

/// <summary>Which publication of a year is current; pure.</summary>
internal static class RevisionRules
{
    /// <summary>
    /// Folds a new publication of a year (publications arrive in recorded order) by <see cref="PublicationRule"/>: the one
    /// published last wins; on an equal publication date the better quality, then the one recorded last; an expenditure the
    /// winner lacks is taken from the other publication of the same figure and named.
    /// </summary>
    public static RdYearTrack Apply(RdYearTrack year, RdPublication incoming)
    {
        var current = year.Current;
        var decided = PublicationRule.Fold(Rule(current), Rule(incoming));
        var winner = PublicationRule.Supersedes(Rule(incoming), Rule(current)) ? incoming : current;
        return new(winner with { Expenditure = decided.Expenditure, ExpenditureUnit = decided.ExpenditureUnit, ExpenditureFrom = decided.ExpenditureFrom },
            year.Publications + 1);
    }

    private static FigurePublication Rule(RdPublication p) =>
        new(p.IntensityPct, p.Expenditure, p.ExpenditureUnit, p.Undated ? null : p.PublishedOn, p.Quality, p.Source, p.ExpenditureFrom);

    /// <summary>The region's current series, ascending by year.</summary>
    public static IReadOnlyDictionary<int, RegionYear> Current(IReadOnlyCollection<RdYearTrack> years)
    {
        // The years come ascending: a sorted list appends each, and holds a report's whole series in two arrays.
        var current = new SortedList<int, RegionYear>(years.Count);
        foreach (var (p, count) in years)
            current[p.Year] = new RegionYear(p.Year, p.IntensityPct, p.Expenditure, p.ExpenditureUnit, p.PublishedOn, p.Source, count - 1,
                p.ExpenditureFrom, p.Correction);
        return current;
    }
}
