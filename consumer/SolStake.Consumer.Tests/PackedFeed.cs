using System.IO.Compression;
using System.Reflection;
using System.Xml.Linq;
using SolStake.Testing;

namespace SolStake.Consumer.Tests;

/// <summary>The packages eng/pack.sh put in artifacts/packages, at the version this project was built against.</summary>
internal static class PackedFeed
{
    public static readonly string Version = typeof(PackedFeed).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "SolStakeVersion").Value!;

    public static readonly string Directory = Path.Combine(Fixtures.RepositoryRoot, "artifacts", "packages");

    public static ZipArchive Open(string id) => ZipFile.OpenRead(Path.Combine(Directory, $"{id}.{Version}.nupkg"));

    public static string ReadText(ZipArchive package, string entry)
    {
        using var reader = new StreamReader(package.GetEntry(entry)!.Open());
        return reader.ReadToEnd();
    }

    public static XDocument Nuspec(string id)
    {
        using var package = Open(id);
        return XDocument.Parse(ReadText(package, $"{id}.nuspec"));
    }
}
