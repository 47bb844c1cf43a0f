using Microsoft.Extensions.DependencyInjection;
using SolStake.Core.Domain;
using SolStake.Core.Storage;

namespace SolStake.Host.Tests;

/// <summary><c>Validator.client</c> through a real host: the client each gossip version names (issue #31, item 5).</summary>
public class ValidatorClientApiTests
{
    [Test]
    public async Task EachValidatorsClient_IsReadFromItsGossipVersion()
    {
        await using var api = await ApiHarness.StartAsync("Sqlite");
        var store = api.Services.GetRequiredService<IValidatorStore>();
        var validators = (await store.ListValidatorsAsync()).Take(5).ToList();
        string?[] versions = ["4.2.1", "0.1105.40200", "2.1.14+jito.1", "26.8.1", null];
        await store.UpdateVersionsAsync(validators.Select((v, i) => (v.Identity, versions[i])).ToDictionary(x => x.Identity, x => x.Item2), DateTimeOffset.UtcNow);

        var clients = new List<string?>();
        foreach (var validator in validators)
        {
            var (status, body) = await api.QueryAsync($$"""{ validator(voteAccount: "{{validator.VoteAccount}}") { version client } }""");
            Assert.That(status, Is.EqualTo(200), body.ToString());
            clients.Add(body.GetProperty("data").GetProperty("validator").GetProperty("client").GetString());
        }

        Assert.That(clients, Is.EqualTo(new[] { "AGAVE", "FRANKENDANCER", "JITO_AGAVE", "UNKNOWN", "UNKNOWN" }));
    }
}
