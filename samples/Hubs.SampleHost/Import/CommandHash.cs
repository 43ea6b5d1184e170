using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hubs.EventSourcing;

namespace Hubs.SampleHost.Import;

/// <summary>
/// SHA-256 over commands in order, each as its type name and its JSON: an import's content, hashed one command at a time so
/// the commands need not be held.
/// </summary>
internal sealed class CommandHash : IDisposable
{
    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public int Count { get; private set; }

    public void Add(IHubsCommand command)
    {
        _sha.AppendData(Encoding.UTF8.GetBytes(command.GetType().Name));
        _sha.AppendData(JsonSerializer.SerializeToUtf8Bytes(command, command.GetType()));
        Count++;
    }

    /// <summary>The hash of the commands added so far, in lower-case hex (more may be added after).</summary>
    public string Hex() => Convert.ToHexStringLower(_sha.GetCurrentHash());

    public void Dispose() => _sha.Dispose();
}
