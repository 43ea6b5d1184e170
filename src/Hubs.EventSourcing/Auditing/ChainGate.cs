using Hubs.EventSourcing.Integrity;
using Hubs.EventSourcing.Storage;

namespace Hubs.EventSourcing.Auditing;

/// <summary>
/// Decides, for the events of one stream read in version order, which a fold may use: the library's own types carrying a
/// hash (<see cref="EventSeal.IsSealed"/>) whose hash matches the one recomputed over their stored fields chained to the
/// previous event's stored hash — exactly what <see cref="HubsAudit.VerifyAsync"/> accepts, so every event a fold skips is
/// one verify reports (<see cref="BreakKind.UnsealedEvent"/> or <see cref="BreakKind.HashMismatch"/>). As in verify, the chain
/// goes on from the stored hash of a skipped event, so one bad event never hides the good ones after it, and an event after
/// a gap in the versions is not checked (verify reports the gap).
/// </summary>
/// <param name="version">The version already read (0 for none; a checkpoint's version when a fold starts from one).</param>
/// <param name="hash">That event's stored hash ("" for none).</param>
internal sealed class ChainGate(long version = 0, string hash = "")
{
    private long _version = version;
    private string _hash = hash;

    /// <summary>Null when the event may be folded; otherwise why not, as verify would report it.</summary>
    public ChainBreak? Check(AuditedEvent e)
    {
        ChainBreak? refused = null;
        if (!EventNames.IsOwned(e.EventType) || !EventSeal.IsSealed(e.Hash))
            refused = new ChainBreak(e.StreamKey, e.Version, BreakKind.UnsealedEvent, EventNames.IsOwned(e.EventType)
                ? $"'{e.EventType}' at version {e.Version} carries no hash: appended without the library, so it was not used"
                : $"'{e.EventType}' at version {e.Version} is not an event type of the library: appended without it, so it was not used");
        else if (e.Version == _version + 1 && !string.Equals(e.ComputeHash(_hash), e.Hash, StringComparison.Ordinal))
            refused = new ChainBreak(e.StreamKey, e.Version, BreakKind.HashMismatch,
                $"'{e.EventType}' at version {e.Version} does not match its hash: a covered field was changed after it was sealed, so it was not used");
        _version = e.Version;
        _hash = e.Hash;
        return refused;
    }
}
