using System.Text;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SolStake.Core.Storage;
using SolStake.GraphQL.Caching;
using SolStake.Testing;
using StackExchange.Redis;

namespace SolStake.Host.Tests;

/// <summary>The GraphQL response cache through a real host over the epoch-752 data: in memory, in a real Redis, and with Redis stopped.</summary>
public class ResponseCacheTests
{
    private const string Query = "{ validators(limit: 5) { voteAccount commission latestTrustScore { score state } } }";

    [Test]
    public async Task ARepeatedQuery_IsAnsweredFromTheCache_WithoutTheDatabase()
    {
        await using var api = await ApiHarness.StartAsync("Sqlite", cache: true);

        var (missStatus, missBody, miss) = await SendAsync(api, Query);
        var missCommands = api.Commands.Count;
        var (hitStatus, hitBody, hit) = await SendAsync(api, "# same query, other layout\n{\n  validators(limit: 5) {\n voteAccount commission latestTrustScore { score state } } }");

        Assert.That((missStatus, miss), Is.EqualTo((200, "MISS")));
        Assert.That(missCommands, Is.GreaterThan(0));
        Assert.That((hitStatus, hit), Is.EqualTo((200, "HIT")));
        Assert.That(api.Commands.Count, Is.Zero, "a hit must not touch the database");
        Assert.That(hitBody, Is.EqualTo(missBody));
        Assert.That(JsonDocument.Parse(hitBody).RootElement.GetProperty("data").GetProperty("validators").GetArrayLength(), Is.EqualTo(5));
    }

    [Test]
    public async Task VariablesAndPermissionScopes_KeepEntriesApart_ErrorsAreNotCached()
    {
        await using var api = await ApiHarness.StartAsync("Sqlite", cache: true);
        const string byLimit = "query($n: Int) { validators(limit: $n) { voteAccount } }";

        var (_, _, first) = await SendAsync(api, byLimit, new { n = 1 });
        var (_, _, otherVariables) = await SendAsync(api, byLimit, new { n = 2 });
        var (_, _, sameVariables) = await SendAsync(api, byLimit, new { n = 1 });
        var (_, _, viewer) = await SendAsync(api, byLimit, new { n = 1 }, api.Token("viewer"));
        var (_, _, viewerAgain) = await SendAsync(api, byLimit, new { n = 1 }, api.Token("viewer"));
        var (_, errorBody, error) = await SendAsync(api, "{ validator(voteAccount: \"not-a-pubkey\") { name } }");
        var (_, _, errorAgain) = await SendAsync(api, "{ validator(voteAccount: \"not-a-pubkey\") { name } }");

        Assert.That(new[] { first, otherVariables, sameVariables, viewer, viewerAgain }, Is.EqualTo(new[] { "MISS", "MISS", "HIT", "MISS", "HIT" }));
        Assert.That(errorBody, Does.Contain("errors"));
        Assert.That((error, errorAgain), Is.EqualTo(("MISS", "MISS")));
    }

    [Test]
    public async Task LiveState_CacheStatusAndJobRuns_IsNeverCached_EvenInsideAFragment()
    {
        await using var api = await ApiHarness.StartAsync("Sqlite", cache: true);
        var admin = api.Token("admin");
        const string Status = "{ cacheStatus { totalKeys } }";
        const string Runs = "query { ...runs } fragment runs on Query { jobRuns(limit: 5) { id } }";

        var (_, _, statusFirst) = await SendAsync(api, Status, token: admin);
        var (_, _, cached) = await SendAsync(api, Query, token: admin);
        var (_, statusBody, statusAgain) = await SendAsync(api, Status, token: admin);
        var (_, _, runsFirst) = await SendAsync(api, Runs, token: admin);
        var (_, _, runsAgain) = await SendAsync(api, Runs, token: admin);

        Assert.Multiple(() =>
        {
            Assert.That((statusFirst, statusAgain, runsFirst, runsAgain), Is.EqualTo(((string?)null, (string?)null, (string?)null, (string?)null)), "no X-Cache: not cacheable");
            Assert.That(cached, Is.EqualTo("MISS"));
            Assert.That(JsonDocument.Parse(statusBody).RootElement.GetProperty("data").GetProperty("cacheStatus").GetProperty("totalKeys").GetInt32(), Is.EqualTo(1),
                "the second status sees the entry the query between added");
        });
    }

