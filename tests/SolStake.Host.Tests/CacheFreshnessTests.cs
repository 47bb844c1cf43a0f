using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SolStake.Testing;

namespace SolStake.Host.Tests;

/// <summary>
/// Cached answers follow the data, not the process that wrote it: a host serving from its cache sees a scoring run
/// made by the <c>score</c> verb in another process, and a fix typed into the database by hand, within seconds;
/// on the embedded default without Redis, and on PostgreSQL with Redis across two hosts.
/// </summary>
[NonParallelizable]
public sealed class CacheFreshnessTests
{
    private const string Query = "{ validators(limit: 3) { voteAccount name latestTrustScore { scoringRunId } } }";

    // Generous: the host checks every second; a loaded CI machine may run it late.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Test]
    public async Task On_sqlite_without_redis_a_score_verb_and_a_manual_fix_are_answered_fresh()
    {
        using var sqlite = new TemporarySqlite("fresh");
        await using var rpc = await FixtureRpcServer.StartAsync();
        rpc.ServeVoteAccountsWithEpochInfo();
        var env = new Dictionary<string, string?>
        {
            ["SolStake__Storage__ConnectionString"] = sqlite.ConnectionString,
            ["SOLANA_RPC_URL"] = rpc.Url.ToString(),
        };
        await RunAsync(env, "sync");
        await RunAsync(env, "score");
        await using var host = await HostProcess.StartServerAsync(env);
        var token = HostProcess.Token("admin");

        var (firstCache, first) = await AskAsync(host, token);
        var (secondCache, second) = await AskAsync(host, token);
        await RunAsync(env, "score");
        var afterScore = await FreshAsync(host, token, body => RunIdOf(body) != RunIdOf(first));

        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection(sqlite.ConnectionString))
        {
            await connection.OpenAsync();
            await using var fix = connection.CreateCommand();
            fix.CommandText = "UPDATE validators SET name = 'Fixed by hand'";
            await fix.ExecuteNonQueryAsync();
        }

        var afterFix = await FreshAsync(host, token, body => NameOf(body) == "Fixed by hand");

