using SolStake.Core.Domain;
using SolStake.Core.Storage;
using static SolStake.Scoring.Tests.TestCluster;

namespace SolStake.Scoring.Tests;

/// <summary>The correctness checks of scoring-anchors §8.</summary>
public class CorrectnessChecksTests
{
    private static ValidatorScore ScoreOf(ScoringInput input, int index, ScoringProfile? profile = null) =>
        TrustScorer.Score(input, profile ?? ScoringProfile.Default).Scores[index];

    [Test]
    public void CommissionRug_IsIneligibleAndSticky_EvenAtFivePercentNow()
    {
        var input = Input(20, (i, v) => i == 3 ? With(v, commission: Commission.FromPercent(5), samples: Samples(5, 5, 100, 5, 5)) : v);

        var score = ScoreOf(input, 3);

        Assert.That(score.State, Is.EqualTo(ScoreState.Ineligible));
        Assert.That(score.GatedBy(Codes.CommissionRug), Is.True);
        Assert.That(score.Score, Is.Zero);
        var adjustment = score.Breakdown.Single(l => l.Factor == Factors.EligibilityAdjustment);
        Assert.That(adjustment.Points, Is.EqualTo(-score.Breakdown.Where(l => l.Factor != Factors.EligibilityAdjustment).Sum(l => l.Points)));
        Assert.That(adjustment.Points, Is.LessThan(0), "the raw breakdown stays visible");
        Assert.That(adjustment.Detail, Does.Contain("COMMISSION_RUG"));
    }

    [Test]
    public void CommissionRug_OlderThanTheWindow_StillGates()
    {
        var input = Input(10, (i, v) => i == 0 ? With(v, samples: [new CommissionSample(CurrentEpoch - 40, 5, Commission.FromPercent(100)), .. Samples(5, 5)]) : v);

        Assert.That(ScoreOf(input, 0).GatedBy(Codes.CommissionRug), Is.True);
    }

    [TestCase(new byte[] { 5, 7, 6 }, false, 7)]
    [TestCase(new byte[] { 5, 10, 6 }, true, 10)]
    [TestCase(new byte[] { 8, 8, 8 }, false, 8)] // equality passes
    public void CommissionPolicy_JitoWindowVectors(byte[] window, bool gated, int max)
    {
        var profile = ScoringProfile.Default with { Name = "Policy8", PolicyMaximum = Commission.FromPercent(8) };
        var input = Input(10, (i, v) => i == 0 ? With(v, samples: Samples(window), commission: Commission.FromPercent(window[^1])) : v);

        var score = ScoreOf(input, 0, profile);

        Assert.That(score.GatedBy(Codes.CommissionAbovePolicy), Is.EqualTo(gated));
        Assert.That(score.Metrics.MaxCommission, Is.EqualTo(Commission.FromPercent((byte)max)));
    }

    [Test]
    public void Delinquent_GetsZeroVotingPointsAndAFlag_AndTheSameValidatorVotingGetsPoints()
    {
        var delinquent = ScoreOf(Input(10, (i, v) => i == 2 ? With(v, delinquent: true) : v), 2);
        var voting = ScoreOf(Input(10), 2);

        Assert.That(delinquent.Points(Factors.VoteEffectiveness) + delinquent.Points(Factors.VoteReliability), Is.Zero);
        Assert.That(delinquent.Has(Codes.DelinquentNow), Is.True);
        Assert.That(voting.Points(Factors.VoteEffectiveness) + voting.Points(Factors.VoteReliability), Is.GreaterThan(0));
        Assert.That(voting.Has(Codes.DelinquentNow), Is.False);
    }

    [Test]
    public void Superminority_40_30_10_10_10_OnlyTheFirst()
    {
        ulong[] stakes = [40, 30, 10, 10, 10];
        var input = Input(5, (i, v) => With(v, stake: stakes[i] * 1_000 * Sol));

        var run = TrustScorer.Score(input, ScoringProfile.Default);

        Assert.That(run.Scores.Select(s => s.Metrics.InSuperminority), Is.EqualTo(new[] { true, false, false, false, false }));
        Assert.That(run.Cluster.SuperminoritySize, Is.EqualTo(1));
        Assert.That(run.Scores[0].Points(Factors.Decentralization), Is.Zero);
        Assert.That(run.Scores[0].Has(Codes.Superminority), Is.True);
        Assert.That(run.Scores[1].Points(Factors.Decentralization), Is.EqualTo(3.75m)); // 15 × (1 − 0.30 / 0.40)
    }

