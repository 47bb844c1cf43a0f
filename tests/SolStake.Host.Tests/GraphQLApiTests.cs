using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace SolStake.Host.Tests;

[TestFixture("Sqlite")]
[TestFixture("Postgres")]
public class GraphQLApiTests(string provider)
{
    private ApiHarness _api = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _api = await ApiHarness.StartAsync(provider);

    [OneTimeTearDown]
    public async Task StopAsync() => await _api.DisposeAsync();

    [Test]
    public async Task EarlierDesignsValidatorsQuery_Works_InAFixedNumberOfQueries()
    {
        var (status, body) = await _api.QueryAsync("""
            { validators { id voteAccount name validatorPubkey commission uptime
                trustScores { id score createdAt scoringRunId }
                latestTrustScore { id score createdAt }
                createdAt updatedAt } }
            """);

        Assert.That(status, Is.EqualTo(200), body.ToString());
        var validators = body.GetProperty("data").GetProperty("validators").EnumerateArray().ToList();
        Assert.That(validators, Has.Count.EqualTo(1351));
        Assert.That(validators.All(v => v.GetProperty("trustScores").GetArrayLength() == 3), Is.True, "the sync's run and two more");
        Assert.That(validators.All(v => v.GetProperty("latestTrustScore").ValueKind == JsonValueKind.Object), Is.True);
        Assert.That(validators.All(v => v.GetProperty("uptime").GetDouble() is 0 or 100), Is.True, "one observation each");
        // The history reads the completed runs' ids, then their scores of every validator at once (EfScoreReader).
        Assert.That(_api.Commands.Count, Is.LessThanOrEqualTo(3), "validators with latest scores, then the runs and one history query for all of them: " + _api.Commands.Texts);
    }

    [Test]
    public async Task NestedScoreToValidator_IsBatchedToo()
    {
        var (status, body) = await _api.QueryAsync("""
            { validators(limit: 300) { latestTrustScore { state profile modelVersion flags breakdown { factor points maxPoints detail }
                validator { voteAccount scoreHistory(last: 1) { score } } } } }
            """);

        Assert.That(status, Is.EqualTo(200), body.ToString());
        var first = body.GetProperty("data").GetProperty("validators")[0].GetProperty("latestTrustScore");
        Assert.That(first.GetProperty("profile").GetString(), Is.EqualTo("Legacy"), "the latest run used the Legacy profile");
        Assert.That(first.GetProperty("breakdown").EnumerateArray().Sum(l => l.GetProperty("points").GetDouble()),
            Is.EqualTo(first.GetProperty("validator").GetProperty("scoreHistory")[0].GetProperty("score").GetDouble()).Within(1e-9));
        Assert.That(_api.Commands.Count, Is.LessThanOrEqualTo(3), "the page, then the runs and one history query: " + _api.Commands.Texts);
    }

    [Test]
    public async Task StoredBreakdowns_AreWhatTheModelWrites_LineForLine()
    {
        // Scores are stored as their numbers and their text is written again on read: every stored score of the
        // recorded data must read exactly as the model scores the same data now (rankings compute it live, nothing stored).
        var (_, stored) = await _api.QueryAsync("{ validators { voteAccount scoreHistory(last: 3) { profile state flags breakdown { factor points maxPoints detail } } } }", token: _api.Token("admin"));
        var history = stored.GetProperty("data").GetProperty("validators").EnumerateArray()
            .SelectMany(v => v.GetProperty("scoreHistory").EnumerateArray().Select(s => (Vote: v.GetProperty("voteAccount").GetString()!, Score: s)))
            .ToLookup(x => x.Score.GetProperty("profile").GetString()!);
        Assert.That(history.Count, Is.GreaterThanOrEqualTo(2), "runs of more than one profile");

        var lines = 0;
        foreach (var profile in history)
        {
            var (status, live) = await _api.QueryAsync($$"""{ rankings(profile: "{{profile.Key}}", limit: 2000) { state flags breakdown { factor points maxPoints detail } validator { voteAccount } } }""", token: _api.Token("admin"));
            Assert.That(status, Is.EqualTo(200), live.ToString());
            var byVote = live.GetProperty("data").GetProperty("rankings").EnumerateArray().ToDictionary(r => r.GetProperty("validator").GetProperty("voteAccount").GetString()!);
            foreach (var (vote, score) in profile)
            {
                var model = byVote[vote];
                Assert.That(score.GetProperty("breakdown").ToString(), Is.EqualTo(model.GetProperty("breakdown").ToString()), $"{profile.Key} {vote}");
                Assert.That(score.GetProperty("flags").ToString(), Is.EqualTo(model.GetProperty("flags").ToString()), $"{profile.Key} {vote}");
                lines += score.GetProperty("breakdown").GetArrayLength();
            }
        }

        Assert.That(lines, Is.GreaterThan(1351 * 2 * 3));
    }

