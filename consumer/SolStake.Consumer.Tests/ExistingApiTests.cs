using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SolStake.Testing;

namespace SolStake.Consumer.Tests;

/// <summary>Composition 5, from the packed feed, started in Production: a team's existing API with SolStake added.</summary>
public class ExistingApiTests
{
    private const string Wallet = "83wDqn8DFg5oh1WetQJwcyZySjxGkxWVKf3p39T6GMQH";
    private static readonly SymmetricSecurityKey TeamKey = new(Encoding.UTF8.GetBytes("the-team's-own-signing-key-not-solstake's-0123456789"));

    private static string TeamToken(string user, string role) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = ExistingApi.Issuer,
        Audience = ExistingApi.Audience,
        Subject = new ClaimsIdentity([new Claim("sub", user), new Claim("role", role)]),
        Expires = DateTime.UtcNow.AddMinutes(10),
        SigningCredentials = new SigningCredentials(TeamKey, SecurityAlgorithms.HmacSha256),
    });

    [Test]
    public async Task ExistingApi_KeepsEveryTeamSetting_IgnoresSpoofedAddresses_AndTheTeamsTokensReachSolStake()
    {
        await using var rpc = await FixtureRpcServer.StartAsync();
        rpc.ServeVoteAccountsWithEpochInfo();
        var stakes = await File.ReadAllTextAsync(Fixtures.Path("mainnet-getProgramAccounts-Stake-jsonParsed-wallet83wDqn8-2024-08.json"));
        rpc.Serve("getProgramAccounts", FixtureRpcServer.Reply.Json($$"""{"jsonrpc":"2.0","id":1,"result":{{stakes}}}"""));
        var file = Path.Combine(Path.GetTempPath(), $"solstake-existing-{Guid.NewGuid():N}.db");
        try
        {
            // Production, and no SolStake secret anywhere: the team authenticates its users itself.
            await using var app = ExistingApi.Build(
            [
                "--environment=Production",
                "--urls=http://127.0.0.1:0",
                $"--Staking:SolStake:Storage:ConnectionString=Data Source={file}",
                $"--Staking:SolStake:Solana:RpcUrl={rpc.Url}",
                "--Logging:LogLevel:Default=Warning",
            ], TeamKey);
            await app.StartAsync();
            Assert.That(app.Environment.EnvironmentName, Is.EqualTo("Production"));
            await app.Services.GetRequiredService<SolStake.Ingestion.Sync.IValidatorSync>().RunOnceAsync(); // collects, then scores
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            using var http = new HttpClient { BaseAddress = new Uri(address) };

            // Each of the team's settings is what the team set.
            var forwarded = app.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;
            Assert.That(forwarded.KnownProxies, Is.EqualTo(new[] { ExistingApi.Proxy }));
            Assert.That(forwarded.KnownIPNetworks, Is.Empty);
            Assert.That(forwarded.ForwardLimit, Is.EqualTo(1));
            Assert.That(app.Services.GetRequiredService<IOptions<HybridCacheOptions>>().Value.MaximumPayloadBytes, Is.EqualTo(64 * 1024));
            Assert.That(app.Services.GetRequiredService<IDistributedCache>(), Is.InstanceOf<MemoryDistributedCache>(), "the team's own distributed cache");
            var schemes = app.Services.GetRequiredService<Microsoft.AspNetCore.Authentication.IAuthenticationSchemeProvider>();
            Assert.That((await schemes.GetDefaultAuthenticateSchemeAsync())?.Name, Is.EqualTo("Bearer"), "the team's default scheme");
            Assert.That((await schemes.GetAllSchemesAsync()).Select(s => s.Name), Is.EqualTo(new[] { "Bearer" }), "SolStake added no scheme");

            // A spoofed X-Forwarded-For from an untrusted sender changes nothing: not the team's client, not SolStake's count.
            using var spoofed = new HttpRequestMessage(HttpMethod.Get, "/team/ip") { Headers = { { "X-Forwarded-For", "6.6.6.6" } } };
            Assert.That(await (await http.SendAsync(spoofed)).Content.ReadAsStringAsync(), Is.EqualTo("127.0.0.1"));
            var remaining = new List<string>();
            foreach (var forged in new[] { "6.6.6.1", "6.6.6.2" })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/staking/cache/status") { Headers = { { "X-Forwarded-For", forged } } };
                remaining.Add((await http.SendAsync(request)).Headers.GetValues("X-RateLimit-Remaining").Single());
            }

            Assert.That(remaining, Is.EqualTo(new[] { "99", "98" }), "one client, one window");

            // The team's token: its own [Authorize] endpoint, and SolStake's fields through the mapped permissions.
            var manager = TeamToken("alice", ExistingApi.ManagerRole);
            var member = TeamToken("bob", "member");
            using var me = new HttpRequestMessage(HttpMethod.Get, "/team/me") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", manager) } };
            var meResponse = await http.SendAsync(me);
            Assert.That(meResponse.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await http.GetAsync("/team/me")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));

            async Task<string> AskAsync(string query, string? token)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/staking/graphql") { Content = JsonContent.Create(new { query }) };
                if (token is not null)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                }

                using var response = await http.SendAsync(request);
                return await response.Content.ReadAsStringAsync();
            }

            const string runs = "{ scoringRuns(limit: 1) { id status } }";
            const string track = $$"""mutation { trackWallet(walletPubkey: "{{Wallet}}") { walletPubkey stakeAccounts { id } } }""";
            const string wallet = $$"""{ wallet(walletPubkey: "{{Wallet}}") { walletPubkey stakeAccounts { id } } }""";
            Assert.That(await AskAsync(runs, member), Does.Contain("FORBIDDEN"));
            Assert.That(await AskAsync(track, member), Does.Contain("FORBIDDEN"));
            Assert.That(await AskAsync(wallet, member), Does.Contain("FORBIDDEN"));
            Assert.That(await AskAsync(runs, null), Does.Contain("UNAUTHENTICATED"));
            var runsAnswer = await AskAsync(runs, manager);
            Assert.That(runsAnswer, Does.Contain("\"scoringRuns\":[{\"id\":").And.Not.Contain("errors"), runsAnswer);
            var tracked = await AskAsync(track, manager);
            Assert.That(tracked, Does.Contain(Wallet).And.Not.Contain("errors"), tracked);
            var read = await AskAsync(wallet, manager);
            Assert.That(read, Does.Contain(Wallet).And.Not.Contain("errors"), read);

            // The dashboard under the team's path, reading the API under it too.
            var page = await http.GetAsync("/staking/dashboard");
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            await app.StopAsync();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var f in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(f);
            }
        }
    }
}