    [Test]
    public void Superminority_FiveEqualStakes_TheFirstTwoCrossTheThird()
    {
        var input = Input(5, (i, v) => With(v, stake: 20_000 * Sol));

        var run = TrustScorer.Score(input, ScoringProfile.Default);
        var jito = TrustScorer.Score(input, ScoringProfile.JitoCompatible);

        Assert.That(run.Scores.Count(s => s.Metrics.InSuperminority), Is.EqualTo(2));
        Assert.That(run.Scores.Where(s => s.Metrics.InSuperminority).All(s => s.Points(Factors.Decentralization) == 0 && s.Has(Codes.Superminority)), Is.True);
        Assert.That(jito.Scores.Where(s => s.Metrics.InSuperminority).All(s => s.State == ScoreState.Ineligible && s.GatedBy(Codes.Superminority)), Is.True);
        Assert.That(jito.Scores.Where(s => !s.Metrics.InSuperminority).All(s => !s.GatedBy(Codes.Superminority)), Is.True);
    }

    [Test]
    public void JitoVectors_ConstantCredits_RatioPointEightFailsAtTheFirstEpoch()
    {
        double[] credits = [12_800, 12_800, 12_800];
        double[] blocks = [1_000, 1_000, 1_000];

        Assert.That(VoteCreditRatio.Window(credits, blocks), Is.EqualTo(0.8).Within(1e-12));
        Assert.That(VoteCreditRatio.FirstEpochBelow(credits, blocks, 0.9), Is.Zero);
        Assert.That(VoteCreditRatio.FirstEpochBelow(credits, blocks, 0.8), Is.EqualTo(-1));
    }

    [Test]
    public void JitoVectors_MissingCreditsAndBlocks_Ratio1700Over3000AndFailsAtEpochZero()
    {
        double[] credits = [0, 12_800, 14_400];
        double[] blocks = [1_000, 0, 1_000];

        Assert.That(VoteCreditRatio.Window(credits, blocks), Is.EqualTo(1700.0 / 3000.0).Within(1e-12));
        Assert.That(VoteCreditRatio.FirstEpochBelow(credits, blocks, 0.97), Is.Zero);
    }

    [Test]
    public void JitoVectors_PreTvcCreditsAreMultipliedBy16()
    {
        // Epochs 673..702 (Jito's 30-epoch window) are before TVC (703): 800 credits per 1000 blocks is the same 0.8 as 12,800 after it.
        var input = new ScoringInput
        {
            CurrentEpoch = 703,
            TimelyVoteCreditsEpoch = 703,
            Validators = [.. Enumerable.Range(0, 4).Select(i => new ValidatorHistory
            {
                VoteAccount = Key(i),
                ActivatedStake = 1_000 * Sol,
                Credits = [.. Enumerable.Range(673, 30).Select(e => new EpochCredit((ulong)e, 800))],
                BlockProduction = [.. Enumerable.Range(673, 30).Select(e => new EpochBlockProduction((ulong)e, 250, 250))],
            })],
        };

        var score = TrustScorer.Score(input, ScoringProfile.JitoCompatible).Scores[0];

        Assert.That(score.Metrics.AbsoluteCreditRatio, Is.EqualTo(0.8).Within(1e-12));
        Assert.That(score.GatedBy(Codes.PoorVoting), Is.True);
    }

    [Test]
    public void RelativeVoting_IsUnchangedWhenEveryValidatorsCreditsAreMultipliedBy16()
    {
        static ScoringInput Cluster(ulong factor) => Input(8, (i, v) => With(v, credits: [.. v.Credits.Select(c => c with { Credits = (c.Credits - (ulong)(i * 150_000)) * factor })]));

        var plain = TrustScorer.Score(Cluster(1), ScoringProfile.Default);
        var scaled = TrustScorer.Score(Cluster(16), ScoringProfile.Default);

        Assert.That(scaled.Scores.Select(s => s.Points(Factors.VoteEffectiveness)), Is.EqualTo(plain.Scores.Select(s => s.Points(Factors.VoteEffectiveness))));
        Assert.That(scaled.Scores.Select(s => s.Metrics.CreditRatio), Is.EqualTo(plain.Scores.Select(s => s.Metrics.CreditRatio)).Within(1e-12));
    }

