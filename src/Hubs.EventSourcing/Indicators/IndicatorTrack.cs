using JasperFx.Events;

namespace Hubs.EventSourcing.Indicators;

/// <summary>
/// The indicator module's read model: one document per scope stream holding the scope's <see cref="ScopeIndicators"/>, folded
/// by the module's own declared steps. The async projection, both rebuilds and the as-of/as-known-at replays all run this
/// fold (<see cref="HubsModule{TState}.Track{TDocument}"/>); scorecards and target statuses are computed from the documents.
/// </summary>
internal sealed class IndicatorTrack
{
    public string Id { get; set; } = "";
    public ScopeIndicators? State { get; set; }

    /// <summary>The module's fold, applied to the document's state: no second copy of the rules.</summary>
    public static IndicatorTrack? Fold(IndicatorTrack? doc, IEvent e) =>
        IndicatorModule.Module.Evolve(doc?.State, e.Data) is ScopeIndicators state && !ReferenceEquals(state, doc?.State)
            ? new IndicatorTrack { Id = e.StreamKey ?? doc?.Id ?? "", State = state }
            : null;
}
