namespace Hubs.EventSourcing.Tests;

/// <summary>
/// Finds files of the repository from a running test. Walks up from the test binaries to the solution file rather than
/// using [CallerFilePath], which CI's deterministic build maps to "/_/…".
/// </summary>
internal static class RepoFiles
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Hubs.EventSourcing.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"No Hubs.EventSourcing.sln above {AppContext.BaseDirectory}.");
    });

    public static string Root => RootPath.Value;

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>True when the environment variable asks to accept (overwrite) approved files, e.g. HUBS_ACCEPT_API=1.</summary>
    public static bool Accepting(string variable) => Environment.GetEnvironmentVariable(variable) is "1" or "true";

    /// <summary>Reads a text file with line endings normalised, so a checkout's autocrlf never fails a comparison.</summary>
    public static string ReadText(string path) => File.ReadAllText(path).ReplaceLineEndings("\n");
}
