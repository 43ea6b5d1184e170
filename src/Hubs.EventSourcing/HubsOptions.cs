using System.Security.Cryptography;

namespace Hubs.EventSourcing;

/// <summary>Settings of the library, given to <c>AddHubsEventSourcing</c>.</summary>
public sealed class HubsOptions
{
    /// <summary>
    /// Clock used for the recorded-at timestamp of every event (and Marten's), and for "today" when
    /// <see cref="RefuseFuturePublications"/> is on. Replace it in tests to make time travel deterministic. Defaults to
    /// <see cref="TimeProvider.System"/>.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// When true, a command that would record a published figure (R&amp;D report or revision, rank placement, exchange rate,
    /// indicator figure) dated after today is refused (<see cref="CommandRejectedException"/>, code
    /// <c>published-in-future</c>, naming the date), nothing written. "Today" is <see cref="TimeProvider"/>'s UTC date plus one
    /// day, so a publication dated today in Beijing or anywhere ahead of UTC passes. Default false for now, so stores and tests
    /// that hold synthetic figures dated up to 2100 keep working; the <c>hubs</c> host turns it on.
    /// </summary>
    public bool RefuseFuturePublications { get; set; }

    /// <summary>
    /// How many times a command without an expected version is re-read and re-decided after losing a concurrency race
    /// before <see cref="HubsConcurrencyException"/> is raised. Default 8.
    /// </summary>
    public int MaxConcurrencyRetries { get; set; } = 8;

    /// <summary>
    /// How many stream heads (state, version, last hash) the command service keeps in memory to save a read per command.
    /// A stale entry is harmless: the write's version check fails and the stream is re-read. 0 disables it. Default 10,000.
    /// </summary>
    public int StreamCacheCapacity { get; set; } = 10_000;

    /// <summary>
    /// Every this many events of a stream, the command service stores the stream's folded state with the hash of the event
    /// it stands on, in the same transaction. Loading a long stream's state (a command's first touch, a query, time travel)
    /// then folds only the events after the nearest checkpoint. Checkpoints are a cache: one whose anchor hash no longer
    /// matches is ignored, and <see cref="HubsAudit.VerifyAsync"/> checks each against a full fold. 0 disables them.
    /// Default 1,000.
    /// </summary>
    public int CheckpointInterval
    {
        get => _checkpointInterval;
        set => _checkpointInterval = value >= 0 ? value
            : throw new ArgumentOutOfRangeException(nameof(CheckpointInterval), value, "CheckpointInterval must be 0 (off) or more.");
    }

    private int _checkpointInterval = 1_000;

    private readonly List<HubsModule> _modules = [];

    /// <summary>The application's own aggregate modules, in the order added (the library's own are always present).</summary>
    public IReadOnlyList<HubsModule> Modules => _modules;

    /// <summary>
    /// Adds an aggregate module of the application's (docs/extending.md): its commands are then sent through
    /// <see cref="HubsCommands"/> like the library's own — validated, decided, sealed in the hash chain with the context's
    /// who/why/source, idempotent by command id — and its streams are verified, exported and read in history and time travel.
    /// The module joins the process-wide model at once (so <c>HubsSpec</c> sees it too) and is frozen; adding it again is a
    /// no-op, and a module whose prefix, stored names, events or commands clash with a registered one is refused.
    /// </summary>
    /// <exception cref="ArgumentException">The module clashes with a registered one.</exception>
    public HubsOptions AddModule(HubsModule module)
    {
        ArgumentNullException.ThrowIfNull(module);
        HubsModel.Register(module);
        if (!_modules.Contains(module)) _modules.Add(module);
        return this;
    }

    /// <summary>
    /// An ECDSA P-256 private key, or null (the default). When set, every command and batch signs the versions it appended
    /// to each stream (first and last version, the hash it chained onto and the last hash), bound to the store's identity, in
    /// the same transaction as its events, so that verification with the public key detects an append forged with a correctly
    /// computed hash wherever it sits (docs/auditing.md, "Signed chain heads"). A writer with a key refuses to append to a
    /// stream whose last version no signature of its key covers (<see cref="CommandRejectedException"/>, code
    /// <c>unsigned-head</c>), a stream written before the key was configured included. Keep the key outside the database;
    /// the library never stores it.
    /// </summary>
    /// <exception cref="ArgumentException">The key is not on the P-256 curve.</exception>
    public ECDsa? SigningKey
    {
        get => _signingKey;
        set => _signingKey = Integrity.ChainSigning.Checked(value, nameof(SigningKey));
    }

    /// <summary>
    /// The ECDSA P-256 public key that <see cref="HubsAudit.VerifyAsync"/> checks signed ranges with, or null. When null and
    /// <see cref="SigningKey"/> is set, its public half is used. When neither is set, verify does not check signatures.
    /// </summary>
    /// <exception cref="ArgumentException">The key is not on the P-256 curve.</exception>
    public ECDsa? VerificationKey
    {
        get => _verificationKey ?? _signingKey;
        set => _verificationKey = Integrity.ChainSigning.Checked(value, nameof(VerificationKey));
    }

    private ECDsa? _signingKey, _verificationKey;
}
