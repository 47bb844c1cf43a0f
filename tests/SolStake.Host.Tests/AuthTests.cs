using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SolStake.GraphQL.Auth;

namespace SolStake.Host.Tests;

public class AuthTests
{
    private static ApiHarness _api = null!;

    [OneTimeSetUp]
    public static async Task StartAsync() => _api = await ApiHarness.StartAsync("Sqlite");

    [OneTimeTearDown]
    public static async Task StopAsync() => await _api.DisposeAsync();

    private static readonly string[] Roles = [Permissions.Viewer, Permissions.User, Permissions.Admin];

    [TestCase("{ scoringRuns { id status validatorCount trustScores { score validator { validatorPubkey } } } }", "scoringRuns", null, "UNAUTHENTICATED")]
    [TestCase("{ scoringRuns { id status validatorCount trustScores { score validator { validatorPubkey } } } }", "scoringRuns", "viewer", null)]
    [TestCase("{ scoringRuns { id } }", "scoringRuns", "user", null)]
    [TestCase("{ scoringRuns { id } }", "scoringRuns", "admin", null)]
    [TestCase("{ users { id walletPubkey stakeAccounts { id stakedAmount validator { validatorPubkey name } } } }", "users", null, "UNAUTHENTICATED")]
    [TestCase("{ users { id } }", "users", "viewer", "FORBIDDEN")]
    [TestCase("{ users { id } }", "users", "user", "FORBIDDEN")]
    [TestCase("{ users { id } }", "users", "admin", null)]
    [TestCase("{ systemStats { validatorCount userCount scoringRunCount timestamp } }", "systemStats", null, "UNAUTHENTICATED")]
    [TestCase("{ systemStats { validatorCount } }", "systemStats", "viewer", "FORBIDDEN")]
    [TestCase("{ systemStats { validatorCount } }", "systemStats", "user", "FORBIDDEN")]
    [TestCase("{ systemStats { validatorCount userCount scoringRunCount timestamp } }", "systemStats", "admin", null)]
    [TestCase("{ cacheStatus { totalKeys memoryUsage hitRate } }", "cacheStatus", null, "UNAUTHENTICATED")]
    [TestCase("{ cacheStatus { totalKeys } }", "cacheStatus", "viewer", "FORBIDDEN")]
    [TestCase("{ cacheStatus { totalKeys } }", "cacheStatus", "user", "FORBIDDEN")]
    [TestCase("{ cacheStatus { totalKeys memoryUsage hitRate } }", "cacheStatus", "admin", null)]
    [TestCase("mutation { clearCache { success message timestamp } }", "clearCache", null, "UNAUTHENTICATED")]
    [TestCase("mutation { clearCache { success } }", "clearCache", "viewer", "FORBIDDEN")]
    [TestCase("mutation { clearCache { success } }", "clearCache", "user", "FORBIDDEN")]
    [TestCase("mutation { clearCache { success message timestamp } }", "clearCache", "admin", null)]
    [TestCase("mutation { invalidateValidatorCache { success message timestamp } }", "invalidateValidatorCache", null, "UNAUTHENTICATED")]
    [TestCase("mutation { invalidateValidatorCache { success } }", "invalidateValidatorCache", "viewer", "FORBIDDEN")]
    [TestCase("mutation { invalidateValidatorCache { success } }", "invalidateValidatorCache", "user", "FORBIDDEN")]
    [TestCase("mutation { invalidateValidatorCache { success message timestamp } }", "invalidateValidatorCache", "admin", null)]
    [TestCase("mutation { trackWallet(walletPubkey: \"83wDqn8DFg5oh1WetQJwcyZySjxGkxWVKf3p39T6GMQH\") { id } }", "trackWallet", null, "UNAUTHENTICATED")]
    [TestCase("mutation { trackWallet(walletPubkey: \"83wDqn8DFg5oh1WetQJwcyZySjxGkxWVKf3p39T6GMQH\") { id } }", "trackWallet", "viewer", "FORBIDDEN")]
    [TestCase("{ wallet(walletPubkey: \"83wDqn8DFg5oh1WetQJwcyZySjxGkxWVKf3p39T6GMQH\") { id } }", "wallet", null, "UNAUTHENTICATED")]
    [TestCase("{ validators(limit: 1) { voteAccount } }", "validators", null, null)]
    [TestCase("{ validators(limit: 1) { voteAccount } }", "validators", "viewer", null)]
    public async Task RoleMatrix(string query, string field, string? role, string? expectedError)
    {
        var (status, body) = await _api.QueryAsync(query, token: role is null ? null : _api.Token(role));

        Assert.That(status, Is.EqualTo(200), body.ToString());
        if (expectedError is null)
        {
            Assert.That(body.TryGetProperty("errors", out _), Is.False, body.ToString());
            Assert.That(body.GetProperty("data").GetProperty(field).ValueKind, Is.Not.EqualTo(JsonValueKind.Null));
        }
        else
        {
            Assert.That(body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString(), Is.EqualTo(expectedError));
        }
    }

