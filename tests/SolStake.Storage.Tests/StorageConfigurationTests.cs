using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SolStake.Core.DependencyInjection;
using SolStake.Core.Storage;
using SolStake.Storage.PostgreSQL;
using SolStake.Testing;

namespace SolStake.Storage.Tests;

public class StorageConfigurationTests
{
    [TestCase("postgresql://alice:s%40cret@db.example:6543/sol_stake?sslmode=require",
        "Host=db.example;Port=6543;Database=sol_stake;Username=alice;Password=s@cret;SSL Mode=Require")]
    [TestCase("postgres://bob@localhost/solstake", "Host=localhost;Database=solstake;Username=bob")]
    [TestCase("postgresql://u:p@h:5432/d?schema=public&connection_limit=5", "Host=h;Port=5432;Database=d;Username=u;Password=p;Search Path=public;Maximum Pool Size=5")]
    [TestCase("Host=127.0.0.1;Port=55432;Username=postgres;Database=x", "Host=127.0.0.1;Port=55432;Username=postgres;Database=x")]
    public void Normalize_AcceptsUrlAndKeyValueForms(string input, string expected)
    {
        var actual = new Npgsql.NpgsqlConnectionStringBuilder(PostgresConnectionString.Normalize(input));

        Assert.That(actual.EquivalentTo(new Npgsql.NpgsqlConnectionStringBuilder(expected)), Is.True, actual.ConnectionString);
    }

    [TestCase("postgresql://user:hunter2@/nohost")]
    [TestCase("postgresql://user:hunter2@host/db?nonsense=1")]
    [TestCase("this is not a connection string")]
    public void Normalize_Malformed_ThrowsWithoutThePassword(string input)
    {
        var ex = Assert.Throws<FormatException>(() => PostgresConnectionString.Normalize(input));

        Assert.That(ex!.Message, Does.Not.Contain("hunter2"));
    }

    [Test]
    public async Task Sqlite_NotMigrated_SaysToApplyTheMigrations()
    {
        var file = Path.Combine(Path.GetTempPath(), $"solstake-test-{Guid.NewGuid():N}.db");
        using var provider = StorageProvider.Build("Sqlite", $"Data Source={file}");

        try
        {
            var ex = Assert.ThrowsAsync<StorageException>(() => provider.GetRequiredService<IValidatorStore>().CountValidatorsAsync());

            Assert.That(ex!.IsTransient, Is.False);
            Assert.That(ex.Message, Does.Contain("SolStake's tables do not exist").And.Contain("MigrateOnStart").And.Contain("IStorageMigrator"));
            await provider.GetRequiredService<IStorageMigrator>().MigrateAsync();
            Assert.That(await provider.GetRequiredService<IValidatorStore>().CountValidatorsAsync(), Is.Zero);
        }
        finally
        {
            StorageProvider.DeleteSqlite(file);
        }
    }

