using System.Text.Json;
using SolStake.Testing;

namespace SolStake.Host.Tests;

/// <summary>
/// The walking skeleton end to end: `sync` reads the recorded epoch-752 getVoteAccounts over HTTP, stores it in
/// PostgreSQL or SQLite, and the served GraphQL API lists every validator.
/// </summary>
[TestFixture("Postgres")]
[TestFixture("Sqlite")]
public class SyncEndToEndTests(string provider)
{
    private FixtureRpcServer _rpc = null!;
    private string _databaseUrl = null!;
    private string? _sqliteFile;

    [SetUp]
    public async Task SetUpAsync()
    {
        _rpc = await FixtureRpcServer.StartAsync();
        _rpc.ServeVoteAccountsWithEpochInfo();
        if (provider == "Postgres")
        {
            // The URL form of the earlier deployment's DATABASE_URL.
            var npgsql = new Npgsql.NpgsqlConnectionStringBuilder(await Servers.Postgres.CreateDatabaseAsync("e2e"));
            _databaseUrl = $"postgresql://{npgsql.Username}@{npgsql.Host}:{npgsql.Port}/{npgsql.Database}";
        }
        else
        {
            _sqliteFile = Path.Combine(Path.GetTempPath(), $"solstake-e2e-{Guid.NewGuid():N}.db");
            _databaseUrl = $"Data Source={_sqliteFile}";
        }
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        await _rpc.DisposeAsync();
        if (_sqliteFile is not null)
        {
            File.Delete(_sqliteFile);
        }
    }

    private Dictionary<string, string?> Environment => new()
    {
        ["SOLANA_RPC_URL"] = _rpc.Url.ToString(),
        // DATABASE_URL only ever names PostgreSQL; SQLite is chosen with its own key.
        [provider == "Postgres" ? "DATABASE_URL" : "SolStake__Storage__ConnectionString"] = _databaseUrl,
    };

    [Test]
    public async Task Sync_Epoch752_StoresEveryValidatorAndGraphQLListsThem()
    {
        var first = await HostProcess.RunVerbAsync(Environment, "sync");
        var second = await HostProcess.RunVerbAsync(Environment, "sync");

        Assert.That(first.ExitCode, Is.Zero, first.ToString());
        Assert.That(first.StandardOutput, Does.Contain("Synced 1351 validators (1325 current, 26 delinquent)"));
        Assert.That(second.ExitCode, Is.Zero, second.ToString());
        Assert.That(_rpc.ReceivedFor("getVoteAccounts"), Has.Count.EqualTo(2));

        await using var host = await HostProcess.StartServerAsync(Environment);
        var (status, body) = await host.GraphQLAsync("{ validators { id voteAccount validatorPubkey commission commissionBps activatedStake delinquent createdAt updatedAt } }");

        Assert.That(status, Is.EqualTo(200), body.ToString());
        var validators = body.GetProperty("data").GetProperty("validators").EnumerateArray().ToList();
        Assert.That(validators, Has.Count.EqualTo(1351), "running sync twice stores no duplicates");
        Assert.That(validators.Select(v => v.GetProperty("voteAccount").GetString()).Distinct().Count(), Is.EqualTo(1351));
        Assert.That(validators.Count(v => v.GetProperty("delinquent").GetBoolean()), Is.EqualTo(26));

        var known = validators.Single(v => v.GetProperty("voteAccount").GetString() == "6D9w8FRw5EFr5qtZEphPpughN3W8zc8p6zMXg4PFuaXL");
        Assert.Multiple(() =>
        {
            Assert.That(known.GetProperty("validatorPubkey").GetString(), Is.EqualTo("AjGby82yXeYgj3kmng9y3c4nQpZFmiPpJKecLJTHbfbP"));
            Assert.That(known.GetProperty("commission").GetDouble(), Is.Zero);
            Assert.That(known.GetProperty("commissionBps").GetInt32(), Is.Zero);
            Assert.That(known.GetProperty("activatedStake").GetString(), Is.EqualTo("23489100127652"));
            Assert.That(DateTimeOffset.Parse(known.GetProperty("createdAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
                Is.LessThanOrEqualTo(DateTimeOffset.Parse(known.GetProperty("updatedAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture)));
        });
    }

    [Test]
    public async Task Sync_RpcAnswersWithError_ExitsNonZeroWithOneLineReasonAndStoresNothing()
    {
        _rpc.Serve("getVoteAccounts", FixtureRpcServer.Reply.Error(-32601, "Method not found"));

        var result = await HostProcess.RunVerbAsync(Environment, "sync");

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(LastLine(result.StandardError), Is.EqualTo("sync failed: getVoteAccounts: JSON-RPC error -32601: Method not found"));
        Assert.That(_rpc.ReceivedFor("getEpochInfo"), Has.Count.EqualTo(1), "the cycle got as far as the vote accounts");
        await using var host = await HostProcess.StartServerAsync(Environment);
        var (_, body) = await host.GraphQLAsync("{ validators { voteAccount } }");
        Assert.That(body.GetProperty("data").GetProperty("validators").GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task VerifyDb_AfterSync_IsSound_AndAfterDamage_ExitsNonZero()
    {
        var synced = await HostProcess.RunVerbAsync(Environment, "sync");
        Assert.That(synced.ExitCode, Is.Zero, synced.ToString());

        var sound = await HostProcess.RunVerbAsync(Environment, "verify-db");
        await DamageAsync("UPDATE scoring_runs SET success_count = success_count + 1");
        var damaged = await HostProcess.RunVerbAsync(Environment, "verify-db");

        Assert.That(sound.ExitCode, Is.Zero, sound.ToString());
        Assert.That(sound.StandardOutput, Does.Contain("The database is sound."));
        Assert.That(damaged.ExitCode, Is.EqualTo(1), damaged.ToString());
        Assert.That(damaged.StandardOutput, Does.Contain("FAIL  completed runs whose score count differs from their counts: 1"));
    }

    private async Task DamageAsync(string sql)
    {
        System.Data.Common.DbConnection connection = provider == "Postgres"
            ? new Npgsql.NpgsqlConnection(SolStake.Storage.PostgreSQL.PostgresConnectionString.Normalize(_databaseUrl))
            : new Microsoft.Data.Sqlite.SqliteConnection(_databaseUrl);
        await using (connection)
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }
    }

    private static string LastLine(string text) => text.TrimEnd().Split('\n')[^1].TrimEnd('\r');
}