    [Test]
    public async Task AScoringRun_DropsCachedResponsesAtOnce()
    {
        await using var api = await ApiHarness.StartAsync("Sqlite", cache: true);
        const string runs = "{ scoringRuns { id } }";
        var admin = api.Token("admin");
        var (_, before, _) = await SendAsync(api, runs, token: admin);
        var (_, _, cached) = await SendAsync(api, runs, token: admin);

        await api.Services.GetRequiredService<IScoringRunner>().RunAsync();
        var (_, after, afterRun) = await SendAsync(api, runs, token: admin);

        Assert.That(cached, Is.EqualTo("HIT"));
        Assert.That(afterRun, Is.EqualTo("MISS"));
        Assert.That(Runs(after), Is.EqualTo(Runs(before) + 1), "the new run is visible at once");
    }

    [Test]
    public async Task An_answer_computed_before_a_clear_is_not_stored_after_it()
    {
        await using var api = await ApiHarness.StartAsync("Sqlite", cache: true);
        var cache = api.Services.GetRequiredService<GraphQLResponseCache>();
        var body = Encoding.UTF8.GetBytes("{\"data\":{}}");

        // A request read the data under this generation; another process's change was noticed before it finished.
        var before = cache.Generation;
        await cache.FollowDataVersionAsync(changedHere: true, CancellationToken.None);
        await cache.SetAsync("graphql:stale", body, before, "test", CancellationToken.None);
        var stale = await cache.GetAsync("graphql:stale", CancellationToken.None);
        await cache.SetAsync("graphql:fresh", body, cache.Generation, "test", CancellationToken.None);
        var fresh = await cache.GetAsync("graphql:fresh", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(cache.Generation, Is.GreaterThan(before));
            Assert.That(stale, Is.Null, "the stale answer was not stored");
            Assert.That(fresh, Is.EqualTo(body));
        });
    }

    [Test]
    public async Task A_hit_hands_back_the_stored_answer_itself_not_a_copy()
    {
        // HybridCache copies a mutable value on every hit; an answer of every validator is 325 KB.
        await using var api = await ApiHarness.StartAsync("Sqlite", cache: true);
        var cache = api.Services.GetRequiredService<GraphQLResponseCache>();
        var body = Encoding.UTF8.GetBytes("{\"data\":{\"validators\":[]}}");

        await cache.SetAsync("graphql:kept", body, cache.Generation, "test", CancellationToken.None);
        var first = await cache.GetAsync("graphql:kept", CancellationToken.None);
        var second = await cache.GetAsync("graphql:kept", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.SameAs(body));
            Assert.That(second, Is.SameAs(body));
        });
    }

    [Test]
    public async Task The_cache_keeps_its_memory_budget_and_each_callers_share_evicting_the_oldest()
    {
        await using var api = await ApiHarness.StartAsync("Sqlite", cache: true, configure: c =>
        {
            c["SolStake:Cache:MemoryBudgetBytes"] = "65536";
            c["SolStake:Cache:MaxCallerShare"] = "0.5";
        });
        var cache = api.Services.GetRequiredService<GraphQLResponseCache>();
        var entry = new byte[15_000];

        // Caller a fills its share (32 KiB: two entries) and its third evicts its own first; b does the same; c's
        // entry then passes the budget (64 KiB) and evicts the oldest of all, a2.
        foreach (var (key, caller) in new[] { ("a1", "a"), ("a2", "a"), ("a3", "a"), ("b1", "b"), ("b2", "b"), ("b3", "b"), ("c1", "c") })
        {
            await cache.SetAsync("graphql:" + key, entry, cache.Generation, caller, CancellationToken.None);
        }

        var kept = new List<string>();
        foreach (var key in new[] { "a1", "a2", "a3", "b1", "b2", "b3", "c1" })
        {
            if (await cache.GetAsync("graphql:" + key, CancellationToken.None) is not null)
            {
                kept.Add(key);
            }
        }

        var status = cache.Status();
        var tooLarge = new byte[40_000];
        await cache.SetAsync("graphql:huge", tooLarge, cache.Generation, "d", CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(kept, Is.EqualTo(new[] { "a3", "b2", "b3", "c1" }));
            Assert.That((status.TotalKeys, status.MemoryUsage, status.MemoryBudget, status.CallerShare), Is.EqualTo((4, "58.59K", "64K", "32K")));
            Assert.That(await cache.GetAsync("graphql:huge", CancellationToken.None), Is.Null, "an answer over a caller's share is not cached");
        });
    }

    [Test]
    public async Task Junk_variables_share_one_cache_entry_and_the_status_reports_the_budget()
    {
        // The finding: 60 anonymous requests of one query, each with "variables": {"n": i}, made 61 entries. The
        // variables the operation does not declare are dropped, from the key too; declared ones are keyed in any order.
        await using var api = await ApiHarness.StartAsync("Sqlite", cache: true);

        var answers = new List<(int Status, string? Cache)>();
        for (var i = 0; i < 60; i++)
        {
            var (code, _, cache) = await SendAsync(api, Query, new { n = i });
            answers.Add((code, cache));
        }

        const string ByLimit = "query($a: Int, $b: Int) { validators(limit: $a, offset: $b) { voteAccount } }";
        var (_, _, ab) = await SendAsync(api, ByLimit, new { a = 2, b = 1 });
        var (_, _, ba) = await SendAsync(api, ByLimit, new { b = 1, a = 2, junk = "x" });
        var status = await api.Http.GetFromJsonAsync<JsonElement>("cache/status");

        Assert.That(answers, Is.EqualTo(new[] { (200, (string?)"MISS") }.Concat(Enumerable.Repeat((200, (string?)"HIT"), 59))));
        Assert.That((ab, ba), Is.EqualTo(("MISS", "HIT")));
        Assert.That(status.GetProperty("cache").GetProperty("totalKeys").GetInt32(), Is.EqualTo(2));
        Assert.That(status.GetProperty("cache").GetProperty("memoryBudget").GetString(), Is.EqualTo("64M"));
        Assert.That(status.GetProperty("cache").GetProperty("callerShare").GetString(), Is.EqualTo("16M"));
    }

    [Test]
    public async Task CacheStatus_AndClear_AsTheEarlierDesignServedThem()
    {
        await using var api = await ApiHarness.StartAsync("Sqlite", cache: true);
        await SendAsync(api, Query);
        await SendAsync(api, Query);

        var status = await api.Http.GetFromJsonAsync<JsonElement>("cache/status");
        Assert.That(status.GetProperty("status").GetString(), Is.EqualTo("ok"));
        Assert.That(status.GetProperty("cache").GetProperty("totalKeys").GetInt32(), Is.EqualTo(1));
        Assert.That(status.GetProperty("cache").GetProperty("memoryUsage").GetString(), Does.Match(@"^\d+(\.\d+)?[BKMG]$"));
        Assert.That(status.GetProperty("cache").GetProperty("hitRate").GetDouble(), Is.EqualTo(0.5));

        using var anonymous = await ClearAsync(api, null);
        using var viewer = await ClearAsync(api, api.Token("viewer"));
        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(viewer.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        var (_, _, stillCached) = await SendAsync(api, Query);
        Assert.That(stillCached, Is.EqualTo("HIT"), "a refused clear clears nothing");

        using var admin = await ClearAsync(api, api.Token("admin"));
        var cleared = await admin.Content.ReadFromJsonAsync<JsonElement>();
        var (_, _, afterClear) = await SendAsync(api, Query);
        var audit = await api.Services.GetRequiredService<IAuditLog>().RecentAsync(10);

        Assert.That(admin.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(cleared.GetProperty("success").GetBoolean(), Is.True);
        Assert.That(afterClear, Is.EqualTo("MISS"));
        Assert.That(audit.Where(e => e.Action == "cache.clear").Select(e => e.ActorId), Is.EqualTo(new[] { "admin-1" }));
    }

    [Test]
    public async Task WithRedis_ResponsesAreKeptThere_AndRedisStoppingCostsNoAnswer()
    {
        var redis = await RedisServer.StartOwnAsync();
        await using var api = await ApiHarness.StartAsync("Sqlite", cache: true, redisUrl: redis.Url);
        var (_, body, miss) = await SendAsync(api, Query);
        await using (var client = await ConnectionMultiplexer.ConnectAsync($"{redis.Host}:{redis.Port}"))
        {
            var keys = client.GetServer(redis.Host, redis.Port).Keys(pattern: "solstake:graphql:*").ToList();
            Assert.That(keys, Has.Count.EqualTo(1), "the response is in Redis under graphql:<sha256>");
            Assert.That(keys[0].ToString(), Does.Match("^solstake:graphql:[0-9a-f]{64}$"));
        }

        await redis.DisposeAsync();
        var (stoppedStatus, stoppedBody, stopped) = await SendAsync(api, "{ validators(limit: 2) { voteAccount } }");
        var (hitStatus, hitBody, hit) = await SendAsync(api, Query);
        await api.Services.GetRequiredService<IScoringRunner>().RunAsync();
        var (afterRunStatus, _, afterRun) = await SendAsync(api, Query);

        Assert.That(miss, Is.EqualTo("MISS"));
        Assert.That((stoppedStatus, stopped), Is.EqualTo((200, "MISS")));
        Assert.That(JsonDocument.Parse(stoppedBody).RootElement.GetProperty("data").GetProperty("validators").GetArrayLength(), Is.EqualTo(2));
        Assert.That((hitStatus, hit, hitBody), Is.EqualTo((200, "HIT", body)), "the in-memory level still answers");
        Assert.That((afterRunStatus, afterRun), Is.EqualTo((200, "MISS")), "invalidation still works here");
    }

    [Test]
    public async Task WithRedis_AnAnswerOverOneMebibyte_IsSharedWithAnotherInstance()
    {
        var redis = await RedisServer.StartOwnAsync();
        try
        {
            await using var first = await ApiHarness.StartAsync("Sqlite", cache: true, redisUrl: redis.Url);
            await using var second = await ApiHarness.StartAsync("Sqlite", cache: true, redisUrl: redis.Url);
            const string query = "{ validators { voteAccount validatorPubkey name website details scoreHistory(last: 2) { score state profile breakdown { factor points maxPoints detail } } } }";

            var body = string.Empty;
            async Task<(string? Cache, int Bytes)> SendAsync(ApiHarness api)
            {
                // An answer this large costs more than an anonymous caller may ask for (QueryCost): a signed-in one.
                using var request = new HttpRequestMessage(HttpMethod.Post, "graphql") { Content = System.Net.Http.Json.JsonContent.Create(new { query }) };
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", api.Token("viewer"));
                using var response = await api.Http.SendAsync(request);
                body = await response.Content.ReadAsStringAsync();
                return (CacheHeader(response), Encoding.UTF8.GetByteCount(body));
            }

            var fill = await SendAsync(first);
            var shared = await SendAsync(second);

            Assert.That(fill.Bytes, Is.GreaterThan(1024 * 1024), $"the answer is over HybridCache's default limit: {body[..Math.Min(300, body.Length)]}");
            Assert.That(fill.Cache, Is.EqualTo("MISS"));
            Assert.That(shared, Is.EqualTo(((string?)"HIT", fill.Bytes)), "the second instance reads the first one's answer from Redis");
        }
        finally
        {
            await redis.DisposeAsync();
        }
    }

    [Test]
    public async Task WithRedis_AClearOnOneInstance_IsSeenByAnother()
    {
        var redis = await RedisServer.StartOwnAsync();
        try
        {
            await using var first = await LightApi.StartAsync(redisUrl: redis.Url);
            await using var second = await LightApi.StartAsync(redisUrl: redis.Url);
            const string query = "{ __typename }";
            using var fill = await first.QueryAsync(query: query);
            using var fromRedis = await second.QueryAsync(query: query);
            using var fromMemory = await second.QueryAsync(query: query);

            await first.App.Services.GetRequiredService<GraphQLResponseCache>().ClearAsync();
            using var afterClear = await second.QueryAsync(query: query);

            Assert.That(CacheHeader(fill), Is.EqualTo("MISS"));
            Assert.That(CacheHeader(fromRedis), Is.EqualTo("HIT"), "the second instance finds the first one's response in Redis");
            Assert.That(CacheHeader(fromMemory), Is.EqualTo("HIT"));
            Assert.That(CacheHeader(afterClear), Is.EqualTo("MISS"), "the tag invalidation reaches the other instance's memory too");
        }
        finally
        {
            await redis.DisposeAsync();
        }
    }

    private static string? CacheHeader(HttpResponseMessage response) => response.Headers.TryGetValues("X-Cache", out var values) ? values.Single() : null;

    [TestCase(512L, "512B")]
    [TestCase(2560L, "2.5K")]
    [TestCase(2_621_440L, "2.5M")]
    [TestCase(3_221_225_472L, "3G")]
    public void MemoryUsage_IsPrintedLikeRedis(long bytes, string expected) =>
        Assert.That(GraphQLResponseCache.HumanBytes(bytes), Is.EqualTo(expected));

    private static int Runs(string body) => JsonDocument.Parse(body).RootElement.GetProperty("data").GetProperty("scoringRuns").GetArrayLength();

    private static async Task<HttpResponseMessage> ClearAsync(ApiHarness api, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "cache/clear");
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return await api.Http.SendAsync(request);
    }

    private static async Task<(int Status, string Body, string? Cache)> SendAsync(ApiHarness api, string query, object? variables = null, string? token = null)
    {
        api.Commands.Reset();
        using var request = new HttpRequestMessage(HttpMethod.Post, "graphql") { Content = JsonContent.Create(new { query, variables }) };
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await api.Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(),
            response.Headers.TryGetValues("X-Cache", out var values) ? values.Single() : null);
    }
}
