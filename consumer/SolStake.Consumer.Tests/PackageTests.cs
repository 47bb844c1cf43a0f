using System.Xml.Linq;
using SolStake.Testing;

namespace SolStake.Consumer.Tests;

/// <summary>What each package in the feed carries: the library, its docs and README, the metadata a user expects, and nothing else.</summary>
public class PackageTests
{
    private static IEnumerable<string> Packages() =>
        Directory.GetDirectories(Path.Combine(Fixtures.RepositoryRoot, "src")).Select(Path.GetFileName).Order()!;

    [TestCaseSource(nameof(Packages))]
    public void Package_HoldsTheLibraryOnly_WithItsMetadata_AndSymbols(string id)
    {
        using var archive = PackedFeed.Open(id);
        var files = archive.Entries.Select(e => e.FullName)
            .Where(f => !f.StartsWith("_rels/", StringComparison.Ordinal) && !f.StartsWith("package/", StringComparison.Ordinal) && f != "[Content_Types].xml")
            .Order()
            .ToList();
        var metadata = XDocument.Parse(PackedFeed.ReadText(archive, $"{id}.nuspec")).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Field(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

        Assert.Multiple(() =>
        {
            Assert.That(files, Is.EqualTo(new[] { "README.md", $"lib/net10.0/{id}.dll", $"lib/net10.0/{id}.xml", $"{id}.nuspec" }.Order()),
                "no runtimeconfig.json, test or sample code");
            Assert.That(Field("license"), Is.EqualTo("MIT"));
            Assert.That(Field("readme"), Is.EqualTo("README.md"));
            Assert.That(Field("description"), Is.Not.Empty);
            Assert.That(metadata.Elements().Single(e => e.Name.LocalName == "repository").Attribute("url")?.Value, Does.StartWith("https://github.com/"));
            Assert.That(File.Exists(Path.Combine(PackedFeed.Directory, $"{id}.{PackedFeed.Version}.snupkg")), Is.True, "a symbol package");
        });
    }

    [TestCaseSource(nameof(Packages))]
    public void StablePackage_DependsOnNoPrerelease(string id)
    {
        var dependencies = PackedFeed.Nuspec(id).Descendants().Where(e => e.Name.LocalName == "dependency")
            .Where(e => !e.Attribute("id")!.Value.StartsWith("SolStake.", StringComparison.Ordinal))
            .Select(e => $"{e.Attribute("id")!.Value} {e.Attribute("version")!.Value}")
            .ToList();

        Assert.That(dependencies, Has.None.Contains("-"), "a prerelease dependency belongs in a prerelease package only");
    }

    [Test]
    public void TheTechnologies_StayInTheirOwnPackages()
    {
        Dictionary<string, string[]> direct = Packages().ToDictionary(id => id, DirectDependencies);

        Assert.Multiple(() =>
        {
            Assert.That(direct.Where(p => p.Value.Contains("Npgsql.EntityFrameworkCore.PostgreSQL")).Select(p => p.Key), Is.EqualTo(new[] { "SolStake.Storage.PostgreSQL" }));
            Assert.That(direct.Where(p => p.Value.Contains("Microsoft.EntityFrameworkCore.Sqlite")).Select(p => p.Key), Is.EqualTo(new[] { "SolStake.Storage.Sqlite" }));
            Assert.That(direct.Where(p => p.Value.Contains("StackExchange.Redis")).Select(p => p.Key), Is.EqualTo(new[] { "SolStake.Redis" }));
            Assert.That(direct.Where(p => p.Value.Contains("Quartz")).Select(p => p.Key), Is.EqualTo(new[] { "SolStake.Jobs" }));
            Assert.That(direct.SelectMany(p => p.Value), Has.None.StartsWith("OpenTelemetry.Exporter"), "exporters are the host's choice");
            Assert.That(direct["SolStake.GraphQL"], Has.None.StartsWith("OpenTelemetry").And.None.Contains("Redis").And.None.EqualTo("Quartz"));
            Assert.That(direct["SolStake.Scoring"], Is.EqualTo(new[] { "SolStake.Core" }), "the pure scoring package");
        });
    }

    private static string[] DirectDependencies(string id) =>
        [.. PackedFeed.Nuspec(id).Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => e.Attribute("id")!.Value)];
}