    [Test]
    public void MissingEpochTriples_GivePerEpochCreditsWithZeroForTheGap()
    {
        const ulong e = 100;
        var perEpoch = CreditHistory.FromTriples([new EpochCredits(e - 2, 1_000, 600), new EpochCredits(e, 1_300, 1_000)]);

        Assert.That(perEpoch, Is.EqualTo(new[] { new EpochCredit(e - 2, 400), new EpochCredit(e - 1, 0), new EpochCredit(e, 300) }));
    }

    [Test]
    public void CurrentEpoch_IsExcludedFromTheWindow()
    {
        var healthy = ScoreOf(Input(10), 0);
        var lowCurrent = ScoreOf(Input(10, (i, v) => i == 0 ? With(v, credits: [.. v.Credits.Where(c => c.Epoch < CurrentEpoch), new EpochCredit(CurrentEpoch, 1)]) : v, progress: 0.1), 0);

        Assert.That(lowCurrent.Metrics.CreditRatio, Is.EqualTo(healthy.Metrics.CreditRatio));
    }

    [Test]
    public void CumulativeCounter_DoesNotMatter_OnlyPerEpochCredits()
    {
        // Two validators earn the same per epoch; one's lifetime counter is ten times the other's.
        var young = CreditHistory.FromTriples([.. Enumerable.Range(0, 5).Select(i => new EpochCredits(1_010 + (ulong)i, 10_000_000 + ((ulong)i + 1) * 6_000_000, 10_000_000 + (ulong)i * 6_000_000))]);
        var old = CreditHistory.FromTriples([.. Enumerable.Range(0, 5).Select(i => new EpochCredits(1_010 + (ulong)i, 100_000_000 + ((ulong)i + 1) * 6_000_000, 100_000_000 + (ulong)i * 6_000_000))]);
        var input = Input(6, (i, v) => i switch { 0 => With(v, credits: young), 1 => With(v, credits: old), _ => v });

        var run = TrustScorer.Score(input, ScoringProfile.Default);

        Assert.That(run.Scores[0].Points(Factors.VoteEffectiveness), Is.EqualTo(run.Scores[1].Points(Factors.VoteEffectiveness)));
        Assert.That(run.Scores[0].Points(Factors.VoteReliability), Is.EqualTo(run.Scores[1].Points(Factors.VoteReliability)));
    }

    [Test]
    public void FullCommission_IsPrivateAndScoresZero()
    {
        var score = ScoreOf(Input(10, (i, v) => i == 1 ? With(v, commission: Commission.FromPercent(100), samples: Samples(100, 100)) : v), 1);

        Assert.That(score.GatedBy(Codes.Private), Is.True);
        Assert.That(score.Score, Is.Zero);
    }

    [Test]
    public void AVersionOfNoKnownClient_IsNotJudgedAgainstAgave_ButNeutral()
    {
        // 26.8.1 reads as a version, but no Agave ever had it: not "newer than current", not outdated, neutral.
        var input = Input(10, (i, v) => i == 0 ? With(v, version: "26.8.1") : i == 1 ? With(v, version: "0.1105.40200") : v);

        var run = TrustScorer.Score(input, ScoringProfile.Default);
        var unknown = run.Scores[0].Breakdown.Single(l => l.Factor == Factors.SoftwareVersion);
        var frankendancer = run.Scores[1].Breakdown.Single(l => l.Factor == Factors.SoftwareVersion);
        var agave = run.Scores[2].Breakdown.Single(l => l.Factor == Factors.SoftwareVersion);

        Assert.That((unknown.Points, unknown.Condition), Is.EqualTo((2.5m, BreakdownCondition.UnknownClient)));
        Assert.That(run.Scores[0].Has(Codes.UnknownClient), Is.True);
        Assert.That(unknown.Detail, Is.EqualTo("a version of no client known here: not measured, neutral (half the points)"));
        Assert.That(frankendancer.Detail, Is.EqualTo("runs Frankendancer's current version or newer"), "judged within its own client");
        Assert.That(agave.Detail, Is.EqualTo("runs Agave's current version or newer"));
        Assert.That(agave.Points, Is.EqualTo(5m), "the unknown 26.8.1 does not become Agave's current version");
    }

