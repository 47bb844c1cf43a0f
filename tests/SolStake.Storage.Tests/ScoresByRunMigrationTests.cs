using Microsoft.EntityFrameworkCore;
using SolStake.Core.Storage;

namespace SolStake.Storage.Tests;

/// <summary>
/// The migration that leaves the scores one index, by (run, validator): on a filled database it keeps every score, and
/// each validator's history reads the same by run (SQLite rebuilds the table to drop the foreign key to validators).
/// </summary>
[TestFixture("Sqlite")]
[TestFixture("Postgres")]
public class ScoresByRunMigrationTests(string provider)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Migration_keeps_every_score_and_reads_each_history_by_run()
    {
        await using var db = await StorageProvider.CreateAsync(provider);
        await db.Get<IStorageMigrator>().MigrateAsync();
        var accounts = TestData.VoteAccounts(3);
        var scoring = db.Get<IScoringStore>();
        await db.Get<IValidatorStore>().RecordObservationAsync(TestData.Observation(accounts, Now.AddDays(-1), 752 * 432_000UL + 10));
        var pending = await db.MigrateToBeforeAsync("ScoresByRun");
        var runs = new List<long>();
        foreach (var hours in new[] { 0, 6, 12 })
        {
            runs.Add(await TestData.CompletedRunAsync(scoring, accounts, Now.AddDays(-1).AddHours(hours)));
        }

        var before = await db.Get<IScoreReader>().ScoreHistoryAsync([1, 2, 3], 100);
        var applied = await db.Get<IStorageMigrator>().MigrateAsync();

        Assert.That(applied, Is.EqualTo(pending));
        Assert.That(await IndexesAsync(db), Is.EqualTo(provider == "Postgres"
            ? new[] { "ix_trust_scores_scoring_run_id_validator_id" }
            : ["ix_trust_scores_scoring_run_id_validator_id", "references scoring_runs"]));
        var after = await db.Get<IScoreReader>().ScoreHistoryAsync([1, 2, 3], 100);
        Assert.That(after.Values.Select(h => h.Count), Is.EqualTo(new[] { 3, 3, 3 }), "every stored score is still there");
        Assert.That(after.SelectMany(h => h.Value.Select(s => (h.Key, s.Id, s.ScoringRunId, s.Score, s.CreatedAt))),
            Is.EqualTo(before.SelectMany(h => h.Value.Select(s => (h.Key, s.Id, s.ScoringRunId, s.Score, s.CreatedAt)))));
        Assert.That((await db.Get<IScoreReader>().ScoreHistoryAsync([1, 2, 3], 2)).Values.Select(h => h.Select(s => s.ScoringRunId)), Is.All.EqualTo(new[] { runs[2], runs[1] }));
        // Scores of a new run, and housekeeping's deletes, go on as before.
        await TestData.CompletedRunAsync(scoring, accounts, Now);
        Assert.That((await db.Get<IStorageVerifier>().VerifyAsync()).IsSound, Is.True);
    }

    // The secondary indexes on trust_scores (not the primary key), and on SQLite the tables its foreign keys name.
    private async Task<string[]> IndexesAsync(StorageProvider db)
    {
        await using var context = db.CreateContext();
        var connection = context.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = provider == "Postgres"
            ? "SELECT indexname FROM pg_indexes WHERE tablename = 'trust_scores' AND indexname NOT LIKE 'pk_%' ORDER BY 1"
            : "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'trust_scores' AND name NOT LIKE 'sqlite_%' UNION ALL SELECT 'references ' || \"table\" FROM pragma_foreign_key_list('trust_scores') ORDER BY 1";
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return [.. names];
    }
}
