namespace Hubs.EventSourcing.Regions;

// Version 1 of the region events that carry an enum, as release 0.1.0 stored them: the enum by its C# name
// ("SpecialAdministrativeRegion") where version 2 stores the documented kebab-case ("special-administrative-region").
// Read-only: nothing writes these any more; RegionModule.cs maps the stored names to the upcasts.

/// <summary>Version 1 of <see cref="RegionRegistered"/>, stored as <c>region_registered</c>.</summary>
internal sealed record RegionRegisteredV1(string RegionId, string Name, string Kind)
{
    public RegionRegistered Upcast() => new(RegionId, Name, StoredEnum.FromV1<RegionKind>(Kind, "region_registered"));
}

/// <summary>Version 1 of <see cref="RegionTargetSet"/>, stored as <c>region_target_set</c>.</summary>
internal sealed record RegionTargetSetV1(string RegionId, string Metric, decimal Target, int DeadlineYear)
{
    public RegionTargetSet Upcast() => new(RegionId, StoredEnum.FromV1<TargetMetric>(Metric, "region_target_set"), Target, DeadlineYear);
}
