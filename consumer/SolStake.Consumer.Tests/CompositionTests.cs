using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using SolStake.Core.Jobs;
using SolStake.Core.Storage;
using SolStake.GraphQL.Auth;
using SolStake.Scoring;
using SolStake.Testing;

namespace SolStake.Consumer.Tests;

/// <summary>The three compositions, run for real against the packages from the feed.</summary>
public class CompositionTests
{
    private const string Secret = "consumer-test-secret-that-is-long-enough-for-hs256";

    [Test]
    public void ScoringOnly_RanksTheClusterAndSerialisesAsAUserExpects()
    {
        var ranking = ScoringOnly.Run();

        Assert.That(ranking, Has.Count.EqualTo(3));
        Assert.That(ranking[^1].VoteAccount.ToString(), Is.EqualTo("FmDA6Ti6YXd2Bb8SwfqPsGHBB4KPLP5JfH2Jj47v2PFQ"), "the 100 % commission validator ranks last");
        Assert.That(ranking[^1].State, Is.EqualTo(ScoreState.Ineligible));
        Assert.That(ranking[0].State, Is.EqualTo(ScoreState.Eligible));

        // What a minimal API returning the score would write: the pubkey in base58, the state by name.
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(new { ranking[0].VoteAccount, ranking[0].State, last = ranking[^1].State }));
        Assert.That(json.RootElement.GetProperty("VoteAccount").GetString(), Is.EqualTo(ranking[0].VoteAccount.ToString()));
        Assert.That(json.RootElement.GetProperty("State").GetString(), Is.EqualTo("ELIGIBLE"));
        Assert.That(json.RootElement.GetProperty("last").GetString(), Is.EqualTo("INELIGIBLE"));
    }

    [Test]
    public async Task SyncToSqlite_StoresTheRecordedClusterAndReadsItsScores()
    {
        await using var rpc = await FixtureRpcServer.StartAsync();
        rpc.ServeVoteAccountsWithEpochInfo();
        var file = Path.Combine(Path.GetTempPath(), $"solstake-consumer-{Guid.NewGuid():N}.db");
        try
        {
            var top = await SyncToSqlite.RunAsync([$"--SolStake:Solana:RpcUrl={rpc.Url}", $"--SolStake:Storage:ConnectionString=Data Source={file}"]);

            Assert.That(top, Has.Count.EqualTo(10));
            Assert.That(top.Select(v => v.LatestScore), Has.All.Not.Null);
            Assert.That(top.Select(v => v.LatestScore!.Score), Is.Ordered.Descending);
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

    [Test]
    public async Task DashboardHost_ServesThePagesAtItsPath_AndTheExplorerForBrowsers()
    {
        await using var rpc = await FixtureRpcServer.StartAsync();
        rpc.ServeVoteAccountsWithEpochInfo();
        var file = Path.Combine(Path.GetTempPath(), $"solstake-dashboard-{Guid.NewGuid():N}.db");
        try
        {
            await using var app = DashboardHost.Build(
            [
                "--urls=http://127.0.0.1:0",
                $"--SolStake:Storage:ConnectionString=Data Source={file}",
                $"--SolStake:Solana:RpcUrl={rpc.Url}",
                $"--SolStake:Auth:SecretKey={Secret}",
                "--SolStake:GraphQL:EnableIntrospection=true",
                "--Logging:LogLevel:Default=Warning",
            ]);
            await app.StartAsync();
            await app.Services.GetRequiredService<SolStake.Ingestion.Sync.IValidatorSync>().RunOnceAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(address) };

            var root = await http.GetAsync("/");
            Assert.That(root.Headers.Location?.ToString(), Is.EqualTo("/dashboard"), "the team's own page");

            var page = await http.GetAsync("/dashboard");
            var html = await page.Content.ReadAsStringAsync();
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), html);
            Assert.That(page.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("default-src 'none'"));
            var script = System.Text.RegularExpressions.Regex.Match(html, "src=\"(/dashboard/assets/[^\"]+\\.js)\"").Groups[1].Value;
            Assert.That(script, Is.Not.Empty, "the assets are under the dashboard's path");
            Assert.That((await http.GetAsync(script)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

            using var browser = new HttpRequestMessage(HttpMethod.Get, "/graphql") { Headers = { { "Accept", "text/html" } } };
            var explorer = await (await http.SendAsync(browser)).Content.ReadAsStringAsync();
            Assert.That(explorer, Does.Contain("SolStake GraphQL explorer").And.Contain("/dashboard/assets/"));

            var graphql = await http.PostAsJsonAsync("/graphql", new { query = "{ cluster { validatorCount lastSyncAt } }" });
            var body = await graphql.Content.ReadAsStringAsync();
            Assert.That(graphql.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
            Assert.That(body, Does.Contain("\"validatorCount\":").And.Contain("\"lastSyncAt\":\"20"));
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

    [Test]
    public async Task TeamHost_ServesSolStakeAndTheTeamsOwnEndpoint()
    {
        await using var postgres = await PostgresServer.StartAsync();
        await using var redis = await RedisServer.StartAsync();
        await using var rpc = await FixtureRpcServer.StartAsync();
        rpc.ServeVoteAccountsWithEpochInfo();
        await using var app = TeamHost.Build(
        [
            "--urls=http://127.0.0.1:0",
            $"--SolStake:Storage:ConnectionString={await postgres.CreateDatabaseAsync("consumer")}",
            $"--SolStake:Solana:RpcUrl={rpc.Url}",
            $"--SolStake:Redis:ConnectionString={redis.Url}",
            $"--SolStake:Auth:SecretKey={Secret}",
            "--SolStake:RateLimit:PermitLimit=12",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        using var http = new HttpClient { BaseAddress = new Uri(address) };

        // The data arrives the way it does in production: the fetch job, on the clustered scheduler.
        await app.Services.GetRequiredService<IJobScheduler>().TriggerNowAsync(JobNames.Fetch);
        var history = app.Services.GetRequiredService<IJobHistory>();
        for (var i = 0; i < 600 && await history.LastSucceededAsync(JobNames.Fetch) is null; i++)
        {
            await Task.Delay(100);
        }

        Assert.That(await history.LastSucceededAsync(JobNames.Fetch), Is.Not.Null, "the fetch job succeeded");

        var graphql = await http.PostAsJsonAsync("/graphql", new { query = "{ validators(limit: 3, orderBy: SCORE) { voteAccount latestTrustScore { score state } } }" });
        var graphqlBody = await graphql.Content.ReadAsStringAsync();
        Assert.That(graphql.StatusCode, Is.EqualTo(HttpStatusCode.OK), graphqlBody);
        Assert.That(graphql.Headers.GetValues("X-RateLimit-Limit").Single(), Is.EqualTo("12"));
        using (var json = JsonDocument.Parse(graphqlBody))
        {
            Assert.That(json.RootElement.GetProperty("data").GetProperty("validators").GetArrayLength(), Is.EqualTo(3));
        }

        var anonymous = await http.GetAsync("/team/top");
        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));

        var tokens = app.Services.GetRequiredService<JwtTokens>();
        using var noPermission = new HttpRequestMessage(HttpMethod.Get, "/team/top") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", tokens.Issue("guest", "guest")) } };
        Assert.That((await http.SendAsync(noPermission)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));

        var viewer = tokens.Issue("team-user", Permissions.Viewer);
        using var allowed = new HttpRequestMessage(HttpMethod.Get, "/team/top") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", viewer) } };
        var team = await http.SendAsync(allowed);
        var teamBody = await team.Content.ReadAsStringAsync();
        Assert.That(team.StatusCode, Is.EqualTo(HttpStatusCode.OK), teamBody);
        Assert.That(team.Headers.Contains("X-RateLimit-Remaining"), Is.True, "the team's endpoint counts against SolStake's window");
        using (var json = JsonDocument.Parse(teamBody))
        {
            var first = json.RootElement[0];
            Assert.That(first.GetProperty("voteAccount").GetString(), Has.Length.InRange(32, 44), "a pubkey is written in base58");
            Assert.That(first.GetProperty("state").GetString(), Is.EqualTo("ELIGIBLE").Or.EqualTo("INELIGIBLE").Or.EqualTo("UNRATED"));
        }

        HttpResponseMessage? refused = null;
        for (var i = 0; i < 20 && refused is null; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/team/top") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", viewer) } };
            var response = await http.SendAsync(request);
            refused = response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }

        Assert.That(refused, Is.Not.Null, "the window of 12 fills up");
        Assert.That(refused!.Headers.RetryAfter, Is.Not.Null);
        Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("Too Many Requests"));

        var ready = await http.GetAsync("/health/ready");
        var readyBody = await ready.Content.ReadAsStringAsync();
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK), readyBody);
        Assert.That(readyBody, Does.Contain("solstake-database").And.Contain("solstake-redis").And.Contain("solstake-scheduler"));
        Assert.That(await http.GetStringAsync("/metrics"), Does.Contain("solstake_validators"));
        await app.StopAsync();
    }
}
