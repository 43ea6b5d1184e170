namespace Hubs.SampleHost.Infrastructure;

/// <summary>
/// A file or directory the user asked the host to write (<c>--out</c>, <c>--html</c>, <c>--save-digest</c>) could not be
/// written: a usage error (exit 2) naming the option and the path, not a bug report.
/// </summary>
internal sealed class OutputFileException(string option, string path, Exception inner)
    : Exception($"cannot write {option} '{path}': {inner.Message.TrimEnd('.')}", inner);

/// <summary>Creates and writes the files a command was asked to write, turning the file system's refusals into <see cref="OutputFileException"/>.</summary>
internal static class OutputFiles
{
    public static FileStream Create(string path, string option) => Guard(path, option, () => File.Create(path));

    public static DirectoryInfo CreateDirectory(string path, string option) => Guard(path, option, () => Directory.CreateDirectory(path));

    public static async Task WriteAllTextAsync(string path, string text, string option, CancellationToken ct)
    {
        try
        {
            await File.WriteAllTextAsync(path, text, ct);
        }
        catch (Exception ex) when (IsRefusal(ex))
        {
            throw new OutputFileException(option, path, ex);
        }
    }

    private static T Guard<T>(string path, string option, Func<T> create)
    {
        try
        {
            return create();
        }
        catch (Exception ex) when (IsRefusal(ex))
        {
            throw new OutputFileException(option, path, ex);
        }
    }

    // DirectoryNotFound, PathTooLong and a full disk are IOExceptions; permissions are UnauthorizedAccess.
    private static bool IsRefusal(Exception ex) => ex is IOException or UnauthorizedAccessException or NotSupportedException;
}
