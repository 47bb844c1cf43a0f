using SolStake.Storage.PostgreSQL;
using System.Net;
using System.Net.Http.Headers;
using Npgsql;
using SolStake.Storage;
using SolStake.Testing;

namespace SolStake.Host.Tests;

/// <summary>
/// The documented scale-out deployment, for real: two host processes on their own loopback ports, one PostgreSQL
/// database (data and Quartz's clustered job store), one Redis (rate limit, response cache, invalidations).
/// </summary>
[NonParallelizable]
public sealed class ScaleOutTests
{
    private const string Query = "{ validators(limit: 3) { voteAccount } }";

    [Test]
    public async Task Two_hosts_share_the_schedule_the_rate_limit_and_the_cache_and_a_killed_host_leaves_nothing_running()
    {
        var database = await Servers.Postgres.CreateDatabaseAsync("scale");
        var connectionString = PostgresConnectionString.Normalize(database);
        await using var rpc = await FixtureRpcServer.StartAsync();
        rpc.ServeVoteAccountsWithEpochInfo();
        var env = new Dictionary<string, string?>
        {
            ["DATABASE_URL"] = database,
            // A database of its own in the shared Redis, so no other test's counts or entries interfere.
            ["REDIS_URL"] = $"{Servers.Redis.Url}/7",
            ["SOLANA_RPC_URL"] = rpc.Url.ToString(),
            ["SolStake__RateLimit__KeyPrefix"] = $"scaleout-{Guid.NewGuid():N}:",
            ["SolStake__Jobs__ClusterCheckinInterval"] = "00:00:01",
            ["SolStake__Jobs__RetryDelay"] = "00:00:01",
        };
        await using var a = await HostProcess.StartServerAsync(env);
        await using var b = await HostProcess.StartServerAsync(env);

        await RateLimitIsSharedAsync(a, b);
        await AClearOnOneHostIsSeenByTheOtherAsync(a, b);
        await EachFetchFiringRunsOnExactlyOneHostAsync(env, connectionString, a, b);
        await AKilledHostsJobCompletesOnTheOtherAndLeavesNoRunRunningAsync(connectionString, a, b);
    }

