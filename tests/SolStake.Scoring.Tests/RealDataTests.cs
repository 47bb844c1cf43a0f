using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SolStake.Core.DependencyInjection;
using SolStake.Core.Domain;
using SolStake.Core.Storage;
using SolStake.Ingestion;
using SolStake.Ingestion.Cli;
using SolStake.Ingestion.Rpc;
using SolStake.Testing;

namespace SolStake.Scoring.Tests;

/// <summary>Scoring real mainnet data: the consecutive CLI series of epochs 1008–1014, and the epoch-752 getVoteAccounts recording.</summary>
public class RealDataTests
{
    private static ScoringInput _series = null!;
    private static ScoringInput _rpc752 = null!;

    [OneTimeSetUp]
    public static async Task LoadAsync()
    {
        _series = await RecordedSeries.InputAsync();
        _rpc752 = await Rpc752InputAsync();
    }

    private static IEnumerable<TestCaseData> Inputs()
    {
        yield return new TestCaseData("series 1008-1014").SetArgDisplayNames("series");
        yield return new TestCaseData("getVoteAccounts 752").SetArgDisplayNames("rpc752");
    }

    private static ScoringInput Pick(string name) => name.StartsWith("series", StringComparison.Ordinal) ? _series : _rpc752;

    [TestCaseSource(nameof(Inputs))]
    public void Delinquent_CarryTheFlagAndZeroVotingPoints(string name)
    {
        var input = Pick(name);
        var run = TrustScorer.Score(input, ScoringProfile.Default);

        var delinquent = run.Scores.Where((s, i) => input.Validators[i].Delinquent).ToList();
        Assert.That(delinquent, Is.Not.Empty);
        Assert.That(delinquent.All(s => s.Flags.Any(f => f.Code == Codes.DelinquentNow)), Is.True);
        Assert.That(delinquent.All(s => s.Breakdown.Where(l => l.Factor is Factors.VoteEffectiveness or Factors.VoteReliability).Sum(l => l.Points) == 0), Is.True);
    }

    [TestCaseSource(nameof(Inputs))]
    public void DetailsAgreeWithPoints_UnderEveryProfile(string name) => NeutralAndDetailTests.AssertDetailsAgreeWithPoints(Pick(name));

    [TestCaseSource(nameof(Inputs))]
    public void EveryMeasuredLine_RestoredFromItsNumbers_HasTheSameDetail(string name)
    {
        var input = Pick(name);
        var lines = 0;
        foreach (var profile in ScoringProfile.BuiltIn)
        {
            foreach (var line in TrustScorer.Score(input, profile).Scores.SelectMany(s => s.Breakdown))
            {
                Assert.That(line.HasMeasure, Is.EqualTo(BreakdownLine.CanRestore(line.Factor)), line.ToString());
                if (!line.HasMeasure)
                {
                    continue;
                }

                var restored = BreakdownLine.Restore(line.Factor, line.Points, line.MaxPoints, line.Value, line.Reference, line.Condition);
                Assert.That(restored.Detail, Is.EqualTo(line.Detail), line.ToString());
                Assert.That((restored.Points, restored.MaxPoints), Is.EqualTo((line.Points, line.MaxPoints)));
                lines++;
            }
        }

        Assert.That(lines, Is.GreaterThan(4 * input.Validators.Count * 2), "every profile's factor lines were checked");
    }

