namespace Hubs.EventSourcing.Auditing;

/// <summary>What <see cref="HubsAudit.VerifyAsync"/> found.</summary>
public sealed class VerificationReport
{
    internal VerificationReport(long eventsChecked, IReadOnlyList<ChainBreak> breaks, Digest digest, bool? matchesExpectedDigest)
    {
        EventsChecked = eventsChecked;
        Breaks = breaks;
        Digest = digest;
        MatchesExpectedDigest = matchesExpectedDigest;
    }

    /// <summary>True when no break was found (chains, stream records and, if given, the expected digest all agree).</summary>
    public bool IsIntact => Breaks.Count == 0;

    /// <summary>How many events of the library's streams were read and checked.</summary>
    public long EventsChecked { get; }

    /// <summary>
    /// Streams in the store that the library does not own (another application's, in a shared store), with their event
    /// counts: outside its hash chains, so neither checked nor a break. Ordered by key.
    /// </summary>
    public IReadOnlyList<UnownedStream> StreamsOutsideChains { get; internal init; } = [];

    /// <summary>How many events <see cref="StreamsOutsideChains"/> hold in all.</summary>
    public long EventsOutsideChains => StreamsOutsideChains.Sum(s => s.EventCount);

    /// <summary>Every break found, in stream key then version order.</summary>
    public IReadOnlyList<ChainBreak> Breaks { get; }

    /// <summary>
    /// The digest of the store as found (from the stored hashes, even where breaks were found): save it outside the
    /// database and pass it to a later verification to detect deleted tails, removed streams and rewritten history.
    /// </summary>
    public Digest Digest { get; }

    /// <summary>Null when no digest was given; otherwise whether the store still contains everything it recorded, unchanged.</summary>
    public bool? MatchesExpectedDigest { get; }

    /// <summary>The same report with more breaks, kept in stream key then version order.</summary>
    internal VerificationReport With(IEnumerable<ChainBreak> more) =>
        new(EventsChecked, Breaks.Concat(more).OrderBy(b => b.StreamKey, Utf8Order.Instance).ThenBy(b => b.Version).ToList(),
            Digest, MatchesExpectedDigest) { StreamsOutsideChains = StreamsOutsideChains };

    /// <summary>The same report listing more streams outside its chains (signed streams of a module this process lacks, with no events left).</summary>
    internal VerificationReport WithOutside(IEnumerable<UnownedStream> more) =>
        new(EventsChecked, Breaks, Digest, MatchesExpectedDigest)
        {
            StreamsOutsideChains = StreamsOutsideChains.Concat(more).DistinctBy(s => s.StreamKey).OrderBy(s => s.StreamKey, Utf8Order.Instance).ToList(),
        };
}

/// <summary>A stream the library does not own, found in its store.</summary>
/// <param name="StreamKey">The stream's key.</param>
/// <param name="EventCount">How many events it holds.</param>
public sealed record UnownedStream(string StreamKey, long EventCount);

/// <summary>One place where the stored history is not what was appended.</summary>
/// <param name="StreamKey">The stream.</param>
/// <param name="Version">The stream version where the break is (the first missing version for gaps and deleted tails).</param>
/// <param name="Kind">What kind of break.</param>
/// <param name="Detail">A sentence for people: what was expected and what was found.</param>
public sealed record ChainBreak(string StreamKey, long Version, BreakKind Kind, string Detail);

/// <summary>Kinds of break <see cref="HubsAudit.VerifyAsync"/> reports.</summary>
public enum BreakKind
{
    /// <summary>The stored hash differs from the one recomputed from the stored fields and the previous event's hash: a covered field or the hash itself was changed.</summary>
    HashMismatch,
    /// <summary>Versions are missing inside a stream (an event was deleted); the link across the gap cannot be checked.</summary>
    MissingEvents,
    /// <summary>An event's global sequence is lower than that of a lower version of its stream (events swapped or renumbered).</summary>
    OutOfOrder,
    /// <summary>Marten's stream record (<c>mt_streams</c>) says the stream is longer than its events: the tail was deleted.</summary>
    DeletedTail,
    /// <summary>The stream record is missing or behind the stream's events.</summary>
    StreamRecordMismatch,
    /// <summary>A stream recorded in the expected digest no longer exists.</summary>
    StreamRemoved,
    /// <summary>A stream is shorter than the expected digest recorded: its tail was deleted.</summary>
    TailDeletedSinceDigest,
    /// <summary>The stored hash at the version the expected digest recorded differs: history up to there was rewritten.</summary>
    HistoryRewritten,
    /// <summary>The store holds fewer events, or a lower highest sequence, than the expected digest recorded.</summary>
    TotalsDecreased,
    /// <summary>
    /// A state checkpoint does not match the history: the event it stands on is gone or carries another hash (time travel then
    /// ignores it), or its state differs from a fold of the events up to its version (the checkpoint itself was changed).
    /// </summary>
    CheckpointMismatch,
    /// <summary>
    /// An event on one of the library's own streams that the library did not seal: a type it does not write, or no hash. It
    /// was appended behind the library's back (e.g. with a plain Marten session), which is what tampering looks like.
    /// </summary>
    UnsealedEvent,
    /// <summary>
    /// The stored history breaks a rule of the domain that spans streams (a region in two clusters at once, or a cluster's
    /// members and the regions' assignments disagreeing), whatever the hashes say: a decision was made on a state the history
    /// does not support (an edited checkpoint, a forged append with a correctly computed hash).
    /// </summary>
    InvariantViolation,
    /// <summary>
    /// A column of a library event that the hash does not cover but that changes how it is read was changed: the archived
    /// flag (Marten's reads skip archived events), the CLR type name, the tenant, or a header key the library never writes.
    /// </summary>
    MetadataMismatch,
    /// <summary>
    /// Checked only with a verification key (<see cref="HubsOptions.VerificationKey"/>): a stream's head is not covered by a
    /// valid signature (appended without the signing key, e.g. forged with a correctly computed hash, or written before the
    /// key was configured), a signed record was edited, or a stream ends before a version that was signed.
    /// </summary>
    SignatureMismatch,
}
