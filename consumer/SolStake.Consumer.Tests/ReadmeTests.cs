using SolStake.Testing;

namespace SolStake.Consumer.Tests;

/// <summary>
/// Each package's README (as packed, read from the .nupkg in the feed) opens with a quick start that is one of the
/// compositions above, word for word: the documentation compiles and runs because these tests do.
/// </summary>
public class ReadmeTests
{
    [TestCase("SolStake.Scoring", "ScoringOnly.cs")]
    [TestCase("SolStake.Storage", "SyncToSqlite.cs")]
    [TestCase("SolStake.Storage.Sqlite", "SyncToSqlite.cs")]
    [TestCase("SolStake.Ingestion", "SyncToSqlite.cs")]
    [TestCase("SolStake.Core", "TeamHost.cs")]
    [TestCase("SolStake.Storage.PostgreSQL", "TeamHost.cs")]
    [TestCase("SolStake.Jobs", "TeamHost.cs")]
    [TestCase("SolStake.GraphQL", "TeamHost.cs")]
    [TestCase("SolStake.Redis", "TeamHost.cs")]
    [TestCase("SolStake.OpenTelemetry", "TeamHost.cs")]
    [TestCase("SolStake.Dashboard", "DashboardHost.cs")]
    public void PackageReadme_QuickStart_IsAComposition(string package, string composition)
    {
        var readme = PackedReadme(package);
        var quickStart = FirstCSharpBlock(readme);
        var code = QuickStartOf(Path.Combine(Fixtures.RepositoryRoot, "consumer", "SolStake.Consumer.Tests", composition));

        Assert.That(quickStart, Is.EqualTo(code), $"the quick start of {package}'s README is {composition}'s, word for word");
    }

    private static string PackedReadme(string package)
    {
        using var archive = PackedFeed.Open(package);
        return PackedFeed.ReadText(archive, "README.md");
    }

    private static string FirstCSharpBlock(string markdown)
    {
        var lines = markdown.Split('\n');
        var start = Array.FindIndex(lines, l => l.TrimEnd() == "```csharp");
        Assert.That(start, Is.GreaterThanOrEqualTo(0), "the README has a ```csharp quick start");
        var end = Array.FindIndex(lines, start + 1, l => l.TrimEnd() == "```");
        return string.Join('\n', lines[(start + 1)..end].Select(l => l.TrimEnd()));
    }

    // The lines between "// <quick-start>" and "// </quick-start>", without their common indentation.
    private static string QuickStartOf(string file)
    {
        var lines = File.ReadAllLines(file);
        var start = Array.FindIndex(lines, l => l.Trim() == "// <quick-start>");
        var end = Array.FindIndex(lines, l => l.Trim() == "// </quick-start>");
        var body = lines[(start + 1)..end];
        var indent = body.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join('\n', body.Select(l => l.Length >= indent ? l[indent..].TrimEnd() : l.Trim()));
    }
}
