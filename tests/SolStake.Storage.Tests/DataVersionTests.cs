using System.Data.Common;
using SolStake.Core.Storage;

namespace SolStake.Storage.Tests;

/// <summary>The stored data's version: what the API's response cache polls to follow writes made by any process.</summary>
[TestFixture("Sqlite")]
[TestFixture("Postgres")]
public class DataVersionTests(string provider)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private StorageProvider _db = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _db = await StorageProvider.CreateAsync(provider);
        await _db.Get<IStorageMigrator>().MigrateAsync();
    }

    [TearDown]
    public async Task TearDownAsync() => await _db.DisposeAsync();

    private ValueTask<long> ReadAsync() => _db.Get<IDataVersionSource>().ReadAsync();

    [Test]
    public async Task Without_a_write_the_version_stays()
    {
        var first = await ReadAsync();
        var second = await ReadAsync();

        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public async Task Each_write_through_the_stores_changes_the_version()
    {
        var accounts = TestData.VoteAccounts(20);
        var start = await ReadAsync();
        await _db.Get<IValidatorStore>().RecordObservationAsync(TestData.Observation(accounts, T0));
        var afterObservation = await ReadAsync();
        var scoring = _db.Get<IScoringStore>();
        var run = await scoring.StartRunAsync("Default", "v", T0);
        var afterStart = await ReadAsync();
        await scoring.CompleteRunAsync(run, [.. accounts.Select(a => new TrustScoreRecord
        {
            VoteAccount = a.VotePubkey, Score = 50, State = "ELIGIBLE", Profile = "Default", ModelVersion = "v", Breakdown = [], Flags = [],
        })], 0, T0.AddSeconds(1));
        var afterScores = await ReadAsync();
        await _db.Get<IWalletStore>().RegisterForAsync(TestData.Key(9_000), "user-1", 20, T0);
        var afterWallet = await ReadAsync();

        Assert.That(new[] { start, afterObservation, afterStart, afterScores, afterWallet }, Is.Unique);
    }

    [Test]
    public async Task A_write_from_another_connection_changes_it_and_a_rolled_back_one_does_not()
    {
        await _db.Get<IValidatorStore>().RecordObservationAsync(TestData.Observation(TestData.VoteAccounts(3), T0));
        var start = await ReadAsync();
        await using var connection = Open();
        await connection.OpenAsync();
        await using (var rollback = await connection.BeginTransactionAsync())
        {
            await ExecuteAsync(connection, rollback, "UPDATE validators SET name = 'Rolled back'");
            await rollback.RollbackAsync();
        }

        var afterRollback = await ReadAsync();
        // A manual fix, as an operator would type it.
        await ExecuteAsync(connection, null, "UPDATE validators SET name = 'Fixed by hand'");
        var afterFix = await ReadAsync();

        Assert.Multiple(() =>
        {
            Assert.That(afterRollback, Is.EqualTo(start), "nothing was committed");
            Assert.That(afterFix, Is.Not.EqualTo(start));
        });
    }

    private DbConnection Open() => provider == "Postgres"
        ? new Npgsql.NpgsqlConnection(_db.ConnectionString)
        : new Microsoft.Data.Sqlite.SqliteConnection(_db.ConnectionString);

    internal static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>On PostgreSQL the version counts writes to what the API reads, not the bookkeeping beside it.</summary>
public class PostgresDataVersionTests
{
    [Test]
    public async Task The_audit_log_and_the_job_history_leave_the_version_alone()
    {
        await using var db = await StorageProvider.CreateAsync("Postgres");
        await db.Get<IStorageMigrator>().MigrateAsync();
        var source = db.Get<IDataVersionSource>();
        var start = await source.ReadAsync();
        await db.Get<IAuditLog>().WriteAsync("cache.clear", "admin-1", new Dictionary<string, string?>());
        var afterAudit = await source.ReadAsync();
        await using var connection = new Npgsql.NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await DataVersionTests.ExecuteAsync(connection, null, "TRUNCATE validator_epoch_stats");
        var afterTruncate = await source.ReadAsync();

        Assert.Multiple(() =>
        {
            Assert.That(afterAudit, Is.EqualTo(start));
            Assert.That(afterTruncate, Is.Not.EqualTo(start), "TRUNCATE is a write too");
        });
    }
}