    [Test]
    public void NoLeaderSlots_IsNeutral_HalfThePoints_AndSaysItWasNotMeasured()
    {
        // The cluster skips 10 %; validator 0 has no leader slots; validator 1 skips exactly the cluster rate. A
        // validator that never led a slot has shown nothing: neutral (half), not the full marks of a measured
        // cluster-average producer, and its detail claims no skip rate.
        var input = Input(10, (i, v) => i switch
        {
            0 => With(v, blocks: []),
            _ => With(v, blocks: [.. v.BlockProduction.Select(b => b with { BlocksProduced = b.LeaderSlots * 9 / 10 })]),
        });

        var run = TrustScorer.Score(input, ScoringProfile.Default);
        var line = run.Scores[0].Breakdown.Single(l => l.Factor == Factors.BlockProduction);

        Assert.That(run.Scores[0].Has(Codes.NoLeaderSlots), Is.True);
        Assert.That(line.Points, Is.EqualTo(7.5m));
        Assert.That(line.Condition, Is.EqualTo(BreakdownCondition.NoLeaderSlots));
        Assert.That(line.Detail, Is.EqualTo("no leader slot in the window: not measured, neutral (half the points)"));
        Assert.That(run.Scores[1].Points(Factors.BlockProduction), Is.EqualTo(15m), "a measured cluster-average producer earns every point");
        Assert.That(run.Scores[0].Metrics.SkipRate, Is.EqualTo(run.Cluster.ClusterSkipRate), "the ranking's metric stays the cluster's rate");
    }

    [Test]
    public void SmallSample_150SlotsAt10PercentSkip_IsTreatedAsTheClusters3Percent()
    {
        var input = Input(10, (i, v) => i == 0
            ? With(v, blocks: [new EpochBlockProduction(CurrentEpoch - 1, 150, 135)])
            : With(v, blocks: [.. v.BlockProduction.Select(b => b with { LeaderSlots = 1_000, BlocksProduced = 970 })]));

        var run = TrustScorer.Score(input, ScoringProfile.Default);

        Assert.That(run.Cluster.ClusterSkipRate, Is.EqualTo(0.03).Within(0.001));
        Assert.That(run.Scores[0].Metrics.SkipRate, Is.EqualTo(run.Cluster.ClusterSkipRate));
        Assert.That(run.Scores[0].Points(Factors.BlockProduction), Is.EqualTo(15m));
    }

    [Test]
    public void ValidatorInfo_FourFieldsFullPoints_TwoFieldsHalf()
    {
        var input = Input(4, (i, v) => i == 1 ? With(v, info: new ValidatorInfo("Name", null, "", "https://icon")) : v);

        var run = TrustScorer.Score(input, ScoringProfile.Default);

        Assert.That(run.Scores[0].Points(Factors.Transparency), Is.EqualTo(5m));
        Assert.That(run.Scores[1].Points(Factors.Transparency), Is.EqualTo(2.5m));
    }

    internal static ValidatorHistory With(
        ValidatorHistory v,
        ulong? stake = null,
        bool? delinquent = null,
        Commission? commission = null,
        IReadOnlyList<CommissionSample>? samples = null,
        IReadOnlyList<EpochCommission>? effective = null,
        IReadOnlyList<EpochCredit>? credits = null,
        IReadOnlyList<EpochBlockProduction>? blocks = null,
        string? version = "",
        ValidatorInfo? info = null,
        bool clearInfo = false,
        bool? listed = null,
        UptimeObservations? uptime = null) => new()
        {
            VoteAccount = v.VoteAccount,
            Identity = v.Identity,
            ActivatedStake = stake ?? v.ActivatedStake,
            Delinquent = delinquent ?? v.Delinquent,
            Listed = listed ?? v.Listed,
            Commission = commission ?? v.Commission,
            CommissionSamples = samples ?? v.CommissionSamples,
            EffectiveCommissions = effective ?? v.EffectiveCommissions,
            Credits = credits ?? v.Credits,
            BlockProduction = blocks ?? v.BlockProduction,
            Version = version == "" ? v.Version : version,
            Info = clearInfo ? null : info ?? v.Info,
            Uptime = uptime ?? v.Uptime,
        };
}