    [Test]
    public async Task Sqlite_ConnectionsWriteAheadToALog_AndSyncAtCheckpoints()
    {
        await using var db = await StorageProvider.CreateAsync("Sqlite");
        await db.Get<IStorageMigrator>().MigrateAsync();

        await using (var context = db.CreateContext())
        {
            await context.Database.OpenConnectionAsync();
            Assert.That(await PragmaAsync(context.Database.GetDbConnection(), "journal_mode"), Is.EqualTo("wal"));
            Assert.That(await PragmaAsync(context.Database.GetDbConnection(), "synchronous"), Is.EqualTo("1"), "NORMAL");
        }

        // Kept in the file: a connection of another program (not one of the pool's) finds the log too.
        await using var plain = new Microsoft.Data.Sqlite.SqliteConnection(db.ConnectionString + ";Pooling=False");
        await plain.OpenAsync();
        Assert.That(await PragmaAsync(plain, "journal_mode"), Is.EqualTo("wal"));
        Assert.That(await PragmaAsync(plain, "synchronous"), Is.EqualTo("2"), "SQLite's own default (FULL) is the connection's");

        static async Task<string?> PragmaAsync(System.Data.Common.DbConnection connection, string name)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA {name}";
            return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    [Test]
    public async Task Sqlite_AWriteCommits_WhileAReaderHoldsItsSnapshot()
    {
        var file = Path.Combine(Path.GetTempPath(), $"solstake-test-{Guid.NewGuid():N}.db");
        // A short busy timeout: with a rollback journal the write's commit waits for the reader's lock and fails after it.
        using var provider = StorageProvider.Build("Sqlite", $"Data Source={file};Default Timeout=2");
        try
        {
            // A file made by another program: EF Core makes the files it creates write-ahead itself, SQLite does not.
            await using (var created = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=False"))
            {
                await created.OpenAsync();
                await using var command = created.CreateCommand();
                command.CommandText = "PRAGMA user_version = 0; PRAGMA journal_mode";
                Assert.That(await command.ExecuteScalarAsync(), Is.EqualTo("delete"));
            }

            await provider.GetRequiredService<IStorageMigrator>().MigrateAsync();
            var store = provider.GetRequiredService<IValidatorStore>();
            var at = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
            await store.RecordObservationAsync(TestData.Observation(TestData.VoteAccounts(3), at));

            await using var reader = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=False");
            await reader.OpenAsync();
            // Deferred: a read transaction (Microsoft.Data.Sqlite begins IMMEDIATE, a writer's, by default).
            await using var transaction = reader.BeginTransaction(deferred: true);
            Assert.That(await CountAsync(), Is.EqualTo(3));

            var written = await store.RecordObservationAsync(TestData.Observation(TestData.VoteAccounts(5), at.AddHours(6), TestData.Slot + 1));

            Assert.That(written.Validators, Is.EqualTo(5));
            Assert.That(await CountAsync(), Is.EqualTo(3), "the reader keeps the snapshot it started with");
            await transaction.CommitAsync();
            Assert.That(await CountAsync(), Is.EqualTo(5));

            async Task<long> CountAsync()
            {
                await using var command = reader.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM validators";
                return (long)(await command.ExecuteScalarAsync())!;
            }
        }
        finally
        {
            StorageProvider.DeleteSqlite(file);
        }
    }

    [Test]
    public void AddStorage_Twice_IsHarmless_ButTwoProvidersAreRefused()
    {
        var services = new ServiceCollection();
        var solstake = services.AddSolStake();

        solstake.AddSqliteStorage().AddSqliteStorage();

        Assert.That(services.Count(d => d.ServiceType == typeof(IValidatorStore)), Is.EqualTo(1));
        Assert.Throws<InvalidOperationException>(() => solstake.AddPostgresStorage());
    }

    [Test]
    public void Postgres_WithoutConnectionString_FailsValidation()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSolStake().AddPostgresStorage();
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => _ = provider.GetRequiredService<IOptions<StorageOptions>>().Value);

        Assert.That(ex!.Message, Does.Contain("SolStake:Storage:ConnectionString").And.Contain("DATABASE_URL"));
    }

    [Test]
    public void Postgres_Unreachable_IsATransientStorageException()
    {
        using var provider = StorageProvider.Build("Postgres", $"Host=127.0.0.1;Port={LoopbackPorts.GetFree()};Username=postgres;Database=none;Timeout=2");

        var ex = Assert.ThrowsAsync<StorageException>(() => provider.GetRequiredService<IStorageMigrator>().MigrateAsync());

        Assert.That(ex!.IsTransient, Is.True);
        Assert.That(ex.Message, Does.StartWith("PostgreSQL failed while migrating the schema"));
    }

    [Test]
    public void Sqlite_UnwritableLocation_IsAPermanentStorageException()
    {
        using var provider = StorageProvider.Build("Sqlite", "Data Source=/proc/solstake/none.db");

        var ex = Assert.ThrowsAsync<StorageException>(() => provider.GetRequiredService<IStorageMigrator>().MigrateAsync());

        Assert.That(ex!.IsTransient, Is.False);
    }
}
