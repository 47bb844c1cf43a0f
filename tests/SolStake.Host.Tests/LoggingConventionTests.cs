using System.Text.RegularExpressions;
using SolStake.Testing;

namespace SolStake.Host.Tests;

/// <summary>
/// Every <c>[LoggerMessage]</c> of the packages and the sample host, read from the sources: one event id each, in its
/// package's range, and exceptions logged as exceptions (never their message as a parameter).
/// </summary>
public partial class LoggingConventionTests
{
    // Each package's range of event ids (house style: one range per package, every id used once).
    private static readonly Dictionary<string, (int From, int To)> Ranges = new(StringComparer.Ordinal)
    {
        ["SolStake.Core"] = (1000, 1999),
        ["SolStake.Ingestion"] = (2000, 2999),
        ["SolStake.Storage"] = (3000, 3499),
        ["SolStake.Storage.PostgreSQL"] = (3500, 3699),
        ["SolStake.Storage.Sqlite"] = (3700, 3899),
        ["SolStake.Jobs"] = (4000, 4999),
        ["SolStake.GraphQL"] = (5000, 5999),
        ["SolStake.Redis"] = (6000, 6999),
        ["SolStake.Scoring"] = (7000, 7999),
        ["SolStake.OpenTelemetry"] = (8000, 8999),
        ["SolStake.Dashboard"] = (9000, 9999),
        ["SolStake.Host"] = (10000, 10999),
    };

    private static IEnumerable<(string Project, string File, string Text)> Sources() =>
        new[] { "src", "samples" }
            .SelectMany(root => Directory.EnumerateFiles(Path.Combine(Fixtures.RepositoryRoot, root), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (Path.GetRelativePath(Fixtures.RepositoryRoot, f).Split(Path.DirectorySeparatorChar)[1], f, File.ReadAllText(f)));

    [Test]
    public void EveryLoggerMessage_HasAnEventIdOfItsOwn_InItsPackagesRange()
    {
        var ids = Sources()
            .SelectMany(s => EventId().Matches(s.Text).Select(m => (s.Project, s.File, Id: int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))))
            .ToList();

        Assert.That(ids, Has.Count.GreaterThan(30), "the sources were found and read");
        var duplicates = ids.GroupBy(i => i.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(i => Path.GetFileName(i.File)))}");
        Assert.That(duplicates, Is.Empty, "event ids used twice");
        var outside = ids.Where(i => !Ranges.TryGetValue(i.Project, out var r) || i.Id < r.From || i.Id > r.To).Select(i => $"{i.Project} {i.Id} ({Path.GetFileName(i.File)})");
        Assert.That(outside, Is.Empty, "event ids outside their package's range");
    }

    [Test]
    public void NoLogCall_PassesAnExceptionsMessage_InsteadOfTheException()
    {
        var offending = Sources()
            .SelectMany(s => MessageLogged().Matches(s.Text).Select(m => $"{Path.GetFileName(s.File)}: {m.Value}"))
            .ToList();

        Assert.That(offending, Is.Empty);
    }

    [GeneratedRegex(@"\[LoggerMessage\(\s*EventId\s*=\s*(\d+)")]
    private static partial Regex EventId();

    [GeneratedRegex(@"\bLog\.\w+\([^;]*\b(ex|exception|e)\.Message\b")]
    private static partial Regex MessageLogged();
}
