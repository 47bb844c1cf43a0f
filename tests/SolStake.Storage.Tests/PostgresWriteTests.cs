using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SolStake.Core.Domain;
using SolStake.Core.Storage;

namespace SolStake.Storage.Tests;

/// <summary>What only PostgreSQL's writes do: staging tables kept with the pooled connection, observations and scores without foreign keys.</summary>
public class PostgresWriteTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private static readonly VoteAccount[] Accounts = TestData.VoteAccounts(3);

    [Test]
    public async Task A_pooled_connection_keeps_the_staging_tables_of_its_last_write_empty()
    {
        await using var db = await StorageProvider.CreateAsync("Postgres");
        await db.Get<IStorageMigrator>().MigrateAsync();
        await db.Get<IValidatorStore>().RecordObservationAsync(TestData.Observation(Accounts, Now));

        // The pool hands back the connection the write returned (the only one it opened).
        var dataSource = db.Services.GetRequiredKeyedService<NpgsqlDataSource>(SolStakeDatabase.DataSourceKey);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(
            "SELECT to_regclass('pg_temp.stage_validators') IS NOT NULL, (SELECT COUNT(*) FROM pg_temp.stage_validators)", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();

        Assert.That(reader.GetBoolean(0), Is.True, "the staging table outlives the write: the next one does not create it again");
        Assert.That(reader.GetInt64(1), Is.Zero, "its rows went with the commit");
    }

    [Test]
    public async Task A_sync_rewrites_each_validator_row_on_its_own_page_even_after_the_table_was_compacted()
    {
        await using var db = await StorageProvider.CreateAsync("Postgres");
        await db.Get<IStorageMigrator>().MigrateAsync();
        var store = db.Get<IValidatorStore>();
        var accounts = TestData.VoteAccounts(300);
        await store.RecordObservationAsync(TestData.Observation(accounts, Now, 752 * 432_000UL + 10));

        var dataSource = db.Services.GetRequiredKeyedService<NpgsqlDataSource>(SolStakeDatabase.DataSourceKey);
        await using (var compact = dataSource.CreateCommand("VACUUM FULL validators"))
        {
            // Packed as a restore or VACUUM FULL leaves it: every page filled up to the fillfactor.
            await compact.ExecuteNonQueryAsync();
        }

        var before = await PagesAsync();
        await store.RecordObservationAsync(TestData.Observation(accounts, Now.AddHours(6), 752 * 432_000UL + 20));
        var after = await PagesAsync();

        Assert.That(before.Values.Distinct().Count(), Is.GreaterThan(1), "the rows span several pages");
        Assert.That(after, Is.EqualTo(before), "each new version on its row's page: updated in place (HOT), no index written");

        async Task<Dictionary<string, long>> PagesAsync()
        {
            // The page of each row's current version (ctid's block number).
            await using var command = dataSource.CreateCommand("SELECT vote_account, (ctid::text::point)[0]::bigint FROM validators");
            await using var reader = await command.ExecuteReaderAsync();
            var pages = new Dictionary<string, long>();
            while (await reader.ReadAsync())
            {
                pages[reader.GetString(0)] = reader.GetInt64(1);
            }

            return pages;
        }
    }

    [Test]
    public async Task Writes_on_a_connection_that_kept_its_staging_tables_store_each_cycle()
    {
        await using var db = await StorageProvider.CreateAsync("Postgres");
        await db.Get<IStorageMigrator>().MigrateAsync();
        var store = db.Get<IValidatorStore>();

        var first = await store.RecordObservationAsync(TestData.Observation(Accounts, Now, 752 * 432_000UL + 10));
        var second = await store.RecordObservationAsync(TestData.Observation(Accounts, Now.AddHours(6), 752 * 432_000UL + 20));

        Assert.That((first.Validators, first.NewObservations, second.Validators, second.NewObservations), Is.EqualTo((3, 3, 3, 3)), "the second write staged its own rows alone");
    }

    [Test]
    public async Task A_sync_waits_for_another_transaction_adding_to_the_kept_totals_and_then_stores_its_cycle()
    {
        await using var db = await StorageProvider.CreateAsync("Postgres");
        await db.Get<IStorageMigrator>().MigrateAsync();
        var store = db.Get<IValidatorStore>();
        await store.RecordObservationAsync(TestData.Observation(Accounts, Now, 752 * 432_000UL + 10));
        var dataSource = db.Services.GetRequiredKeyedService<NpgsqlDataSource>(SolStakeDatabase.DataSourceKey);

        // Another writer holds the lock (as a sync or housekeeping in another instance would, in its transaction).
        await using var other = await dataSource.OpenConnectionAsync();
        await using var transaction = await other.BeginTransactionAsync();
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended('solstake.validator-totals', 0))", other, transaction))
        {
            await take.ExecuteNonQueryAsync();
        }

        var write = store.RecordObservationAsync(TestData.Observation(Accounts, Now.AddHours(6), 752 * 432_000UL + 20));
        // The sync's transaction is seen waiting for the advisory lock (from a third connection: a transaction reads
        // pg_stat_activity once), and has stored nothing.
        await using var observer = await dataSource.OpenConnectionAsync();
        string? waiting = null;
        for (var i = 0; i < 600 && waiting is null && !write.IsCompleted; i++)
        {
            await using var look = new NpgsqlCommand("SELECT wait_event FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'", observer);
            waiting = (string?)await look.ExecuteScalarAsync();
            if (waiting is null)
            {
                await Task.Delay(50);
            }
        }

        Assert.That(waiting, Is.EqualTo("advisory"), "the sync waits for the lock");
        Assert.That(write.IsCompleted, Is.False);
        await transaction.CommitAsync();

        var stored = await write;
        Assert.That((stored.Validators, stored.NewObservations), Is.EqualTo((3, 3)));
        Assert.That((await db.Get<IStorageVerifier>().VerifyAsync()).IsSound, Is.True);
    }

    [Test]
    public async Task Migration_dropping_the_history_keys_keeps_every_row_and_housekeeping_still_removes_scores_with_their_run()
    {
        await using var db = await StorageProvider.CreateAsync("Postgres");
        await db.Get<IStorageMigrator>().MigrateAsync();
        var store = db.Get<IValidatorStore>();
        var scoring = db.Get<IScoringStore>();
        await store.RecordObservationAsync(TestData.Observation(Accounts, Now.AddDays(-50), 750 * 432_000UL + 10));
        await store.RecordObservationAsync(TestData.Observation(Accounts, Now.AddDays(-1), 752 * 432_000UL + 10));
        var pending = await db.MigrateToBeforeAsync("HistoryWithoutForeignKeys");
        // Runs stored under the earlier layout, each scoring the latest epoch (752).
        var runs = new List<long>();
        foreach (var at in new[] { Now.AddDays(-50), Now.AddDays(-49.75), Now.AddDays(-1) })
        {
            runs.Add(await RunAsync(scoring, at));
        }

        var applied = await db.Get<IStorageMigrator>().MigrateAsync();

        Assert.That(applied, Is.EqualTo(pending));
        var observed = (await scoring.LoadScoringDataAsync(new ScoringDataRequest(Now) { UptimeWindow = TimeSpan.FromDays(60) }))!.Validators.Select(v => v.Uptime.Total);
        Assert.That(observed, Is.EqualTo(new[] { 2, 2, 2 }), "every stored observation is still there");
        Assert.That((await db.Get<IScoreReader>().ScoreHistoryAsync([1, 2, 3], 100)).Values.Select(h => h.Count), Is.EqualTo(new[] { 3, 3, 3 }), "every stored score is still there");
        var pruned = await db.Get<IStorageHousekeeping>().PruneAsync(Now);
        Assert.That(pruned.ThinnedScoringRuns, Is.EqualTo(2), "epoch 752's runs older than 30 days, superseded by its last");
        Assert.That((await db.Get<IScoreReader>().ScoreHistoryAsync([1], 100))[1].Select(s => s.ScoringRunId), Is.EqualTo(new[] { runs[2] }));
        Assert.That((await db.Get<IStorageVerifier>().VerifyAsync()).IsSound, Is.True, "no score outlived its run");
    }

    private static Task<long> RunAsync(IScoringStore scoring, DateTimeOffset at) => TestData.CompletedRunAsync(scoring, Accounts, at);
}