    private static async Task RateLimitIsSharedAsync(HostProcess a, HostProcess b)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 100; i++)
        {
            using var response = await (i % 2 == 0 ? a : b).Http.GetAsync("graphql?query=%7B__typename%7D");
            statuses.Add(response.StatusCode);
        }

        using var overA = await a.Http.GetAsync("graphql?query=%7B__typename%7D");
        using var overB = await b.Http.GetAsync("graphql?query=%7B__typename%7D");
        Assert.Multiple(() =>
        {
            Assert.That(statuses, Has.All.EqualTo(HttpStatusCode.OK), "100 requests in total, 50 on each host");
            Assert.That((overA.StatusCode, overB.StatusCode), Is.EqualTo((HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests)), "the 101st, on either host");
            Assert.That(overB.Headers.RetryAfter, Is.Not.Null);
        });
    }

    private static async Task AClearOnOneHostIsSeenByTheOtherAsync(HostProcess a, HostProcess b)
    {
        // The rate limit is spent for anonymous callers; an admin is another client.
        var admin = HostProcess.Token("admin");
        var first = await CacheAsync(a, admin);
        var second = await CacheAsync(b, admin);
        using var clear = new HttpRequestMessage(HttpMethod.Post, "cache/clear");
        clear.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
        using var cleared = await b.Http.SendAsync(clear);
        var afterClear = await CacheAsync(a, admin);

        Assert.Multiple(() =>
        {
            Assert.That((first, second), Is.EqualTo(("MISS", "HIT")), "B answers from the entry A put in Redis");
            Assert.That(cleared.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(afterClear, Is.EqualTo("MISS"), "B's clear reached A's memory and Redis");
        });
    }

    private static async Task<string?> CacheAsync(HostProcess host, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "graphql") { Content = System.Net.Http.Json.JsonContent.Create(new { query = Query }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await host.Http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return response.Headers.TryGetValues("X-Cache", out var values) ? values.Single() : null;
    }

    private static async Task EachFetchFiringRunsOnExactlyOneHostAsync(
        Dictionary<string, string?> env, string connectionString, HostProcess a, HostProcess b)
    {
        var setup = await HostProcess.RunVerbAsync(env, "queue", "scheduler", "setup", "custom", "--fetch-interval", "00:00:03");
        Assert.That(setup.ExitCode, Is.Zero, setup.ToString());
        Assert.That(setup.StandardOutput, Does.Contain("every 00:00:03"));

        var runs = await WaitAsync(connectionString, "SELECT count(*) FROM job_runs WHERE job = 'fetch' AND status = 'succeeded'", n => n >= 4, "four scheduled fetches");
        var rows = await QueryAsync(connectionString, "SELECT fire_id, instance, started_at FROM job_runs WHERE job = 'fetch' ORDER BY started_at",
            r => (FireId: r.GetString(0), Instance: r.GetString(1), StartedAt: r.GetFieldValue<DateTimeOffset>(2)));
        var monitor = await HostProcess.RunVerbAsync(env, "queue", "monitor", "--once");
        // A host's scheduler checks in every few seconds; on a loaded machine one check-in can be late, and the cluster
        // then reads as one instance for a moment (seen once in CI). Both must be seen within a few check-ins.
        const string BothCheckedIn = @"healthy\s+scheduler\s+2 scheduler instance\(s\) checked in recently";
        var health = await HostProcess.RunVerbAsync(env, "metrics", "health");
        for (var attempt = 0; attempt < 5 && !System.Text.RegularExpressions.Regex.IsMatch(health.StandardOutput, BothCheckedIn); attempt++)
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            health = await HostProcess.RunVerbAsync(env, "metrics", "health");
        }

        Assert.Multiple(() =>
        {
            Assert.That(runs, Is.GreaterThanOrEqualTo(4));
            Assert.That(rows.Select(r => r.FireId), Is.Unique, "each firing recorded once: it ran on one host");
            Assert.That(rows.Select(r => r.Instance), Has.All.Contain($"-{a.ProcessId}-").Or.Contain($"-{b.ProcessId}-"), "only the two hosts run jobs");
            for (var i = 1; i < rows.Count; i++)
            {
                // Were a firing run on both hosts, two executions would start together.
                Assert.That(rows[i].StartedAt - rows[i - 1].StartedAt, Is.GreaterThan(TimeSpan.FromSeconds(1.5)), $"executions {i} and {i + 1}");
            }

            Assert.That(monitor.ExitCode, Is.Zero, monitor.ToString());
            Assert.That(monitor.StandardOutput, Does.Contain("PostgreSQL store (shared)"));
            Assert.That(monitor.StandardOutput, Does.Contain($"-{a.ProcessId}-").And.Contain($"-{b.ProcessId}-"), "both hosts checked in");
            Assert.That(health.ExitCode, Is.Zero, health.ToString());
            Assert.That(health.StandardOutput, Does.Match(BothCheckedIn));
        });
    }

    private static async Task AKilledHostsJobCompletesOnTheOtherAndLeavesNoRunRunningAsync(string connectionString, HostProcess a, HostProcess b)
    {
        // Hold the scores table: the next fetch opens its scoring run and then waits to insert the scores.
        await using var blocker = new NpgsqlConnection(connectionString);
        await blocker.OpenAsync();
        var transaction = await blocker.BeginTransactionAsync();
        await using (var lockScores = new NpgsqlCommand("LOCK TABLE trust_scores IN ACCESS EXCLUSIVE MODE", blocker, transaction))
        {
            await lockScores.ExecuteNonQueryAsync();
        }

        await WaitAsync(connectionString, "SELECT count(*) FROM scoring_runs WHERE status = 'running'", n => n == 1, "a scoring run waiting on the lock");
        var (victimInstance, runningSince) = (await QueryAsync(connectionString,
            "SELECT instance, started_at FROM job_runs WHERE job = 'fetch' AND status = 'running'", r => (r.GetString(0), r.GetFieldValue<DateTimeOffset>(1)))).Single();
        var victim = victimInstance.Contains($"-{a.ProcessId}-", StringComparison.Ordinal) ? a : b;
        var survivor = victim == a ? b : a;

        await victim.KillAsync();
        var killedAt = DateTimeOffset.UtcNow;
        await transaction.RollbackAsync();

        await WaitAsync(connectionString, "SELECT count(*) FROM job_runs WHERE status = 'abandoned'", n => n == 1, "the dead host's execution marked abandoned");
        await WaitAsync(connectionString,
            $"SELECT count(*) FROM job_runs WHERE job = 'fetch' AND status = 'succeeded' AND started_at > '{killedAt.UtcDateTime:O}'", n => n >= 1, "a fetch completed after the kill");
        await WaitAsync(connectionString, "SELECT count(*) FROM scoring_runs WHERE status = 'running'", n => n == 0, "no scoring run left running");

        var abandoned = (await QueryAsync(connectionString, "SELECT instance, error FROM job_runs WHERE status = 'abandoned'", r => (r.GetString(0), r.GetString(1)))).Single();
        var failedRuns = await QueryAsync(connectionString, "SELECT error FROM scoring_runs WHERE status = 'failed'", r => r.IsDBNull(0) ? "" : r.GetString(0));
        var after = await QueryAsync(connectionString,
            $"SELECT instance FROM job_runs WHERE job = 'fetch' AND status = 'succeeded' AND started_at > '{killedAt.UtcDateTime:O}'", r => r.GetString(0));
        using var health = await survivor.Http.GetAsync("health/ready");
        Assert.Multiple(() =>
        {
            Assert.That(victimInstance, Does.Contain($"-{victim.ProcessId}-"), "the killed host ran the execution");
            Assert.That(abandoned.Item1, Is.EqualTo(victimInstance));
            Assert.That(abandoned.Item2, Does.Contain("recovered by"));
            Assert.That(failedRuns, Has.Count.EqualTo(1), "the dead host's scoring run was marked failed");
            Assert.That(after, Has.All.Not.EqualTo(victimInstance), "the work went on on the survivor");
            Assert.That(runningSince, Is.LessThan(killedAt));
            Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    private static async Task<long> WaitAsync(string connectionString, string countSql, Func<long, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            var count = (await QueryAsync(connectionString, countSql, r => r.GetInt64(0))).Single();
            if (done(count))
            {
                return count;
            }

            if (DateTime.UtcNow > deadline)
            {
                var history = await QueryAsync(connectionString, "SELECT job, status, instance, coalesce(error, '') FROM job_runs ORDER BY id",
                    r => $"{r.GetString(0)} {r.GetString(1)} {r.GetString(2)} {r.GetString(3)}");
                Assert.Fail($"Timed out waiting for {what} (count {count}); job history:\n{string.Join("\n", history)}");
            }

            await Task.Delay(200);
        }
    }

    private static async Task<List<T>> QueryAsync<T>(string connectionString, string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
