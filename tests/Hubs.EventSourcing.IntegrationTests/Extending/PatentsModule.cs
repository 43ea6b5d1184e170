using System.Collections.Immutable;
using FluentValidation;
using Hubs.EventSourcing.Regions;

namespace Hubs.EventSourcing.IntegrationTests.Extending;

// A module an application adds to the model (docs/extending.md), written against the public API only: patents granted per
// region and year, with a rule of its own (a year's count, once recorded, is corrected only with a stated reason) and one
// borrowed from the library's model (only a registered region has a patent count).

/// <summary>A year's invention patents granted in a region was recorded. Stored as <c>patents_granted</c>.</summary>
public sealed record PatentsGranted(string RegionId, int Year, int Count, string Source);

/// <summary>A recorded year's count was corrected. Stored as <c>patents_grant_corrected</c>.</summary>
public sealed record PatentsGrantCorrected(string RegionId, int Year, int Count, string Source, string Why);

/// <summary>Record the patents granted in a region in a year.</summary>
public sealed record RecordPatentsGranted(string RegionId, int Year, int Count, string Source) : IHubsCommand;

/// <summary>Correct a recorded year's count, saying why.</summary>
public sealed record CorrectPatentsGranted(string RegionId, int Year, int Count, string Source, string Why) : IHubsCommand;

/// <summary>A region's patent counts, folded from <c>patent-grants:{regionId}</c>.</summary>
public sealed record RegionPatents(string RegionId, ImmutableSortedDictionary<int, int> ByYear)
{
    public int Total => ByYear.Values.Sum();
}

public sealed class RecordPatentsGrantedValidator : AbstractValidator<RecordPatentsGranted>
{
    public RecordPatentsGrantedValidator()
    {
        RuleFor(c => c.RegionId).Must(Keys.IsValidId).WithErrorCode("invalid-id");
        RuleFor(c => c.Year).InclusiveBetween(1985, 2100).WithErrorCode("year-out-of-range");
        RuleFor(c => c.Count).GreaterThanOrEqualTo(0).WithErrorCode("negative-count");
        RuleFor(c => c.Source).NotEmpty().WithErrorCode("required");
    }
}

public static class Patents
{
    // begin-snippet: extending-module
    // The patents stream of a region: "patent-grants:" + the region id (HubsModule.Key adds the module's prefix).
    public static string Key(string regionId) => Module.Key(regionId);

    public static readonly HubsModule<RegionPatents> Module = new HubsModule<RegionPatents>("patent-grants", Evolve)
        .Event<PatentsGranted>("patents_granted", e => Key(e.RegionId))
        .Event<PatentsGrantCorrected>("patents_grant_corrected", e => Key(e.RegionId))
        // Two streams: the region's (read only, from the library's own module) and the patents stream (written).
        .Command<RecordPatentsGranted, Region>(c => Key(c.RegionId), c => Keys.Region(c.RegionId), Decide, new RecordPatentsGrantedValidator())
        .Command<CorrectPatentsGranted>(c => Key(c.RegionId), Decide);
    // end-snippet

    /// <summary>The module's one fold.</summary>
    public static RegionPatents? Evolve(RegionPatents? state, object e) => e switch
    {
        PatentsGranted g => (state ?? new RegionPatents(g.RegionId, ImmutableSortedDictionary<int, int>.Empty)) with
        {
            ByYear = (state?.ByYear ?? ImmutableSortedDictionary<int, int>.Empty).SetItem(g.Year, g.Count),
        },
        PatentsGrantCorrected c when state is not null => state with { ByYear = state.ByYear.SetItem(c.Year, c.Count) },
        _ => state,
    };

    // begin-snippet: extending-decide
    public static (object[], object[]) Decide(RecordPatentsGranted c, RegionPatents? state, Region? region)
    {
        if (region is null)
            throw new CommandRejectedException("region-not-registered", nameof(c.RegionId), c.RegionId,
                $"'{c.RegionId}' is not a registered region: register it before recording its patents.");
        if (state is not null && state.ByYear.TryGetValue(c.Year, out var recorded))
        {
            if (recorded == c.Count) return ([], []);
            throw new CommandRejectedException("patents-already-recorded", nameof(c.Count), c.Count,
                $"{c.Year} is recorded for {c.RegionId} as {recorded}; correct it with a reason instead of recording it again.");
        }
        return ([new PatentsGranted(c.RegionId, c.Year, c.Count, c.Source.Trim())], []);
    }
    // end-snippet

    public static object[] Decide(CorrectPatentsGranted c, RegionPatents? state)
    {
        if (state is null || !state.ByYear.TryGetValue(c.Year, out var recorded))
            throw new CommandRejectedException("patents-not-recorded", nameof(c.Year), c.Year, $"{c.Year} has no count to correct for {c.RegionId}.");
        if (string.IsNullOrWhiteSpace(c.Why))
            throw new CommandRejectedException("correction-needs-reason", nameof(c.Why), c.Why, "A correction says why the count changed.");
        return recorded == c.Count ? [] : [new PatentsGrantCorrected(c.RegionId, c.Year, c.Count, c.Source.Trim(), c.Why.Trim())];
    }
}
