namespace Hubs.SampleHost.Infrastructure;

/// <summary>Where the embedded server keeps its data when no --data-dir is given.</summary>
internal static class StoreLocation
{
    /// <summary>
    /// The user's local data folder (~/.local/share/hubs/pgdata on Linux). As root the server runs as the 'postgres'
    /// user, who cannot traverse /root, so root's store lives in /var/lib/hubs/pgdata instead.
    /// </summary>
    public static string DefaultDataDirectory()
    {
        if (OperatingSystem.IsLinux() && Environment.UserName == "root")
            return "/var/lib/hubs/pgdata";
        var local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        return Path.Combine(local, "hubs", "pgdata");
    }
}
