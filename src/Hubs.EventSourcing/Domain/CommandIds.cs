using System.Security.Cryptography;
using System.Text;

namespace Hubs.EventSourcing;

/// <summary>
/// Name-based command ids: the first 16 bytes of SHA-256 of a name, marked as a version-8 GUID. The same name always gives
/// the same id, so a re-run of the same step is recognised (<see cref="CommandOutcome.AlreadyApplied"/>) and writes nothing.
/// The ids are stored and hashed: the algorithm never changes.
/// </summary>
public static class CommandIds
{
    /// <summary>The id of <paramref name="name"/> (UTF-8), e.g. an import's key or a story step's name.</summary>
    public static Guid NameBased(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return FromHash(Encoding.UTF8.GetBytes(name));
    }

    /// <summary>A stable per-position id inside a batch: the hash of the batch id's 16 bytes and the index's 4 (little-endian).</summary>
    internal static Guid InBatch(Guid batchId, int index)
    {
        Span<byte> input = stackalloc byte[20];
        batchId.TryWriteBytes(input);
        BitConverter.TryWriteBytes(input[16..], index);
        return FromHash(input);
    }

    private static Guid FromHash(ReadOnlySpan<byte> input)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16]);
    }
}