    [Test]
    public async Task OrderLimitOffsetSearchAndState_Apply()
    {
        var (_, byStake) = await _api.QueryAsync("{ validators(orderBy: STAKE, limit: 3) { activatedStake } }");
        var (_, page2) = await _api.QueryAsync("{ validators(orderBy: STAKE, limit: 2, offset: 1) { activatedStake } }");
        var (_, eligible) = await _api.QueryAsync("{ validators(state: ELIGIBLE) { latestTrustScore { state } } }");
        var (_, search) = await _api.QueryAsync("{ validators(search: \"6D9w8FRw\") { voteAccount } }");

        var stakes = byStake.GetProperty("data").GetProperty("validators").EnumerateArray().Select(v => ulong.Parse(v.GetProperty("activatedStake").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.That(stakes, Is.Ordered.Descending);
        Assert.That(page2.GetProperty("data").GetProperty("validators")[0].GetProperty("activatedStake").GetString(),
            Is.EqualTo(byStake.GetProperty("data").GetProperty("validators")[1].GetProperty("activatedStake").GetString()));
        Assert.That(eligible.GetProperty("data").GetProperty("validators").EnumerateArray().All(v => v.GetProperty("latestTrustScore").GetProperty("state").GetString() == "ELIGIBLE"), Is.True);
        Assert.That(search.GetProperty("data").GetProperty("validators").EnumerateArray().Select(v => v.GetProperty("voteAccount").GetString()),
            Is.EqualTo(new[] { "6D9w8FRw5EFr5qtZEphPpughN3W8zc8p6zMXg4PFuaXL" }));
    }

    [Test]
    public async Task Validator_ByVoteAccountOrIdentity()
    {
        var (_, byVote) = await _api.QueryAsync("{ validator(voteAccount: \"6D9w8FRw5EFr5qtZEphPpughN3W8zc8p6zMXg4PFuaXL\") { validatorPubkey commissionBps delinquent } }");
        var (_, byIdentity) = await _api.QueryAsync("{ validator(validatorPubkey: \"AjGby82yXeYgj3kmng9y3c4nQpZFmiPpJKecLJTHbfbP\") { voteAccount } }");
        var (_, missing) = await _api.QueryAsync("{ validator(voteAccount: \"11111111111111111111111111111111\") { voteAccount } }");

        Assert.That(byVote.GetProperty("data").GetProperty("validator").GetProperty("validatorPubkey").GetString(), Is.EqualTo("AjGby82yXeYgj3kmng9y3c4nQpZFmiPpJKecLJTHbfbP"));
        Assert.That(byIdentity.GetProperty("data").GetProperty("validator").GetProperty("voteAccount").GetString(), Is.EqualTo("6D9w8FRw5EFr5qtZEphPpughN3W8zc8p6zMXg4PFuaXL"));
        Assert.That(missing.GetProperty("data").GetProperty("validator").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task ScoreHistory_GivesAMonthOfRuns_TrustScoresItsLatest100()
    {
        // A run every 6 hours: 120 is a month. A harness of its own, so that the other tests keep one scoring run.
        await using var api = await ApiHarness.StartAsync(provider);
        var (_, list) = await api.QueryAsync("{ validators(limit: 1) { voteAccount } }");
        var vote = list.GetProperty("data").GetProperty("validators")[0].GetProperty("voteAccount").GetString()!;
        var store = api.Services.GetRequiredService<SolStake.Core.Storage.IScoringStore>();
        var start = DateTimeOffset.UtcNow;
        for (var i = 0; i < 125; i++)
        {
            var at = start.AddMinutes(i);
            var run = await store.StartRunAsync("Default", "test", at);
            await store.CompleteRunAsync(run, [new SolStake.Core.Storage.TrustScoreRecord
            {
                VoteAccount = SolStake.Core.Domain.Pubkey.Parse(vote), Score = i % 100, State = "ELIGIBLE", Profile = "Default", ModelVersion = "test",
                Breakdown = [], Flags = [],
            }], 0, at);
        }

        var (status, body) = await api.QueryAsync("query($v: String) { validator(voteAccount: $v) { scoreHistory(last: 120) { score } trustScores { score } } }", new { v = vote });

        Assert.That(status, Is.EqualTo(200), body.ToString());
        var validator = body.GetProperty("data").GetProperty("validator");
        var history = validator.GetProperty("scoreHistory");
        Assert.Multiple(() =>
        {
            Assert.That(history.GetArrayLength(), Is.EqualTo(120));
            Assert.That(history[0].GetProperty("score").GetDouble(), Is.EqualTo(24), "newest first");
            Assert.That(validator.GetProperty("trustScores").GetArrayLength(), Is.EqualTo(100));
        });
    }

    [TestCase("{ validator(voteAccount: \"not-a-key\") { voteAccount } }", "voteAccount")]
    [TestCase("{ validator { voteAccount } }", "voteAccount")]
    [TestCase("{ validators(limit: 100000) { voteAccount } }", "limit")]
    [TestCase("{ validators(offset: -1) { voteAccount } }", "offset")]
    [TestCase("{ validators(limit: 1) { scoreHistory(last: 0) { score } } }", "last")]
    [TestCase("{ validators(limit: 1) { scoreHistory(last: 121) { score } } }", "last")]
    public async Task BadArguments_AreErrorsNamingTheArgument(string query, string argument)
    {
        var (_, body) = await _api.QueryAsync(query);

        var error = body.GetProperty("errors")[0];
        Assert.That(error.GetProperty("message").GetString(), Does.Contain($"'{argument}'"));
        Assert.That(error.GetProperty("extensions").GetProperty("code").GetString(), Is.EqualTo("BAD_USER_INPUT"));
    }

    [Test]
    public async Task JobQueries_OnAnApiOnlyHost_SayJobsAreNotScheduled_ButTheSharedHistoryIsReadable()
    {
        var admin = _api.Token("admin");

        var (_, jobs) = await _api.QueryAsync("{ jobs { running } }", token: admin);
        var (_, runs) = await _api.QueryAsync("{ jobRuns(limit: 5) { id } }", token: admin);
        var (_, badJob) = await _api.QueryAsync("{ jobRuns(job: \"backup\") { id } }", token: admin);

        Assert.Multiple(() =>
        {
            Assert.That(jobs.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString(), Is.EqualTo("JOBS_NOT_SCHEDULED"));
            Assert.That(runs.GetProperty("data").GetProperty("jobRuns").GetArrayLength(), Is.Zero, "no scheduler here, so no executions recorded");
            Assert.That(badJob.GetProperty("errors")[0].GetProperty("message").GetString(), Does.Contain("'job'"));
            Assert.That(badJob.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString(), Is.EqualTo("BAD_USER_INPUT"));
        });
    }

    [Test]
    public async Task DepthBomb_IsRefused()
    {
        // Every "validator { latestTrustScore {" goes two levels deeper; 8 of them make 19 levels (the limit is 15).
        var query = "{ validators(limit: 1) { latestTrustScore { " + string.Concat(Enumerable.Repeat("validator { latestTrustScore { ", 8)) + "score" + new string('}', 19);

        var (status, body) = await _api.QueryAsync(query);

        Assert.That(status, Is.EqualTo(400), body.ToString());
        Assert.That(body.GetProperty("errors")[0].GetProperty("message").GetString(), Does.Contain("depth").IgnoreCase);
    }

    [Test]
    public async Task OversizedDocument_IsRefused()
    {
        var query = "{ validators(limit: 1) { voteAccount } }" + new string(' ', 30_000);

        var (status, body) = await _api.QueryAsync(query);

        Assert.That(status, Is.EqualTo(400));
        Assert.That(body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString(), Is.EqualTo("DOCUMENT_TOO_LARGE"));
    }

    [Test]
    public async Task Cluster_DescribesTheLatestObservation()
    {
        var (status, body) = await _api.QueryAsync("{ cluster { epoch slot slotsInEpoch totalStake delinquentStake validatorCount delinquentCount superminoritySize } }");

        Assert.That(status, Is.EqualTo(200), body.ToString());
        var cluster = body.GetProperty("data").GetProperty("cluster");
        Assert.That(cluster.GetProperty("epoch").GetString(), Is.EqualTo("752"));
        Assert.That(cluster.GetProperty("validatorCount").GetInt32(), Is.EqualTo(1351));
        Assert.That(cluster.GetProperty("delinquentCount").GetInt32(), Is.EqualTo(26));
        Assert.That(cluster.GetProperty("superminoritySize").GetInt32(), Is.InRange(10, 40));
        Assert.That(ulong.Parse(cluster.GetProperty("totalStake").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            Is.GreaterThan(ulong.Parse(cluster.GetProperty("delinquentStake").GetString()!, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public async Task Rankings_UnderAnotherProfile_AreComputedWithoutStoringARun()
    {
        var runsBefore = (await _api.Services.GetRequiredService<SolStake.Core.Storage.IScoringStore>().ListRunsAsync(100)).Count;

        var (status, body) = await _api.QueryAsync("{ rankings(profile: \"JitoCompatible\", limit: 5) { rank score state validator { voteAccount } } }");

        Assert.That(status, Is.EqualTo(200), body.ToString());
        var ranked = body.GetProperty("data").GetProperty("rankings").EnumerateArray().ToList();
        Assert.That(ranked.Select(r => r.GetProperty("rank").GetInt32()), Is.EqualTo(new[] { 1, 2, 3, 4, 5 }));
        Assert.That(ranked.Select(r => r.GetProperty("score").GetDouble()), Is.Ordered.Descending);
        Assert.That((await _api.Services.GetRequiredService<SolStake.Core.Storage.IScoringStore>().ListRunsAsync(100)).Count, Is.EqualTo(runsBefore));
    }

    [Test]
    public async Task Rankings_GateTheConfiguredDenylist_AsStoredRunsDo()
    {
        const string denied = "6D9w8FRw5EFr5qtZEphPpughN3W8zc8p6zMXg4PFuaXL";
        await using var api = await ApiHarness.StartAsync("Sqlite", configure: c => c["SolStake:Scoring:Denylist:0"] = denied);

        var (_, ranked) = await api.QueryAsync("{ rankings(profile: \"Default\", limit: 5000) { state flags validator { voteAccount } } }");
        var (_, stored) = await api.QueryAsync($"{{ validator(voteAccount: \"{denied}\") {{ scoreHistory(last: 2) {{ profile state flags }} }} }}");

        var preview = ranked.GetProperty("data").GetProperty("rankings").EnumerateArray()
            .Single(r => r.GetProperty("validator").GetProperty("voteAccount").GetString() == denied);
        var run = stored.GetProperty("data").GetProperty("validator").GetProperty("scoreHistory").EnumerateArray()
            .Single(s => s.GetProperty("profile").GetString() == "Default");
        Assert.Multiple(() =>
        {
            Assert.That(preview.GetProperty("state").GetString(), Is.EqualTo("INELIGIBLE"));
            Assert.That(preview.GetProperty("flags").EnumerateArray().Select(f => f.GetString()), Has.Some.StartsWith("GATE:DENYLISTED"), "served as a gate");
            Assert.That(run.GetProperty("state").GetString(), Is.EqualTo("INELIGIBLE"));
            Assert.That(run.GetProperty("flags").EnumerateArray().Select(f => f.GetString()), Has.Some.StartsWith("GATE:DENYLISTED"), "stored as a gate");
        });
    }

    [Test]
    public async Task Rankings_UnknownProfile_NamesTheArgument()
    {
        var (_, body) = await _api.QueryAsync("{ rankings(profile: \"Nope\") { rank } }");

        Assert.That(body.GetProperty("errors")[0].GetProperty("message").GetString(), Does.Contain("'profile'").And.Contain("JitoCompatible"));
    }

    [Test]
    public async Task A_list_without_breakdowns_answers_the_same_scores_and_a_breakdown_asked_beside_it_is_complete()
    {
        var (_, lean) = await _api.QueryAsync("{ validators(orderBy: SCORE, limit: 20) { voteAccount latestTrustScore { score state scoringRunId } } }");
        var (_, full) = await _api.QueryAsync("{ validators(orderBy: SCORE, limit: 20) { voteAccount latestTrustScore { score state scoringRunId flags } } }");
        var first = lean.GetProperty("data").GetProperty("validators")[0].GetProperty("voteAccount").GetString();
        var (_, beside) = await _api.QueryAsync(
            $"{{ validators(orderBy: SCORE, limit: 20) {{ voteAccount latestTrustScore {{ score }} }} v: validator(voteAccount: \"{first}\") {{ latestTrustScore {{ breakdown {{ factor }} }} }} }}");

        var (_, alone) = await _api.QueryAsync($"{{ v: validator(voteAccount: \"{first}\") {{ latestTrustScore {{ breakdown {{ factor }} }} }} }}");

        static IEnumerable<string> Scores(JsonElement body) => body.GetProperty("data").GetProperty("validators").EnumerateArray()
            .Select(v => $"{v.GetProperty("voteAccount")} {v.GetProperty("latestTrustScore").GetProperty("score")} {v.GetProperty("latestTrustScore").GetProperty("state")}");

        Assert.Multiple(() =>
        {
            Assert.That(Scores(lean), Is.EqualTo(Scores(full)));
            var breakdown = alone.GetProperty("data").GetProperty("v").GetProperty("latestTrustScore").GetProperty("breakdown");
            Assert.That(breakdown.GetArrayLength(), Is.Positive);
            Assert.That(beside.GetProperty("data").GetProperty("v").GetProperty("latestTrustScore").GetProperty("breakdown").ToString(), Is.EqualTo(breakdown.ToString()),
                "every factor, though the list beside it asked for none");
        });
    }

    [Test]
    public async Task EpochPerformanceAndCommissionHistory_AreBatched()
    {
        // Every validator's history costs more than an anonymous caller may ask for at once (QueryCost).
        var (status, body) = await _api.QueryAsync("{ validators { epochPerformance(last: 5) { epoch credits skipRate } commissionHistory { epoch commissionBps } skipRate } }",
            token: _api.Token("viewer"));

        Assert.That(status, Is.EqualTo(200), body.ToString());
        var first = body.GetProperty("data").GetProperty("validators")[0];
        Assert.That(first.GetProperty("epochPerformance").EnumerateArray().Select(e => e.GetProperty("epoch").GetString()), Is.EqualTo(new[] { "752", "751", "750", "749", "748" }));
        Assert.That(first.GetProperty("commissionHistory").EnumerateArray().Select(e => e.GetProperty("epoch").GetString()), Is.EqualTo(new[] { "752" }));
        Assert.That(first.GetProperty("skipRate").ValueKind, Is.EqualTo(JsonValueKind.Null), "no block production was collected");
        Assert.That(_api.Commands.Count, Is.LessThanOrEqualTo(2), _api.Commands.Texts);
    }
}