    [TestCaseSource(nameof(Inputs))]
    public void MagicReferences_AreConditions(string name)
    {
        // The reference is a number the value was compared with, or null: what it used to encode as -1, -2 or NaN
        // (not in gossip, version unreadable, in the superminority, no validator info, no block data) is a condition.
        var run = TrustScorer.Score(Pick(name), ScoringProfile.Default);
        var lines = run.Scores.SelectMany(s => s.Breakdown).Where(l => l.HasMeasure).ToList();

        Assert.That(lines.Where(l => l.Reference is { } r && (r < 0 || double.IsNaN(r))), Is.Empty);
        foreach (var score in run.Scores)
        {
            var version = score.Breakdown.Single(l => l.Factor == Factors.SoftwareVersion).Condition;
            Assert.That(version == BreakdownCondition.NotInGossip, Is.EqualTo(score.Flags.Any(f => f.Code == Codes.NoGossip)));
            Assert.That(version == BreakdownCondition.VersionUnreadable, Is.EqualTo(score.Flags.Any(f => f.Code == Codes.UnknownVersion)));
            Assert.That(score.Breakdown.Single(l => l.Factor == Factors.Decentralization).Condition == BreakdownCondition.InSuperminority, Is.EqualTo(score.Metrics.InSuperminority));
            Assert.That(score.Breakdown.Single(l => l.Factor == Factors.Transparency).Condition == BreakdownCondition.NoValidatorInfo, Is.EqualTo(score.Flags.Any(f => f.Code == Codes.NoValidatorInfo)));
        }

        Assert.That(lines.Count(l => l.Condition == BreakdownCondition.InSuperminority), Is.EqualTo(run.Cluster.SuperminoritySize));
    }

    [TestCaseSource(nameof(Inputs))]
    public void UnknownVersion_IsSaidOnlyOfVersionsThatCannotBeRead(string name)
    {
        // Issue #31: 230 validators on pre-releases (4.2.0-rc.1, 0.1104.0-rc.40200, ...) were flagged UNKNOWN_VERSION.
        var input = Pick(name);
        var run = TrustScorer.Score(input, ScoringProfile.Default);
        var unreadable = run.Scores.Where(s => s.Flags.Any(f => f.Code == Codes.UnknownVersion)).Select(s => s.VoteAccount).ToHashSet();
        var versions = input.Validators.ToDictionary(v => v.VoteAccount, v => v.Version);

        Assert.That(unreadable.Where(v => SoftwareVersion.TryParse(versions[v], out _)), Is.Empty);
        var judgedPreReleases = run.Scores.Count(s => SoftwareVersion.TryParse(versions[s.VoteAccount], out var version) && version.IsPreRelease
            && s.Breakdown.Single(l => l.Factor == Factors.SoftwareVersion).Condition == BreakdownCondition.None);
        // Epoch 752 predates the pre-release clients; the series (epochs 1008-1014) runs hundreds of them.
        Assert.That(judgedPreReleases, name.StartsWith("series", StringComparison.Ordinal) ? Is.GreaterThan(100) : Is.Zero,
            "pre-releases are judged against the current version like any other");
    }

    [Test]
    public void Restore_RefusesAFactorWithoutNumbers_AndPointsBeyondHundredths()
    {
        Assert.That(() => BreakdownLine.Restore(Factors.EligibilityAdjustment, -50, 0, 0, null, BreakdownCondition.None), Throws.ArgumentException.With.Message.Contains("keep its text"));
        Assert.That(() => BreakdownLine.Restore(Factors.TrackRecord, 1.234m, 5, 3, 30, BreakdownCondition.None), Throws.ArgumentException.With.Message.Contains("hundredths"));
        Assert.That(BreakdownLine.Restore(Factors.TrackRecord, 0.5m, 5, 3, 30, BreakdownCondition.None).Detail, Is.EqualTo("3 epochs with credits (full points at 30)"));
    }

    [TestCaseSource(nameof(Inputs))]
    public void FullCommission_IsIneligible(string name)
    {
        var input = Pick(name);
        var run = TrustScorer.Score(input, ScoringProfile.Default);

        var private100 = run.Scores.Where((s, i) => input.Validators[i].Commission.BasisPoints == Commission.MaxBasisPoints).ToList();
        Assert.That(private100, Is.Not.Empty);
        Assert.That(private100.All(s => s.State == ScoreState.Ineligible && s.Score == 0 && s.Gates.Any(g => g.Code == Codes.Private)), Is.True);
    }

