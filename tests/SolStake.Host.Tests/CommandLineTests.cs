using SolStake.Testing;

namespace SolStake.Host.Tests;

public class CommandLineTests
{
    private static readonly Dictionary<string, string?> NoSettings = [];

    [Test]
    public async Task UnknownVerb_PrintsUsageAndExits2()
    {
        var result = await HostProcess.RunVerbAsync(NoSettings, "frobnicate");

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.StandardError, Does.Contain("frobnicate"));
        Assert.That(result.StandardError, Does.Contain("Usage:"));
        Assert.That(result.StandardError, Does.Contain("sync"));
    }

    [TestCase("--help")]
    [TestCase("sync", "--help")]
    [TestCase("migrate", "--help")]
    [TestCase("serve", "--help")]
    public async Task Help_PrintsUsageAndExits0(params string[] args)
    {
        var result = await HostProcess.RunVerbAsync(NoSettings, args);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.StandardOutput, Does.Contain("Usage:"));
    }

    [Test]
    public async Task Sync_RpcUnreachable_ExitsNonZeroWithOneLineReason()
    {
        using var db = new TemporarySqlite("sync");
        var result = await HostProcess.RunVerbAsync(new Dictionary<string, string?>
        {
            ["SOLANA_RPC_URL"] = $"http://127.0.0.1:{LoopbackPorts.GetFree()}/",
            ["SolStake__Storage__ConnectionString"] = db.ConnectionString,
        }, "sync");

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.StandardError.TrimEnd().Split('\n')[^1], Does.StartWith("sync failed: batch(getEpochInfo, getVoteAccounts): the node could not be reached"));
    }

    [Test]
    public async Task Sync_InvalidRpcUrl_ExitsNonZeroNamingTheSetting()
    {
        var result = await HostProcess.RunVerbAsync(new Dictionary<string, string?> { ["SOLANA_RPC_URL"] = "ftp://example.org" }, "sync");

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.StandardError, Does.Contain("sync failed: invalid configuration").And.Contain("RpcUrl"));
    }

    [Test]
    public async Task Serve_InvalidConfiguration_RefusesToStart()
    {
        var result = await HostProcess.RunVerbAsync(new Dictionary<string, string?>
        {
            ["SOLANA_RPC_URL"] = "not a url",
            ["SolStake__Storage__MigrateOnStart"] = "false",
        }, "--urls", $"http://127.0.0.1:{LoopbackPorts.GetFree()}");

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.StandardError, Does.Contain("SolStake did not start: invalid configuration"));
    }

    [TestCase("SolStake__RateLimit__TrustedProxies__0", "10.0.0.300", "TrustedProxies holds '10.0.0.300'")]
    [TestCase("SolStake__Jobs__Schedule", "hourly", "Unknown schedule 'hourly'")]
    [TestCase("SolStake__Jobs__FetchCron", "every day", "FetchCron: 'every day' is not a Quartz cron expression")]
    [TestCase("SolStake__Jobs__MaxAttempts", "0", "MaxAttempts")]
    public async Task Serve_RefusesABadSetting_NamingIt(string key, string value, string message)
    {
        var env = new Dictionary<string, string?> { [key] = value, ["SolStake__Storage__MigrateOnStart"] = "false" };
        if (key.Contains("Cron", StringComparison.Ordinal))
        {
            env["SolStake__Jobs__Schedule"] = "custom";
        }

        var result = await HostProcess.RunVerbAsync(env, "--urls", $"http://127.0.0.1:{LoopbackPorts.GetFree()}");

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.StandardError, Does.Contain("SolStake did not start: invalid configuration").And.Contain(message));
    }

    [Test]
    public async Task Migrate_OnPostgres_AppliesThenReportsUpToDate()
    {
        var env = new Dictionary<string, string?> { ["DATABASE_URL"] = await Servers.Postgres.CreateDatabaseAsync("migrate") };

        var first = await HostProcess.RunVerbAsync(env, "migrate");
        var second = await HostProcess.RunVerbAsync(env, "migrate");

        Assert.That(first.ExitCode, Is.Zero, first.ToString());
        Assert.That(first.StandardOutput, Does.Contain("InitialCreate").And.Contain("JobRuns"));
        Assert.That(first.StandardOutput, Does.Contain("The job scheduler's tables are in place"));
        Assert.That(second.StandardOutput, Does.Contain("up to date"));
        await using var connection = new Npgsql.NpgsqlConnection(SolStake.Storage.PostgreSQL.PostgresConnectionString.Normalize(env["DATABASE_URL"]!));
        await connection.OpenAsync();
        await using var count = new Npgsql.NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'qrtz\\_%'", connection);
        Assert.That((long)(await count.ExecuteScalarAsync())!, Is.GreaterThanOrEqualTo(11), "Quartz's tables");
    }

    [Test]
    public async Task Sync_FromAReplayFolder_RunsOffline()
    {
        var folder = Directory.CreateTempSubdirectory("solstake-replay-").FullName;
        using var recordDb = new TemporarySqlite("record");
        using var replayDb = new TemporarySqlite("replay");
        try
        {
            await using (var rpc = await FixtureRpcServer.StartAsync())
            {
                rpc.ServeVoteAccountsWithEpochInfo();
                var recorded = await HostProcess.RunVerbAsync(new Dictionary<string, string?>
                {
                    ["SOLANA_RPC_URL"] = rpc.Url.ToString(),
                    ["SolStake__Solana__RecordDirectory"] = folder,
                    ["SolStake__Storage__ConnectionString"] = recordDb.ConnectionString,
                }, "sync");
                Assert.That(recorded.ExitCode, Is.Zero, recorded.ToString());
            }

            var replayed = await HostProcess.RunVerbAsync(new Dictionary<string, string?>
            {
                ["SOLANA_RPC_URL"] = folder,
                ["SolStake__Storage__ConnectionString"] = replayDb.ConnectionString,
            }, "sync");

            Assert.That(replayed.ExitCode, Is.Zero, replayed.ToString());
            Assert.That(replayed.StandardOutput, Does.Contain("Synced 1351 validators"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestCase(null, "JWT_SECRET_KEY")]
    [TestCase("short-secret", "at least 32 bytes")]
    [TestCase("your-super-secret-jwt-key-change-in-production", "published default")]
    public async Task Serve_OutsideDevelopment_RefusesAMissingDefaultOrShortSecret(string? secret, string message)
    {
        var result = await HostProcess.RunVerbAsync(new Dictionary<string, string?>
        {
            ["JWT_SECRET_KEY"] = secret,
            ["SolStake__Storage__MigrateOnStart"] = "false",
        }, "--urls", $"http://127.0.0.1:{LoopbackPorts.GetFree()}");

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.StandardError, Does.Contain("SolStake did not start").And.Contain(message));
    }

    [Test]
    public async Task Tokens_InDevelopment_PrintsThreeValidTokens_AndIsRefusedElsewhere()
    {
        var development = await HostProcess.RunVerbAsync(new Dictionary<string, string?> { ["DOTNET_ENVIRONMENT"] = "Development", ["JWT_SECRET_KEY"] = null }, "tokens");
        var production = await HostProcess.RunVerbAsync(NoSettings, "tokens");

        Assert.That(development.ExitCode, Is.Zero, development.ToString());
        var lines = development.StandardOutput.Trim().Split('\n').Select(l => l.Trim()).ToList();
        Assert.That(lines.Select(l => l.Split(':')[0]), Is.EqualTo(new[] { "viewer", "user", "admin" }));
        var admin = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(lines[2].Split(' ')[1]);
        Assert.That(admin.GetClaim("role").Value, Is.EqualTo("admin"));
        Assert.That(production.ExitCode, Is.EqualTo(1));
        Assert.That(production.StandardError, Does.Contain("refused"));
    }
}