    [Test]
    public async Task AdminSeesTheSystem()
    {
        var (_, body) = await _api.QueryAsync("{ systemStats { validatorCount scoringRunCount } scoringRuns(limit: 1) { validatorCount trustScores { score } } }", token: _api.Token(Permissions.Admin));

        Assert.That(body.GetProperty("data").GetProperty("systemStats").GetProperty("validatorCount").GetInt32(), Is.EqualTo(1351));
        Assert.That(body.GetProperty("data").GetProperty("systemStats").GetProperty("scoringRunCount").GetInt32(), Is.EqualTo(3));
        Assert.That(body.GetProperty("data").GetProperty("scoringRuns")[0].GetProperty("trustScores").GetArrayLength(), Is.EqualTo(1351));
    }

    private static string Craft(string secret, string algorithm = SecurityAlgorithms.HmacSha256, string issuer = "sol-stake-backend", string audience = "sol-stake-users", DateTime? expires = null, DateTime? notBefore = null)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = (notBefore ?? now).AddSeconds(-1),
            NotBefore = notBefore ?? now.AddSeconds(-1),
            Expires = expires ?? now.AddHours(1),
            Claims = new Dictionary<string, object> { ["userId"] = "x", ["role"] = "admin", ["permissions"] = Permissions.OfRole("admin").ToArray() },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)), algorithm),
        });
    }

    private static IEnumerable<TestCaseData> RejectedTokens()
    {
        var secret = HostProcess.TestSecret;
        yield return new TestCaseData(Craft(secret)[..^5] + "AAAAA", "signature").SetArgDisplayNames("tampered signature");
        yield return new TestCaseData(Craft("another-secret-of-32-bytes-or-more-0123456789"), "signature").SetArgDisplayNames("wrong key");
        yield return new TestCaseData(Craft(secret + secret, SecurityAlgorithms.HmacSha512), "").SetArgDisplayNames("HS512");
        yield return new TestCaseData(Craft(secret, expires: DateTime.UtcNow.AddMinutes(-5), notBefore: DateTime.UtcNow.AddHours(-1)), "expired").SetArgDisplayNames("expired");
        yield return new TestCaseData(Craft(secret, issuer: "someone-else"), "issuer").SetArgDisplayNames("wrong issuer");
        yield return new TestCaseData(Craft(secret, audience: "someone-else"), "audience").SetArgDisplayNames("wrong audience");
        yield return new TestCaseData("not.a.token", "").SetArgDisplayNames("malformed");
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        var payload = Base64UrlEncoder.Encode($$"""{"userId":"x","role":"admin","iss":"sol-stake-backend","aud":"sol-stake-users","exp":{{DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}}}""");
        yield return new TestCaseData($"{header}.{payload}.", "").SetArgDisplayNames("alg none");
    }

    [TestCaseSource(nameof(RejectedTokens))]
    public async Task BadTokens_AreRejectedWith401AndUnauthenticated(string token, string reason)
    {
        var (status, body) = await _api.QueryAsync("{ validators(limit: 1) { voteAccount } }", token: token);

        Assert.That(status, Is.EqualTo(401), body.ToString());
        var error = body.GetProperty("errors")[0];
        Assert.That(error.GetProperty("extensions").GetProperty("code").GetString(), Is.EqualTo("UNAUTHENTICATED"));
        Assert.That(error.GetProperty("message").GetString(), Does.Contain(reason));
    }

    [Test]
    public async Task ClockSkew_OfAFewSeconds_IsTolerated()
    {
        var token = Craft(HostProcess.TestSecret, expires: DateTime.UtcNow.AddSeconds(-5), notBefore: DateTime.UtcNow.AddMinutes(-10));

        var (status, _) = await _api.QueryAsync("{ validators(limit: 1) { voteAccount } }", token: token);

        Assert.That(status, Is.EqualTo(200));
    }

    [Test]
    public void Issue_UsesRolePermissions_AndTheConfiguredExpiry()
    {
        var token = new JsonWebToken(_api.Token(Permissions.User));

        Assert.That(token.Issuer, Is.EqualTo("sol-stake-backend"));
        Assert.That(token.Audiences, Is.EqualTo(new[] { "sol-stake-users" }));
        Assert.That(token.GetClaim("role").Value, Is.EqualTo("user"));
        Assert.That(token.Claims.Where(c => c.Type == "permissions").Select(c => c.Value), Is.EquivalentTo(Permissions.OfRole("user")));
        Assert.That(token.ValidTo - token.ValidFrom, Is.EqualTo(TimeSpan.FromHours(24)));
    }

    [TestCase("24h", 24 * 3600)]
    [TestCase("30m", 1800)]
    [TestCase("7d", 7 * 86400)]
    [TestCase("3600", 3600)]
    [TestCase("01:00:00", 3600)]
    public void Expiry_AcceptsTheEarlierDesignsForms(string text, int seconds)
    {
        Assert.That(new AuthOptions { Expiry = text }.ExpiryDuration(), Is.EqualTo(TimeSpan.FromSeconds(seconds)));
    }

    [TestCase("soon")]
    [TestCase("-5m")]
    [TestCase("10y")]
    public void Expiry_RefusesOtherText(string text)
    {
        Assert.Throws<FormatException>(() => new AuthOptions { Expiry = text }.ExpiryDuration());
    }
}
