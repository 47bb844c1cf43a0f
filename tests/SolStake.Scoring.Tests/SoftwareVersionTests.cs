using System.Text.Json;
using SolStake.Scoring;
using SolStake.Testing;

namespace SolStake.Scoring.Tests;

/// <summary>Version strings as gossip and the CLI report them, read as semantic versions (issue #31).</summary>
public class SoftwareVersionTests
{
    [TestCase("4.2.0-rc.1", 4, 2, 0, "rc.1")]
    [TestCase("4.3.0-alpha.2", 4, 3, 0, "alpha.2")]
    [TestCase("0.1104.0-rc.40200", 0, 1104, 0, "rc.40200")]
    [TestCase("1.100.0-beta.40201", 1, 100, 0, "beta.40201")]
    [TestCase("1.1.19 devbuild", 1, 1, 19, null)]
    [TestCase("v2.1.14", 2, 1, 14, null)]
    [TestCase("2.1.14+jito.1", 2, 1, 14, null)]
    [TestCase("4.0.0-rc.1+build.5 abcdef", 4, 0, 0, "rc.1")]
    public void Parses_pre_releases_build_metadata_and_what_follows_the_number(string text, int major, int minor, int patch, string? pre)
    {
        Assert.That(SoftwareVersion.TryParse(text, out var version), Is.True);
        Assert.That(version, Is.EqualTo(new SoftwareVersion(major, minor, patch, pre)));
        Assert.That(version.ToString(), Is.EqualTo(pre is null ? $"{major}.{minor}.{patch}" : $"{major}.{minor}.{patch}-{pre}"));
    }

    [TestCase("4.2.0-")]
    [TestCase("4.2.0-rc..1")]
    [TestCase("4.2.0-rc_1")]
    [TestCase("-rc.1")]
    [TestCase("4-rc.1")]
    public void Refuses_malformed_pre_releases(string text) => Assert.That(SoftwareVersion.TryParse(text, out _), Is.False);

    [Test]
    public void Orders_as_semantic_versioning_says()
    {
        string[] ascending =
        [
            "4.1.2", "4.2.0-alpha.0", "4.2.0-alpha.1", "4.2.0-alpha.beta", "4.2.0-beta.2", "4.2.0-beta.10", "4.2.0-rc.0", "4.2.0-rc.1",
            "4.2.0-rc.1.1", "4.2.0", "4.2.1", "4.10.0",
        ];
        var parsed = ascending.Select(Parse).ToArray();

        var shuffled = parsed.Reverse().ToList();
        shuffled.Sort();

        Assert.That(shuffled, Is.EqualTo(parsed));
        Assert.That(Parse("4.2.0-rc.1") > Parse("4.1.2") && Parse("4.2.0-rc.1") < Parse("4.2.0"), Is.True);
        Assert.That(Parse("1.1.18 bc808d78").CompareTo(Parse("1.1.18")), Is.Zero);
    }

    /// <summary>
    /// Every version string in the recorded fixtures (gossip, the CLI's dumps): each reads as a version but
    /// <c>unknown</c> and missing ones, so <c>UNKNOWN_VERSION</c> is only said of what really cannot be read.
    /// </summary>
    [Test]
    public void Every_version_string_in_the_fixtures_reads_but_unknown()
    {
        var strings = new HashSet<string?>();
        foreach (var file in Directory.EnumerateFiles(Fixtures.Directory, "*.json", SearchOption.AllDirectories))
        {
            try
            {
                using var json = JsonDocument.Parse(File.ReadAllBytes(file));
                Collect(json.RootElement, strings);
            }
            catch (JsonException)
            {
                // Not JSON throughout (a recorded error page): no versions in it.
            }
        }

        var unread = strings.Where(s => !SoftwareVersion.TryParse(s, out _)).ToList();
        var preReleases = strings.Count(s => SoftwareVersion.TryParse(s, out var v) && v.IsPreRelease);

        Assert.That(strings, Has.Count.GreaterThan(100), "the fixtures hold the versions of a whole cluster");
        Assert.That(preReleases, Is.GreaterThanOrEqualTo(40), "the recorded series runs many pre-releases");
        Assert.That(unread, Is.EquivalentTo(new string?[] { null, "unknown" }));
    }

    [TestCase("4.2.1", ValidatorClient.Agave)]
    [TestCase("4.2.0-rc.1", ValidatorClient.Agave)]
    [TestCase("2.2.16", ValidatorClient.Agave)]
    [TestCase("1.18.26", ValidatorClient.Agave)]
    [TestCase("2.1.14+jito.1", ValidatorClient.JitoAgave)]
    [TestCase("1.10.34", ValidatorClient.SolanaLabs)]
    [TestCase("1.1.18 bc808d78", ValidatorClient.SolanaLabs)]
    [TestCase("0.1105.40200", ValidatorClient.Frankendancer)]
    [TestCase("0.1104.0-rc.40200", ValidatorClient.Frankendancer)]
    [TestCase("0.505.20216", ValidatorClient.Frankendancer)]
    [TestCase("1.100.0-beta.40201", ValidatorClient.Frankendancer)]
    [TestCase("0.101.0", ValidatorClient.Firedancer)]
    [TestCase("26.8.1", ValidatorClient.Unknown)]
    [TestCase("0.1.1", ValidatorClient.Unknown)]
    [TestCase("unknown", ValidatorClient.Unknown)]
    [TestCase(null, ValidatorClient.Unknown)]
    public void The_client_is_read_from_the_version_scheme(string? text, ValidatorClient client) =>
        Assert.That(ValidatorClients.Of(text), Is.EqualTo(client));

    [Test]
    public void The_recorded_series_is_mostly_Agave_and_Frankendancer_and_names_few_unknowns()
    {
        // Epoch 1020: 433 + 111 + 63 ... nodes on Agave 4.2, 53 on Frankendancer 0.110x, and a few outside any scheme.
        using var json = JsonDocument.Parse(File.ReadAllBytes(Fixtures.Path("mainnet-validators-cli-epoch1020-2026-08-22.json")));
        var clients = json.RootElement.GetProperty("validators").EnumerateArray()
            .GroupBy(v => ValidatorClients.Of(v.GetProperty("version").GetString())).ToDictionary(g => g.Key, g => g.Count());

        Assert.That(clients[ValidatorClient.Agave], Is.GreaterThan(600));
        Assert.That(clients[ValidatorClient.Frankendancer], Is.EqualTo(30 + 15 + 8));
        Assert.That(clients[ValidatorClient.Unknown], Is.EqualTo(6 + 2 + 1 + 1), "'unknown', 26.8.x and 0.1.1");
        Assert.That(clients[ValidatorClient.SolanaLabs], Is.EqualTo(11), "1.1.4, as its number says");
    }

    private static void Collect(JsonElement element, HashSet<string?> strings)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.NameEquals("version") && property.Value.ValueKind is JsonValueKind.String or JsonValueKind.Null)
                    {
                        strings.Add(property.Value.GetString());
                    }
                    else
                    {
                        Collect(property.Value, strings);
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, strings);
                }

                break;
        }
    }

    private static SoftwareVersion Parse(string text) => SoftwareVersion.TryParse(text, out var version) ? version : throw new FormatException(text);
}
