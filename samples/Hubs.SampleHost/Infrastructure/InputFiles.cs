namespace Hubs.SampleHost.Infrastructure;

/// <summary>An input file named on the command line: it must exist and be a file, said plainly when it is not.</summary>
internal static class InputFiles
{
    /// <summary>Throws a usage error (exit 2) unless <paramref name="path"/> is an existing file; a directory is named as one.</summary>
    public static void Require(string path)
    {
        if (File.Exists(path)) return;
        throw new UsageException(Directory.Exists(path)
            ? $"{Echo.Escape(path)} is a directory, not a file: give the path of a CSV file inside it."
            : $"file not found: {Echo.Escape(path)}");
    }
}
