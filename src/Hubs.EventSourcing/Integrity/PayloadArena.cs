using System.Buffers;

namespace Hubs.EventSourcing.Integrity;

/// <summary>
/// Pooled blocks the sealed payloads (jsonb text, UTF-8) of a chunk are written into, so the COPY sends them as they are:
/// no string per payload, no second encoding. A payload never spans two blocks, so what <see cref="Commit"/> returns stays
/// valid until <see cref="Dispose"/> gives the blocks back to the pool — after the rows were copied, never before.
/// </summary>
internal sealed class PayloadArena : IDisposable
{
    private const int BlockSize = 64 * 1024;

    private readonly List<byte[]> _blocks = [];
    private byte[]? _current;
    private int _used;

    /// <summary>Room for a payload of at most <paramref name="max"/> bytes; then <see cref="Commit"/> what was written.</summary>
    public Span<byte> Reserve(int max)
    {
        if (_current is null || _current.Length - _used < max)
        {
            _current = ArrayPool<byte>.Shared.Rent(Math.Max(BlockSize, max));
            _blocks.Add(_current);
            _used = 0;
        }
        return _current.AsSpan(_used, max);
    }

    /// <summary>Keeps the first <paramref name="length"/> bytes of the last <see cref="Reserve"/>.</summary>
    public ReadOnlyMemory<byte> Commit(int length)
    {
        var kept = _current.AsMemory(_used, length);
        _used += length;
        return kept;
    }

    public void Dispose()
    {
        foreach (var block in _blocks) ArrayPool<byte>.Shared.Return(block);
        _blocks.Clear();
        _current = null;
    }
}