    [TestCaseSource(nameof(Inputs))]
    public void Superminority_MatchesAStraightforwardRecomputation(string name)
    {
        var input = Pick(name);
        var run = TrustScorer.Score(input, ScoringProfile.Default);

        var total = input.Validators.Sum(v => (decimal)v.ActivatedStake);
        var expected = new HashSet<Pubkey>();
        decimal running = 0;
        foreach (var v in input.Validators.OrderByDescending(v => v.ActivatedStake).ThenBy(v => v.VoteAccount))
        {
            expected.Add(v.VoteAccount);
            running += v.ActivatedStake;
            if (running > total / 3) break;
        }

        var actual = run.Scores.Where(s => s.Metrics.InSuperminority).Select(s => s.VoteAccount).ToHashSet();
        Assert.That(actual, Is.EquivalentTo(expected));
        Assert.That(run.Cluster.SuperminoritySize, Is.EqualTo(expected.Count).And.InRange(10, 60));
    }

    [TestCaseSource(nameof(Inputs))]
    public void Scores_AreSane(string name)
    {
        var input = Pick(name);
        var run = TrustScorer.Score(input, ScoringProfile.Default);

        var eligible = run.Scores.Where(s => s.State == ScoreState.Eligible).Select(s => s.Score).Order().ToList();
        Assert.That(eligible.Count, Is.GreaterThan(run.Scores.Count / 2), "most mainnet validators are eligible");
        Assert.That(eligible[eligible.Count / 2], Is.InRange(45m, 95m), "the median eligible score");
        Assert.That(run.Scores.All(s => s.Score is >= 0 and <= 100 && s.Breakdown.Sum(l => l.Points) == s.Score), Is.True);
        Assert.That(run.Scores.Select(s => s.Score).Distinct().Count(), Is.GreaterThan(50), "the score discriminates");
        // Voting well matters: validators in the top quarter by credit ratio outscore the bottom quarter on average.
        var byRatio = run.Scores.Where(s => s.State == ScoreState.Eligible).OrderBy(s => s.Metrics.CreditRatio).ToList();
        var quarter = byRatio.Count / 4;
        Assert.That(byRatio.TakeLast(quarter).Average(s => s.Score), Is.GreaterThan(byRatio.Take(quarter).Average(s => s.Score)));
    }

    [Test]
    public void Series_GivesRealMultiEpochHistory()
    {
        var run = TrustScorer.Score(_series, ScoringProfile.Default);

        Assert.That(run.Cluster.WindowEnd, Is.EqualTo(1014UL));
        Assert.That(run.Scores.Count(s => s.Metrics.Age >= 7), Is.GreaterThan(600));
        Assert.That(run.Scores.Count(s => s.State == ScoreState.Unrated), Is.LessThan(30));
        Assert.That(TrustScorer.Score(_series, ScoringProfile.JitoCompatible).Scores.Count(s => s.State == ScoreState.Ineligible),
            Is.GreaterThan(run.Scores.Count(s => s.State == ScoreState.Ineligible)), "Jito's filters are stricter");
    }

    /// <summary>getVoteAccounts at epoch 752, read with the RPC client over HTTP: four completed epochs of credits.</summary>
    private static async Task<ScoringInput> Rpc752InputAsync()
    {
        await using var server = await FixtureRpcServer.StartAsync();
        server.Serve("getVoteAccounts", "mainnet-getVoteAccounts-epoch752-2025-03-07.json");
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSolStake().AddSolanaRpcClient(o => o.RpcUrl = server.Url);
        await using var provider = services.BuildServiceProvider();
        var accounts = await provider.GetRequiredService<ISolanaRpcClient>().GetVoteAccountsAsync();

        var validators = accounts.All().Select(a => new ValidatorHistory
        {
            VoteAccount = a.VotePubkey,
            Identity = a.NodePubkey,
            ActivatedStake = a.ActivatedStake,
            Delinquent = a.Delinquent,
            Commission = a.Commission,
            Credits = CreditHistory.FromTriples(a.EpochCredits),
        }).ToList();
        return new ScoringInput { CurrentEpoch = 752, EpochProgress = 194_116 / 432_000.0, Validators = validators };
    }
}