        Assert.Multiple(() =>
        {
            Assert.That((firstCache, secondCache), Is.EqualTo(("MISS", "HIT")));
            Assert.That(RunIdOf(second), Is.EqualTo(RunIdOf(first)));
            Assert.That(afterScore.Cache, Is.EqualTo("MISS"), "answered from the database after the verb's run");
            Assert.That(afterFix.Cache, Is.EqualTo("MISS"));
        });
    }

    [Test]
    public async Task On_postgres_with_redis_two_hosts_answer_a_score_verbs_run_fresh()
    {
        var database = await Servers.Postgres.CreateDatabaseAsync("fresh");
        await using var rpc = await FixtureRpcServer.StartAsync();
        rpc.ServeVoteAccountsWithEpochInfo();
        var env = new Dictionary<string, string?>
        {
            ["DATABASE_URL"] = database,
            // A Redis database of its own, so no other test's entries interfere.
            ["REDIS_URL"] = $"{Servers.Redis.Url}/6",
            ["SOLANA_RPC_URL"] = rpc.Url.ToString(),
            ["SolStake__RateLimit__KeyPrefix"] = $"fresh-{Guid.NewGuid():N}:",
        };
        await RunAsync(env, "sync");
        await RunAsync(env, "score");
        await using var a = await HostProcess.StartServerAsync(env);
        await using var b = await HostProcess.StartServerAsync(env);
        var token = HostProcess.Token("admin");

        var (onA, first) = await AskAsync(a, token);
        var (onB, _) = await AskAsync(b, token);
        await RunAsync(env, "score");
        var freshA = await FreshAsync(a, token, body => RunIdOf(body) != RunIdOf(first));
        var freshB = await FreshAsync(b, token, body => RunIdOf(body) != RunIdOf(first));
        // Each host reads the version on its own clock: one that notices the run after the other has cached the fresh
        // answer drops that entry once more (the tag is shared through Redis), so the answer is cached again within a tick.
        var (againOnB, again) = await AskAsync(b, token);
        for (var clock = Stopwatch.StartNew(); againOnB != "HIT" && clock.Elapsed < Deadline; await Task.Delay(200))
        {
            (againOnB, again) = await AskAsync(b, token);
        }

        Assert.Multiple(() =>
        {
            Assert.That((onA, onB), Is.EqualTo(("MISS", "HIT")), "B answered from the entry A put in Redis");
            Assert.That(RunIdOf(freshA.Body), Is.EqualTo(RunIdOf(freshB.Body)), "both hosts answer the verb's run");
            Assert.That(againOnB, Is.EqualTo("HIT"), "the fresh answer is cached again");
            Assert.That(RunIdOf(again), Is.EqualTo(RunIdOf(freshB.Body)));
        });
    }

    [Test]
    public async Task The_cost_model_counts_a_run_that_another_process_stored_even_with_the_cache_off()
    {
        using var sqlite = new TemporarySqlite("fresh-cost");
        await using var rpc = await FixtureRpcServer.StartAsync();
        rpc.ServeVoteAccountsWithEpochInfo();
        var env = new Dictionary<string, string?>
        {
            ["SolStake__Storage__ConnectionString"] = sqlite.ConnectionString,
            ["SolStake__Cache__Enabled"] = "false",
            ["SOLANA_RPC_URL"] = rpc.Url.ToString(),
        };
        await RunAsync(env, "sync");
        await using var host = await HostProcess.StartServerAsync(env);
        // Every score of every validator: priced by the completed runs stored.
        const string everyScore = "{ validators { trustScores { score } } }";
        var before = await CostAsync(host, everyScore);

        await RunAsync(env, "score");
        var clock = Stopwatch.StartNew();
        var after = before;
        while (after == before && clock.Elapsed < Deadline)
        {
            await Task.Delay(200);
            after = await CostAsync(host, everyScore);
        }

        Assert.That(after, Is.GreaterThan(before), "one more completed run makes every validator's scores cost more");
    }

    private static async Task<long> CostAsync(HostProcess host, string query)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "graphql") { Content = JsonContent.Create(new { query }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", HostProcess.Token("admin"));
        using var response = await host.Http.SendAsync(request);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
        return long.Parse(response.Headers.GetValues("X-Query-Cost").Single(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task RunAsync(Dictionary<string, string?> env, string verb)
    {
        var result = await HostProcess.RunVerbAsync(env, verb);
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
    }

    private static async Task<(string? Cache, JsonElement Body)> AskAsync(HostProcess host, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "graphql") { Content = JsonContent.Create(new { query = Query }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await host.Http.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That((int)response.StatusCode, Is.EqualTo(200), body.ToString());
        return (response.Headers.TryGetValues("X-Cache", out var values) ? values.Single() : null, body);
    }

    /// <summary>Asks until the answer shows the change; fails when it does not within <see cref="Deadline"/>.</summary>
    private static async Task<(string? Cache, JsonElement Body)> FreshAsync(HostProcess host, string token, Func<JsonElement, bool> shows)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var answer = await AskAsync(host, token);
            if (shows(answer.Body))
            {
                return answer;
            }

            if (clock.Elapsed > Deadline)
            {
                Assert.Fail($"Still answering stale data ({answer.Cache}) {Deadline.TotalSeconds} s after the change: {answer.Body}\n{host.Output}");
            }

            await Task.Delay(250);
        }
    }

    private static string? RunIdOf(JsonElement body) =>
        body.GetProperty("data").GetProperty("validators")[0].GetProperty("latestTrustScore").GetProperty("scoringRunId").GetString();

    private static string? NameOf(JsonElement body) => body.GetProperty("data").GetProperty("validators")[0].GetProperty("name").GetString();
}
