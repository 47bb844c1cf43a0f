using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SolStake.Core.Storage;

namespace SolStake.Storage.Tests;

[TestFixture("Sqlite")]
[TestFixture("Postgres")]
public class ScoreReaderTests(string provider)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private StorageProvider _db = null!;
    private readonly CommandCounter _counter = new();

    [SetUp]
    public async Task SetUpAsync()
    {
        _db = await StorageProvider.CreateAsync(provider, _counter);
        await _db.Get<IStorageMigrator>().MigrateAsync();
        var accounts = TestData.VoteAccounts(500);
        await _db.Get<IValidatorStore>().RecordObservationAsync(TestData.Observation(accounts, T0));
        var scoring = _db.Get<IScoringStore>();
        for (var run = 0; run < 3; run++)
        {
            var id = await scoring.StartRunAsync("Default", "v", T0.AddHours(run));
            // The newest run leaves the last 10 validators out.
            var scored = run == 2 ? accounts.Take(490) : accounts;
            await scoring.CompleteRunAsync(id, [.. scored.Select(a => new TrustScoreRecord
            {
                VoteAccount = a.VotePubkey, Score = 10 * (run + 1), State = "ELIGIBLE", Profile = "Default", ModelVersion = "v",
                Breakdown = [new ScoreLine("Voting", 30, 30, "steady")], Flags = ["NEW_VALIDATOR"],
            })], 0, T0.AddHours(run).AddSeconds(1));
        }

        // An unfinished run is never read.
        await scoring.StartRunAsync("Default", "v", T0.AddHours(5));
        _counter.Reset();
    }

    [TearDown]
    public async Task TearDownAsync() => await _db.DisposeAsync();

    [Test]
    public async Task ValidatorPage_WithoutScoreDetails_ReadsTheSameScoresWithoutBreakdownOrFlags()
    {
        var reader = _db.Get<IScoreReader>();
        var full = await reader.ValidatorPageAsync(new ValidatorQuery { OrderBy = ValidatorOrder.Score, State = "ELIGIBLE" });
        _counter.Reset();
        var lean = await reader.ValidatorPageAsync(new ValidatorQuery { OrderBy = ValidatorOrder.Score, State = "ELIGIBLE", WithScoreDetails = false });

        Assert.Multiple(() =>
        {
            Assert.That(_counter.Commands, Is.EqualTo(1));
            Assert.That(lean.Select(r => (r.Validator.Id, r.LatestScore!.Score, r.LatestScore.State, r.LatestScore.ScoringRunId, r.LatestScore.CreatedAt)),
                Is.EqualTo(full.Select(r => (r.Validator.Id, r.LatestScore!.Score, r.LatestScore.State, r.LatestScore.ScoringRunId, r.LatestScore.CreatedAt))));
            Assert.That(lean.All(r => r.LatestScore!.Breakdown.Count == 0 && r.LatestScore.Flags.Count == 0), Is.True);
            Assert.That(full.All(r => r.LatestScore!.Breakdown.Count == 1 && r.LatestScore.Flags.Single() == "NEW_VALIDATOR"), Is.True);
            Assert.That(_counter.Texts, Does.Not.Contain("breakdown").IgnoreCase, "the column is not read");
        });
    }

    [Test]
    public async Task ValidatorPage_IsOneQuery_WithTheLatestCompletedRunsScores()
    {
        var rows = await _db.Get<IScoreReader>().ValidatorPageAsync(new ValidatorQuery());

        Assert.That(_counter.Commands, Is.EqualTo(1));
        Assert.That(rows, Has.Count.EqualTo(500));
        Assert.That(rows.Count(r => r.LatestScore is null), Is.EqualTo(10));
        Assert.That(rows.Where(r => r.LatestScore is not null).All(r => r.LatestScore!.Score == 30), Is.True);
    }

    [Test]
    public async Task LatestRunsAndValidators_AreOneQueryEach_ForAnyNumberOfValidators()
    {
        var reader = _db.Get<IScoreReader>();
        var ids = (await _db.Get<IValidatorStore>().ListValidatorsAsync()).Select(v => v.Id).ToList();
        _counter.Reset();

        var latest = await reader.LatestScoresAsync(ids);
        var runs = await _db.Get<IScoringStore>().ListRunsAsync(10);
        var runScores = await reader.ScoresOfRunsAsync([.. runs.Select(r => r.Id)]);
        var byId = await reader.ValidatorsByIdAsync(ids);

        Assert.That(_counter.Commands, Is.EqualTo(4));
        Assert.That(latest, Has.Count.EqualTo(490));
        Assert.That(runScores.Values.Select(v => v.Count).Order(), Is.EqualTo(new[] { 490, 500, 500 }));
        Assert.That(byId, Has.Count.EqualTo(500));
    }

    [Test]
    public async Task History_IsTheLatestRunsAndTheirScores_ForAnyNumberOfValidators()
    {
        var ids = (await _db.Get<IValidatorStore>().ListValidatorsAsync()).Select(v => v.Id).ToList();
        _counter.Reset();

        // Every validator scored in each of the latest two runs but the last ten, scored in one of them.
        var history = await _db.Get<IScoreReader>().ScoreHistoryAsync(ids[..490], last: 2);

        Assert.That(_counter.Commands, Is.EqualTo(2), "the latest runs, then their scores of these validators");
        Assert.That(history.Values.Select(h => string.Join(",", h.Select(s => s.Score))).Distinct(), Is.EqualTo(new[] { "30,20" }));
    }

    [Test]
    public async Task History_OfAValidatorScoredFewerTimesInTheLatestRuns_LooksInTheRunsBefore()
    {
        var ids = (await _db.Get<IValidatorStore>().ListValidatorsAsync()).Select(v => v.Id).ToList();
        _counter.Reset();

        var history = await _db.Get<IScoreReader>().ScoreHistoryAsync(ids, last: 2);

        Assert.That(_counter.Commands, Is.EqualTo(3), "one more, for the validators missing from a latest run");
        Assert.That(history[ids[0]].Select(s => s.Score), Is.EqualTo(new[] { 30m, 20m }));
        Assert.That(history[ids[^1]].Select(s => s.Score), Is.EqualTo(new[] { 20m, 10m }), "its run before the window");
        Assert.That(history[ids[^1]].Select(s => s.ScoringRunId), Is.Ordered.Descending);
        Assert.That((await _db.Get<IScoreReader>().ScoreHistoryAsync(ids, last: 5)).Values.Select(h => h.Count).Distinct().Order(), Is.EqualTo(new[] { 2, 3 }),
            "everything stored when it has fewer runs than asked for");
        Assert.That(await _db.Get<IScoreReader>().ScoreHistoryAsync(ids, last: 0), Is.Empty);
    }

    /// <summary>Counts the commands EF Core sends.</summary>
    internal sealed class CommandCounter : DbCommandInterceptor
    {
        private int _commands;
        private string _texts = string.Empty;

        public int Commands => _commands;

        /// <summary>The SQL of the commands since the last reset.</summary>
        public string Texts => _texts;

        public void Reset() => (_commands, _texts) = (0, string.Empty);

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _commands);
            _texts += command.CommandText + "\n";
            return ValueTask.FromResult(result);
        }
    }
}
