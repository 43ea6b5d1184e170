using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Marten;

namespace Hubs.EventSourcing.Storage;

/// <summary>
/// Idempotency record: one row per applied command (or batch), inserted in the command's transaction. It keeps what the
/// command was (its fingerprint and name), so a re-send is recognised as the same command and a different command under
/// the same id is refused instead of silently dropped.
/// </summary>
internal sealed class ProcessedCommand
{
    public Guid Id { get; set; }
    public string[] Streams { get; set; } = [];
    /// <summary>
    /// The version this unit of work left each of <see cref="Streams"/> at, in the same order; null in rows written before it
    /// was recorded (0.1.0 and earlier 0.2.0 builds), where only a signed row's <see cref="Ranges"/> still tell them.
    /// </summary>
    public long[]? Versions { get; set; }
    public DateTimeOffset AppliedAt { get; set; }
    /// <summary>SHA-256 of the command's name and canonical payload (for a batch, of every command and its position); empty in rows written by 0.1.0.</summary>
    public string Fingerprint { get; set; } = "";
    /// <summary>What was applied, for people: <c>join-cluster</c>, or <c>batch of 32 commands</c>.</summary>
    public string Command { get; set; } = "";
    public string Actor { get; set; } = "";
    /// <summary>With a signing key, the signing recipe (<see cref="Integrity.ChainSigning.Recipe"/>); else null.</summary>
    public string? Recipe { get; set; }
    /// <summary>With a signing key: the versions this unit of work appended to each stream, signed (<see cref="Integrity.ChainSigning"/>); else null.</summary>
    public Integrity.SignedRange[]? Ranges { get; set; }
    /// <summary>Which key signed <see cref="Ranges"/> (<see cref="Integrity.ChainSigning.KeyId"/>).</summary>
    public string? KeyId { get; set; }
    /// <summary>The identity of the store the ranges were signed for (<see cref="Auditing.StoreIdentity"/>).</summary>
    public string? Store { get; set; }
    /// <summary>ECDSA P-256 signature (IEEE P1363, base64) over the ranges, or null.</summary>
    public string? Signature { get; set; }
}

/// <summary>What a command (or batch) is, independent of who sends it and when.</summary>
internal sealed record CommandFingerprint(string Hash, string Description)
{
    private const string Recipe = "hubs-command-v1";

    // Its own options, not the store's: a fingerprint must not change when the storage serializer is configured differently.
    private static readonly JsonSerializerOptions Canonical = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower), new NormalizedDecimalConverter() },
    };

    /// <summary>The kebab-case name a command is known by in messages and fingerprints: <c>JoinCluster</c> → <c>join-cluster</c>.</summary>
    public static string NameOf(IHubsCommand command) => KebabNames.Of(command);

    public static CommandFingerprint Of(IReadOnlyList<IHubsCommand> commands)
    {
        if (commands.Count == 1) return new(Hex(HashOne(commands[0])), NameOf(commands[0]));
        using var builder = new Builder();
        builder.Add(commands);
        return builder.Build();
    }

    /// <summary>
    /// A batch's fingerprint built a part at a time, as a streamed import reads it: equal to <see cref="Of"/> of the whole list,
    /// in constant memory. Keeps one digest per part, so a repeated reading of the same input (parts of the same size) can be
    /// checked against the first one, part by part.
    /// </summary>
    /// <remarks>
    /// The recipe: SHA-256 over each command's position (4 bytes) and own hash, in order; then SHA-256 of
    /// <c>hubs-command-v1/batch/{count}/</c> followed by that running hash. The count comes last, so nothing needs keeping.
    /// </remarks>
    internal sealed class Builder : IDisposable
    {
        private readonly IncrementalHash _running = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private readonly List<byte[]> _parts = [];
        private byte[]? _only;
        private string _first = "";

        /// <summary>Commands added so far.</summary>
        public int Count { get; private set; }

        /// <summary>Parts added so far.</summary>
        public int Parts => _parts.Count;

        /// <summary>Appends the next part (its commands' hashes computed on every core when it is large).</summary>
        public void Add(IReadOnlyList<IHubsCommand> commands)
        {
            if (Count == 0 && commands.Count > 0) _first = NameOf(commands[0]);
            var hashes = Hashes(commands);
            using var part = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            Span<byte> position = stackalloc byte[4];
            for (var i = 0; i < hashes.Length; i++)
            {
                // Position and content: the same commands in another order are another batch.
                BitConverter.TryWriteBytes(position, Count + i);
                _running.AppendData(position);
                _running.AppendData(hashes[i]);
                part.AppendData(hashes[i]);
            }
            _only = Count == 0 && hashes.Length == 1 ? hashes[0] : null;
            Count += hashes.Length;
            _parts.Add(part.GetHashAndReset());
        }

        /// <summary>Whether <paramref name="commands"/> are, command for command, the part added as number <paramref name="index"/>.</summary>
        public bool Matches(int index, IReadOnlyList<IHubsCommand> commands)
        {
            using var part = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (var hash in Hashes(commands)) part.AppendData(hash);
            return part.GetHashAndReset().AsSpan().SequenceEqual(_parts[index]);
        }

        /// <summary>The fingerprint of every command added, in order.</summary>
        public CommandFingerprint Build()
        {
            if (Count == 1 && _only is not null) return new(Hex(_only), _first);
            var head = Encoding.UTF8.GetBytes($"{Recipe}/batch/{Count.ToString(CultureInfo.InvariantCulture)}/");
            var running = _running.GetCurrentHash();
            var input = new byte[head.Length + running.Length];
            head.CopyTo(input, 0);
            running.CopyTo(input, head.Length);
            return new(Hex(SHA256.HashData(input)), $"batch of {Count.ToString(CultureInfo.InvariantCulture)} commands");
        }

        private static byte[][] Hashes(IReadOnlyList<IHubsCommand> commands)
        {
            var hashes = new byte[commands.Count][];
            Parallel.For(0, commands.Count, new ParallelOptions { MaxDegreeOfParallelism = commands.Count >= 1_000 ? -1 : 1 },
                i => hashes[i] = HashOne(commands[i]));
            return hashes;
        }

        public void Dispose() => _running.Dispose();
    }

    private static byte[] HashOne(IHubsCommand command)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(command, command.GetType(), Canonical);
        var name = Encoding.UTF8.GetBytes($"{Recipe}/{NameOf(command)}/");
        var input = new byte[name.Length + payload.Length];
        name.CopyTo(input, 0);
        payload.CopyTo(input, name.Length);
        return SHA256.HashData(input);
    }

    private static string Hex(byte[] hash) => Convert.ToHexStringLower(hash);

    /// <summary>3.6 and 3.60 are the same figure: decimals are written without trailing zeros.</summary>
    private sealed class NormalizedDecimalConverter : JsonConverter<decimal>
    {
        public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDecimal();

        public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
            writer.WriteRawValue((value / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture));
    }
}

