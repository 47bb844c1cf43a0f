using SolStake.Core.Storage;

namespace SolStake.Storage.Tests;

/// <summary>A score's breakdown is stored as its numbers and read back as the model wrote it; scores stored with their text before stay readable.</summary>
[TestFixture("Sqlite")]
[TestFixture("Postgres")]
public class StoredBreakdownTests(string provider)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task StoredScores_ReadBack_WithEveryLineAsScored()
    {
        await using var db = await StorageProvider.CreateAsync(provider);
        await db.Get<IStorageMigrator>().MigrateAsync();
        var scores = ScoreLineCodecTests.VariedScores();
        await db.Get<IValidatorStore>().RecordObservationAsync(TestData.Observation(TestData.VoteAccounts(13), Now));
        var scoring = db.Get<IScoringStore>();
        var byRun = new List<(long Run, TrustScoreRecord Score)>();
        foreach (var profile in scores.GroupBy(s => s.Profile))
        {
            var run = await scoring.StartRunAsync(profile.Key, "v", Now);
            await scoring.CompleteRunAsync(run, [.. profile], 0, Now);
            byRun.AddRange(profile.Select(s => (run, s)));
        }

        var history = await db.Get<IScoreReader>().ScoreHistoryAsync([.. Enumerable.Range(1, 13).Select(i => (long)i)], 100);
        var stored = history.Values.SelectMany(h => h).ToList();

        Assert.That(stored, Has.Count.EqualTo(scores.Count));
        foreach (var (run, score) in byRun)
        {
            var read = stored.Single(s => s.ScoringRunId == run && s.VoteAccount == score.VoteAccount);
            Assert.That(read.Breakdown, Is.EqualTo(score.Breakdown), $"{score.Profile} {score.VoteAccount}");
            Assert.That(read.Flags, Is.EqualTo(score.Flags));
        }

        Assert.That(stored.SelectMany(s => s.Breakdown).Select(l => l.Detail), Has.Some.StartsWith("ineligible: "), "a text line is among them");
    }

    [Test]
    public async Task ScoresStoredWithTheirText_BeforeTheLayoutChange_ReadTheSameAfterIt()
    {
        await using var db = await StorageProvider.CreateAsync(provider);
        await db.Get<IStorageMigrator>().MigrateAsync();
        await db.Get<IValidatorStore>().RecordObservationAsync(TestData.Observation(TestData.VoteAccounts(1), Now));
        var pending = await db.MigrateToBeforeAsync("ScoreLines");
        const string Breakdown = """[{"factor":"VOTE_EFFECTIVENESS","points":24.21,"maxPoints":25,"detail":"credits averaged 99.5 % of the cluster\u0027s stake-weighted median over 5 epochs"},{"factor":"ELIGIBILITY_ADJUSTMENT","points":-24.21,"maxPoints":0,"detail":"ineligible: GATE:PRIVATE"}]""";
        var json = provider == "Postgres" ? "CAST('{0}' AS jsonb)" : "'{0}'";
        await db.CorruptAsync($"""
            INSERT INTO scoring_runs (run_date, status, profile, model_version, validator_count, success_count, fail_count, created_at, epoch)
            SELECT MAX(observed_at), 'completed', 'Default', 'v', 1, 1, 0, MAX(observed_at), 752 FROM validator_observations;
            INSERT INTO trust_scores (validator_id, scoring_run_id, score, state, profile, model_version, breakdown, flags, created_at)
            SELECT v.id, (SELECT MAX(id) FROM scoring_runs), 0, 'INELIGIBLE', 'Default', 'v', {string.Format(System.Globalization.CultureInfo.InvariantCulture, json, Breakdown)},
                {string.Format(System.Globalization.CultureInfo.InvariantCulture, json, "[\"GATE:PRIVATE\"]")}, (SELECT MAX(run_date) FROM scoring_runs) FROM validators v
            """);

        Assert.That(await db.Get<IStorageMigrator>().MigrateAsync(), Is.EqualTo(pending));

        var score = (await db.Get<IScoringStore>().LatestScoresAsync()).Single();
        Assert.That(score.Breakdown, Is.EqualTo(new[]
        {
            new ScoreLine("VOTE_EFFECTIVENESS", 24.21m, 25, "credits averaged 99.5 % of the cluster's stake-weighted median over 5 epochs"),
            new ScoreLine("ELIGIBILITY_ADJUSTMENT", -24.21m, 0, "ineligible: GATE:PRIVATE"),
        }));
        Assert.That(score.Flags, Is.EqualTo(new[] { "GATE:PRIVATE" }));
    }
}
