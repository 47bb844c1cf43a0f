using System.Net;
using System.Text.Json;
using SolStake.Testing;

namespace SolStake.Host.Tests;

/// <summary>
/// The operator surface of the real host executable on the embedded default (SQLite, in-memory scheduler): the
/// queue and metrics verbs, GraphQL jobs/jobRuns, /metrics and the scheduler and freshness parts of readiness.
/// </summary>
[NonParallelizable]
public sealed class OperationsTests
{
    private FixtureRpcServer _rpc = null!;
    private TemporarySqlite _db = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _rpc = await FixtureRpcServer.StartAsync();
        _rpc.ServeVoteAccountsWithEpochInfo();
        _db = new TemporarySqlite("ops");
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        await _rpc.DisposeAsync();
        _db.Dispose();
    }

    private Dictionary<string, string?> Env(params (string Key, string? Value)[] extra)
    {
        var env = new Dictionary<string, string?>
        {
            ["SOLANA_RPC_URL"] = _rpc.Url.ToString(),
            ["SolStake__Storage__ConnectionString"] = _db.ConnectionString,
            ["SolStake__Jobs__RetryDelay"] = "00:00:00.200",
        };
        foreach (var (key, value) in extra)
        {
            env[key] = value;
        }

        return env;
    }

    [Test]
    public async Task Queue_add_runs_the_job_through_the_scheduler_and_monitor_and_summary_report_it()
    {
        var added = await HostProcess.RunVerbAsync(Env(), "queue", "add", "fetch");
        var monitor = await HostProcess.RunVerbAsync(Env(), "queue", "monitor", "--once");
        var summary = await HostProcess.RunVerbAsync(Env(), "metrics", "summary");

        Assert.Multiple(() =>
        {
            Assert.That(added.ExitCode, Is.Zero, added.ToString());
            Assert.That(added.StandardOutput, Does.Contain("Queued fetch"));
            Assert.That(added.StandardOutput, Does.Match(@"fetch succeeded on \S+ in [\d.]+ s \(attempt 1\): .*validators 1351"));
            // Redirected output: plain progress lines, one per phase seen, naming the instance.
            Assert.That(added.StandardOutput, Does.Match(@"progress: \S+ \(\d+%\): attempt 1 on \S+-\d+-[0-9a-f]{6}"));
            Assert.That(monitor.ExitCode, Is.Zero, monitor.ToString());
            Assert.That(monitor.StandardOutput, Does.Contain("in-memory store"));
            Assert.That(monitor.StandardOutput, Does.Match(@"fetch\s+succeeded\s+1 "));
            Assert.That(monitor.StandardOutput, Does.Match(@"fetch\s+succeeded 1"));
            Assert.That(summary.ExitCode, Is.Zero, summary.ToString());
            Assert.That(summary.StandardOutput, Does.Match(@"Validators: 1351 \(\d+ current, \d+ delinquent\)"));
            Assert.That(summary.StandardOutput, Does.Contain("Latest scoring run: #1 completed"));
            Assert.That(summary.StandardOutput, Does.Match(@"fetch\s+succeeded 1; last success \d+ s ago"));
        });
    }

    [Test]
    public async Task Queue_monitor_refreshes_and_shows_a_running_job_with_its_phase_and_progress()
    {
        // The fetch the host runs at start waits 5 s for the RPC node: long enough to be watched.
        _rpc.Serve("getVoteAccounts", FixtureRpcServer.Reply.Json(File.ReadAllBytes(Fixtures.Path(RecordedCluster.Epoch752))) with { Delay = TimeSpan.FromSeconds(5) });
        var env = Env(("SolStake__Jobs__Schedule", "custom"), ("SolStake__Jobs__FetchInterval", "01:00:00"));
        await using var host = await HostProcess.StartServerAsync(env);

        var monitor = await HostProcess.RunVerbAsync(env, "queue", "monitor", "--interval", "00:00:00.300", "--count", "6");

        Assert.Multiple(() =>
        {
            Assert.That(monitor.ExitCode, Is.Zero, monitor.ToString());
            Assert.That(System.Text.RegularExpressions.Regex.Matches(monitor.StandardOutput, "SolStake jobs at "), Has.Count.EqualTo(6), "six snapshots");
            Assert.That(monitor.StandardOutput, Does.Match(@"fetch\s+\[[#.]{20}\]\s+\d+%\s+vote-accounts\s+attempt 1 on \S+"), "the running fetch, its bar and phase");
        });
    }

    [Test]
    public async Task Queue_add_exits_1_when_every_attempt_fails_and_says_why()
    {
        await _rpc.DisposeAsync();
        _rpc = await FixtureRpcServer.StartAsync();

        // A retry delay longer than the verb's 250 ms poll, so it sees the attempt waiting.
        var added = await HostProcess.RunVerbAsync(Env(("SolStake__Jobs__MaxAttempts", "2"), ("SolStake__Jobs__RetryDelay", "00:00:01")), "queue", "add", "fetch");

        Assert.That(added.ExitCode, Is.EqualTo(1), added.ToString());
        Assert.That(added.StandardError, Does.Contain("fetch failed after 2 attempt(s)"));
        Assert.That(added.StandardOutput, Does.Contain("waiting to retry"));
    }

    [Test]
    public async Task Import_shows_one_progress_line_per_file_when_redirected()
    {
        var folder = Path.Combine(Fixtures.Directory, "series-epochs-1008-1014");

        var result = await HostProcess.RunVerbAsync(Env(), "import-cli", folder);

        var files = Directory.GetFiles(folder, "*.json").Length;
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.StandardOutput.Split('\n').Count(l => l.StartsWith("progress: [", StringComparison.Ordinal)), Is.EqualTo(files));
        Assert.That(result.StandardOutput, Does.Match(@"progress: \[1/\d+\] \S+\.json \(\d+%\): epoch \d+, \d+ validators, \d+ new observations"));
    }

    [Test]
    public async Task Logs_are_JSON_lines_carrying_the_job_its_firing_attempt_phase_and_counts()
    {
        var result = await HostProcess.RunVerbAsync(Env(("Logging__Console__FormatterName", "json")), "queue", "add", "fetch");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var job = lines.Where(l => l.GetProperty("Category").GetString() == "SolStake.Jobs.FetchJob").ToList();
        var scope = job[0].GetProperty("Scopes").EnumerateArray().Single(s => s.TryGetProperty("Job", out _));
        var phase = job.First(l => l.GetProperty("EventId").GetInt32() == 4004).GetProperty("State");
        var done = job.Single(l => l.GetProperty("EventId").GetInt32() == 4002).GetProperty("State");
        Assert.Multiple(() =>
        {
            Assert.That(scope.GetProperty("Job").GetString(), Is.EqualTo("fetch"));
            Assert.That(scope.GetProperty("Attempt").GetInt32(), Is.EqualTo(1));
            Assert.That(scope.GetProperty("FireId").GetString(), Is.Not.Empty);
            Assert.That(phase.GetProperty("Phase").GetString(), Is.EqualTo("vote-accounts"));
            Assert.That(done.GetProperty("ElapsedMs").GetDouble(), Is.GreaterThan(0));
            Assert.That(done.GetProperty("Counts").GetString(), Does.Contain("validators=1351"));
        });
    }

    [TestCase("queue", "add", "frobnicate")]
    [TestCase("queue", "scheduler", "setup", "hourly")]
    [TestCase("metrics", "everything")]
    public async Task Bad_arguments_are_usage_errors(params string[] args)
    {
        var result = await HostProcess.RunVerbAsync(Env(), args);

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
    }

    [TestCase("queue", "add")]
    [TestCase("queue", "monitor")]
    [TestCase("queue", "scheduler", "setup")]
    [TestCase("metrics", "summary")]
    [TestCase("metrics", "health")]
    [TestCase("metrics", "prometheus")]
    public async Task Every_verb_has_help(params string[] args)
    {
        var result = await HostProcess.RunVerbAsync(Env(), [.. args, "--help"]);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.StandardOutput, Does.Contain("Usage:"));
    }

    [Test]
    public async Task Scheduler_setup_is_refused_for_the_in_memory_store_but_list_works()
    {
        var setup = await HostProcess.RunVerbAsync(Env(), "queue", "scheduler", "setup", "test");
        var list = await HostProcess.RunVerbAsync(Env(), "queue", "scheduler", "setup", "list");

        Assert.That(setup.ExitCode, Is.EqualTo(1), setup.ToString());
        Assert.That(setup.StandardError, Does.Contain("SolStake:Jobs:Schedule"));
        Assert.That(list.ExitCode, Is.Zero, list.ToString());
        Assert.That(list.StandardOutput, Does.Contain("on demand"));
    }

    [Test]
    public async Task Metrics_health_is_healthy_after_a_fetch_and_degraded_with_exit_1_once_data_is_older_than_two_intervals()
    {
        var fresh = Env(("SolStake__Jobs__Schedule", "custom"), ("SolStake__Jobs__FetchInterval", "00:00:02"));
        Assert.That((await HostProcess.RunVerbAsync(Env(), "queue", "add", "fetch")).ExitCode, Is.Zero);

        var healthy = await HostProcess.RunVerbAsync(fresh, "metrics", "health");
        await Task.Delay(TimeSpan.FromSeconds(4.5));
        var stale = await HostProcess.RunVerbAsync(fresh, "metrics", "health");

        Assert.Multiple(() =>
        {
            Assert.That(healthy.ExitCode, Is.Zero, healthy.ToString());
            Assert.That(healthy.StandardOutput, Does.Match(@"healthy\s+database\s+1351 validators stored"));
            Assert.That(healthy.StandardOutput, Does.Match(@"healthy\s+freshness\s+Last successful fetch"));
            Assert.That(stale.ExitCode, Is.EqualTo(1), stale.ToString());
            Assert.That(stale.StandardOutput, Does.Match(@"degraded\s+freshness\s+Last successful fetch .* more than two fetch intervals"));
            Assert.That(stale.StandardOutput, Does.Contain("Overall: degraded"));
        });
    }

    [Test]
    public async Task The_serving_host_runs_its_schedule_and_reports_it_through_GraphQL_metrics_and_readiness()
    {
        await using var host = await HostProcess.StartServerAsync(Env(
            ("SolStake__Jobs__Schedule", "custom"), ("SolStake__Jobs__FetchInterval", "01:00:00"), ("SolStake__RateLimit__PermitLimit", "40")));
        var admin = HostProcess.Token("admin");

        JsonElement runs = default;
        for (var i = 0; i < 300 && (runs.ValueKind != JsonValueKind.Array || runs.GetArrayLength() == 0); i++)
        {
            await Task.Delay(200);
            var (_, body) = await host.GraphQLAsync("{ jobRuns(job: \"fetch\", status: SUCCEEDED) { job status attempt instance durationMs counts { name value } } }", token: admin);
            runs = body.GetProperty("data").GetProperty("jobRuns");
        }

        var (_, jobs) = await host.GraphQLAsync("{ jobs { persistent running jobs { name schedule nextFireTime lastSucceededAt } counts { job status count } } }", token: admin);
        var (_, forbidden) = await host.GraphQLAsync("{ jobRuns { id } }", token: HostProcess.Token("viewer"));
        var (_, anonymous) = await host.GraphQLAsync("{ jobs { running } }");
        var ready = JsonDocument.Parse(await host.Http.GetStringAsync("health/ready")).RootElement;
        // One rejection, so that the rate-limit counter has a value to export.
        for (var i = 0; i < 45; i++)
        {
            using var _ = await host.Http.GetAsync("cache/status");
        }

        // The job gauges are refreshed every 15 s in the background, as scrapes come every 15 s or more.
        var metrics = await host.Http.GetStringAsync("metrics");
        for (var i = 0; i < 150 && !metrics.Contains("solstake_job_last_success_time_seconds{", StringComparison.Ordinal); i++)
        {
            await Task.Delay(200);
            metrics = await host.Http.GetStringAsync("metrics");
        }

        // The scrape is a read: other methods are not served (they answered before).
        var otherMethods = new List<HttpStatusCode>();
        foreach (var method in new[] { HttpMethod.Put, HttpMethod.Delete, HttpMethod.Trace, HttpMethod.Post })
        {
            using var request = new HttpRequestMessage(method, "metrics");
            using var response = await host.Http.SendAsync(request);
            otherMethods.Add(response.StatusCode);
        }

        Assert.Multiple(() =>
        {
            Assert.That(otherMethods, Has.All.EqualTo(HttpStatusCode.MethodNotAllowed), "/metrics answers GET only");
            Assert.That(runs.GetArrayLength(), Is.EqualTo(1), "the start-up firing of the hourly fetch");
            Assert.That(runs[0].GetProperty("counts").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "validators").GetProperty("value").GetString(), Is.EqualTo("1351"));
            var status = jobs.GetProperty("data").GetProperty("jobs");
            Assert.That(status.GetProperty("running").GetBoolean(), Is.True);
            Assert.That(status.GetProperty("persistent").GetBoolean(), Is.False);
            var fetch = status.GetProperty("jobs").EnumerateArray().Single(j => j.GetProperty("name").GetString() == "fetch");
            Assert.That(fetch.GetProperty("schedule").GetString(), Is.EqualTo("every 01:00:00"));
            Assert.That(DateTimeOffset.Parse(fetch.GetProperty("nextFireTime").GetString()!, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(DateTimeOffset.UtcNow.AddMinutes(55)));
            Assert.That(forbidden.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString(), Is.EqualTo("FORBIDDEN"));
            Assert.That(anonymous.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString(), Is.AnyOf("UNAUTHENTICATED", "FORBIDDEN"));

            Assert.That(ready.GetProperty("status").GetString(), Is.EqualTo("healthy"), ready.ToString());
            Assert.That(ready.GetProperty("checks").GetProperty("solstake-scheduler").GetProperty("status").GetString(), Is.EqualTo("healthy"));
            Assert.That(ready.GetProperty("checks").GetProperty("solstake-freshness").GetProperty("status").GetString(), Is.EqualTo("healthy"));

            foreach (var name in new[]
            {
                "solstake_rpc_calls_total{", "solstake_rpc_duration_seconds_bucket{", "solstake_job_runs_total{", "solstake_job_duration_seconds_bucket{",
                "solstake_cache_hits_total", "solstake_cache_misses_total", "solstake_ratelimit_rejections_total", "solstake_validators{",
                "solstake_scores{", "solstake_sync_last_success_seconds", "solstake_job_next_fire_time_seconds{", "solstake_job_last_success_time_seconds{",
                "solstake_job_executing{", "solstake_job_executions{", "quartz_job_execution_duration_seconds_bucket{", "http_server_request_duration_seconds_bucket{",
            })
            {
                Assert.That(metrics, Does.Contain(name), $"/metrics lacks {name}");
            }

            Assert.That(metrics, Does.Match("solstake_rpc_calls_total\\{[^}]*endpoint=\"primary\"[^}]*method=\"batch\\(getEpochInfo, getVoteAccounts\\)\"[^}]*\\} 1"));
            Assert.That(metrics, Does.Match("solstake_job_runs_total\\{[^}]*job=\"fetch\"[^}]*outcome=\"succeeded\"[^}]*\\} 1"));
            Assert.That(metrics, Does.Match("solstake_validators\\{[^}]*state=\"current\"[^}]*\\} \\d+"));
            Assert.That(metrics, Does.Match("solstake_job_executions\\{[^}]*job=\"fetch\"[^}]*status=\"succeeded\"[^}]*\\} 1"));
            Assert.That(metrics, Does.Match("solstake_job_next_fire_time_seconds\\{[^}]*job=\"fetch\"[^}]*\\} \\d"));
        });
    }
}