/// <summary>Looks up command ids before anything is appended, so a re-send writes nothing at all.</summary>
internal static class Idempotency
{
    public static async Task<ProcessedCommand?> FindAsync(IDocumentStore store, Guid commandId, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<ProcessedCommand>(commandId, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The versions a recorded unit of work left its streams at: from <see cref="ProcessedCommand.Versions"/>, else from a
    /// signed row's ranges (the last version each appended), else none (an unsigned row written before versions were kept).
    /// </summary>
    public static IReadOnlyList<StreamVersion> VersionsOf(ProcessedCommand? found)
    {
        if (found is null) return [];
        if (found.Versions is { } versions && versions.Length == found.Streams.Length)
            return found.Streams.Select((s, i) => new StreamVersion(s, versions[i])).ToList();
        if (found.Ranges is { } ranges)
        {
            var byStream = ranges.ToDictionary(r => r.Stream, r => r.To, StringComparer.Ordinal);
            return found.Streams.Where(byStream.ContainsKey).Select(s => new StreamVersion(s, byStream[s])).ToList();
        }
        return [];
    }

    /// <summary>
    /// True when <paramref name="found"/> records this very command (an idempotent re-send); throws
    /// <see cref="CommandRejectedException"/> (<c>command-id-reused</c>) when it records a different one. Rows written before
    /// fingerprints existed (0.1.0) cannot be compared and count as the same command, as they did then.
    /// </summary>
    public static bool IsSameCommand(ProcessedCommand found, CommandFingerprint fingerprint, Guid commandId)
    {
        if (found.Fingerprint.Length == 0 || string.Equals(found.Fingerprint, fingerprint.Hash, StringComparison.Ordinal)) return true;
        var streams = found.Streams.Length == 0 ? "" : $" on {string.Join(", ", found.Streams.Take(3))}{(found.Streams.Length > 3 ? $" and {found.Streams.Length - 3} more" : "")}";
        var by = found.Actor.Length == 0 ? "" : $" by {found.Actor}";
        throw new CommandRejectedException("command-id-reused", "commandId", commandId,
            $"Command id {commandId:D} was first used at {found.AppliedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture)}{by} " +
            $"for {found.Command}{streams}; this {fingerprint.Description} is a different command, so nothing was written. " +
            "Give a new command a new id; re-send a command only with exactly the same content.");
    }
}
