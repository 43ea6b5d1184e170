
namespace Hubs.SampleHost.Demo;

/// <summary>
/// The demo's data files, embedded in the tool (Data/ in the repository, with its README of sources). The importers read
/// files, so <see cref="Extract"/> writes them to a private temporary directory removed on dispose.
/// </summary>
internal sealed class DemoData : IDisposable
{
    public const string HongKong = "hong-kong-rd-2019-2022.csv";
    public const string Rates = "hkd-cny-annual-average-2015-2024.csv";
    public const string Gii = "gii_clusters.csv";
    public static readonly string[] Files = [DemoCommand.DatasetName, HongKong, Rates, Gii, "README.md"];
    private const string Prefix = "Hubs.SampleHost.Data.";

    private readonly DirectoryInfo _dir;

    private DemoData(DirectoryInfo dir) => _dir = dir;

    public static DemoData Extract()
    {
        var dir = Directory.CreateTempSubdirectory("hubs-demo-data-");
        var assembly = typeof(DemoData).Assembly;
        foreach (var name in Files)
        {
            using var resource = assembly.GetManifestResourceStream(Prefix + name)
                ?? throw new InvalidOperationException($"the tool was built without its demo data file {name}");
            using var file = File.Create(Path.Combine(dir.FullName, name));
            resource.CopyTo(file);
        }
        return new DemoData(dir);
    }

    public string PathOf(string name) => Path.Combine(_dir.FullName, name);

    public void Dispose()
    {
        try { _dir.Delete(recursive: true); }
        catch (IOException) { /* a temporary directory left behind is harmless */ }
    }
}
