using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SolStake.GraphQL.Auth;

namespace SolStake.Host.Tests;

/// <summary>
/// What decides access is what keys the response cache: for every protected field that is cached, a token whose role
/// grants it but whose permissions were narrowed, and a token whose role does not but whose permissions include it,
/// asked in both orders. The narrowed token never receives the other's cached answer, nor the other way round.
/// </summary>
public class ScopedCacheTests
{
    private static IEnumerable<TestCaseData> Fields()
    {
        var fields = new (string Query, string Needs)[]
        {
            ("{ scoringRuns { id } }", Permissions.ReadScores),
            ("{ users { id } }", Permissions.ReadUsers),
            ("{ wallet(walletPubkey: \"83wDqn8DFg5oh1WetQJwcyZySjxGkxWVKf3p39T6GMQH\") { id } }", Permissions.ReadValidators),
            ("{ systemStats { validatorCount } }", Permissions.AdminSystem),
        };
        foreach (var (query, needs) in fields)
        {
            yield return new TestCaseData(query, needs, true).SetArgDisplayNames(needs, "granted first");
            yield return new TestCaseData(query, needs, false).SetArgDisplayNames(needs, "narrowed first");
        }
    }

    [TestCaseSource(nameof(Fields))]
    public async Task A_narrowed_and_a_granted_token_each_get_their_own_answer_in_either_order(string query, string needs, bool grantedFirst)
    {
        await using var api = await ApiHarness.StartAsync("Sqlite", cache: true);
        var tokens = api.Services.GetRequiredService<JwtTokens>();
        // The admin role grants everything; this admin token was narrowed to all but the field's permission.
        var narrowed = tokens.Issue("narrowed-1", "admin", permissions: [.. Permissions.OfRole("admin").Where(p => p != needs)]);
        // The viewer role does not grant admin or user reads; this token was given the field's permission.
        var granted = tokens.Issue("granted-1", "viewer", permissions: [needs]);

        var first = await SendAsync(api, query, grantedFirst ? granted : narrowed);
        var second = await SendAsync(api, query, grantedFirst ? narrowed : granted);
        var (g, n) = grantedFirst ? (first, second) : (second, first);

        Assert.Multiple(() =>
        {
            Assert.That(g.Body.TryGetProperty("errors", out _), Is.False, g.Body.ToString());
            Assert.That(n.Body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString(), Is.EqualTo("FORBIDDEN"), n.Body.ToString());
            Assert.That(second.Cache, Is.Not.EqualTo("HIT"), "the second caller's answer was computed for it");
        });
    }

    private static async Task<(JsonElement Body, string? Cache)> SendAsync(ApiHarness api, string query, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "graphql") { Content = JsonContent.Create(new { query }) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await api.Http.SendAsync(request);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(), response.Headers.TryGetValues("X-Cache", out var values) ? values.Single() : null);
    }
}
