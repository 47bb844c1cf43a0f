using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SolStake.Core.DependencyInjection;
using SolStake.Core.Domain;
using static SolStake.Scoring.Tests.CorrectnessChecksTests;
using static SolStake.Scoring.Tests.TestCluster;

namespace SolStake.Scoring.Tests;

public class ModelTests
{
    private static ValidatorScore ScoreOf(ScoringInput input, int index, ScoringProfile? profile = null) =>
        TrustScorer.Score(input, profile ?? ScoringProfile.Default).Scores[index];

    [Test]
    public void EpochsBeforeTheListedOnes_CountForTrackRecordAndAge_AndTheHighestCommissionEverGates()
    {
        // Ten epochs listed and 25 credited before them, summarised by the store; 100 % charged long ago.
        var input = Input(10, (i, v) => i != 0 ? v : new ValidatorHistory
        {
            VoteAccount = v.VoteAccount, Identity = v.Identity, ActivatedStake = v.ActivatedStake, Commission = v.Commission, Credits = v.Credits,
            BlockProduction = v.BlockProduction, CommissionSamples = v.CommissionSamples, Version = v.Version, Info = v.Info,
            Earlier = new EarlierEpochs(CurrentEpoch - 200, 25),
            HighestCommission = Commission.FromPercent(100),
        });

        var score = ScoreOf(input, 0);

        Assert.That(score.Metrics.Age, Is.EqualTo(35));
        Assert.That(score.Breakdown.Single(l => l.Factor == Factors.TrackRecord).Value, Is.EqualTo(35));
        Assert.That(score.Gates.Single(), Is.EqualTo(new ScoreFlag(Codes.CommissionRug, Detail: "100%")));
        Assert.That(ScoreOf(Input(10), 0).Metrics.Age, Is.EqualTo(10), "without a summary, the listed epochs alone");
    }

    [Test]
    public void HealthyValidator_IsEligible_WithTheExpectedBreakdown()
    {
        var score = ScoreOf(Input(10), 0);

        Assert.That(score.State, Is.EqualTo(ScoreState.Eligible));
        Assert.That(score.Breakdown.Select(l => l.Factor), Is.EqualTo(new[]
        {
            Factors.VoteEffectiveness, Factors.VoteReliability, Factors.BlockProduction, Factors.CommissionLevel,
            Factors.CommissionStability, Factors.Decentralization, Factors.TrackRecord, Factors.SoftwareVersion, Factors.Transparency,
        }));
        Assert.That(score.Breakdown.Select(l => l.MaxPoints).Sum(), Is.EqualTo(100m));
        Assert.Multiple(() =>
        {
            Assert.That(score.Points(Factors.VoteEffectiveness), Is.EqualTo(25m));
            Assert.That(score.Points(Factors.VoteReliability), Is.EqualTo(10m));
            Assert.That(score.Points(Factors.BlockProduction), Is.EqualTo(15m));
            Assert.That(score.Points(Factors.CommissionLevel), Is.EqualTo(7.5m));   // 5 % of a 10 % scale
            Assert.That(score.Points(Factors.CommissionStability), Is.EqualTo(5m));
            Assert.That(score.Points(Factors.TrackRecord), Is.EqualTo(1.67m));      // 10 of 30 epochs
            Assert.That(score.Points(Factors.SoftwareVersion), Is.EqualTo(5m));
            Assert.That(score.Points(Factors.Transparency), Is.EqualTo(5m));
        });
        Assert.That(score.Score, Is.EqualTo(score.Breakdown.Sum(l => l.Points)));
        Assert.That(score.Profile, Is.EqualTo("Default"));
        Assert.That(score.ModelVersion, Is.EqualTo("trustscore-v2.2"));
        Assert.That(score.Breakdown.All(l => l.Detail.Length > 0), Is.True);
    }

    [Test]
    public void FewerThanThreeEpochs_IsUnrated_WithAProvisionalScore()
    {
        var score = ScoreOf(Input(10, (i, v) => i == 0 ? Healthy(0, epochs: 2) : v), 0);

        Assert.That(score.State, Is.EqualTo(ScoreState.Unrated));
        Assert.That(score.Has(Codes.NewValidator), Is.True);
        Assert.That(score.Score, Is.GreaterThan(0));
        Assert.That(score.GatedBy(Codes.Inactive), Is.False);
    }

    [Test]
    public void BrandNewValidator_WithCreditsOnlyInTheCurrentEpoch_IsUnratedNotInactive()
    {
        var fresh = With(Healthy(0), credits: [new EpochCredit(CurrentEpoch, 100)], blocks: [], samples: []);

        var score = ScoreOf(Input(10, (i, v) => i == 0 ? fresh : v), 0);

        Assert.That(score.State, Is.EqualTo(ScoreState.Unrated));
        Assert.That(score.Metrics.Age, Is.Zero);
    }

    [Test]
    public void StoppedVoting_InTheLastTwoEpochs_IsInactive()
    {
        var stopped = Input(10, (i, v) => i == 0 ? With(v, credits: [.. v.Credits.Where(c => c.Epoch < CurrentEpoch - 2)]) : v);
        var unlisted = Input(10, (i, v) => i == 0 ? With(v, listed: false) : v);
        var oneQuietEpoch = Input(10, (i, v) => i == 0 ? With(v, credits: [.. v.Credits.Where(c => c.Epoch != CurrentEpoch - 1)]) : v);

        Assert.That(ScoreOf(stopped, 0).GatedBy(Codes.Inactive), Is.True);
        Assert.That(ScoreOf(unlisted, 0).GatedBy(Codes.Inactive), Is.True);
        Assert.That(ScoreOf(oneQuietEpoch, 0).GatedBy(Codes.Inactive), Is.False);
        Assert.That(ScoreOf(oneQuietEpoch, 0).Flags, Has.Some.EqualTo(new ScoreFlag(Codes.PoorVotingEpoch, CurrentEpoch - 1)));
    }

    [Test]
    public void Denylisted_IsIneligible()
    {
        var input = Input(5);
        input = new ScoringInput { CurrentEpoch = input.CurrentEpoch, Validators = input.Validators, Denylist = new HashSet<Pubkey> { Key(2) } };

        var run = TrustScorer.Score(input, ScoringProfile.Default);

        Assert.That(run.Scores[2].GatedBy(Codes.Denylisted), Is.True);
        Assert.That(run.Scores.Count(s => s.State == ScoreState.Ineligible), Is.EqualTo(1));
    }

    [Test]
    public void CommissionRaise_InTheWindow_CostsStabilityPoints()
    {
        var score = ScoreOf(Input(10, (i, v) => i == 0 ? With(v, samples: Samples(5, 5, 7, 7), commission: Commission.FromPercent(7)) : v), 0);

        Assert.That(score.Points(Factors.CommissionStability), Is.EqualTo(2.5m));
        Assert.That(score.Flags, Has.Some.Matches<ScoreFlag>(f => f.Code == Codes.CommissionIncrease && f.Epoch == CurrentEpoch - 2));
        Assert.That(score.Points(Factors.CommissionLevel), Is.EqualTo(4.5m));
    }

    [Test]
    public void CommissionAppliedAtPayoutAboveEverySample_IsASpike()
    {
        var score = ScoreOf(Input(10, (i, v) => i == 0
            ? With(v, samples: Samples(5, 5, 5), effective: [new EpochCommission(CurrentEpoch - 2, Commission.FromPercent(10))])
            : v), 0);

        Assert.That(score.Points(Factors.CommissionStability), Is.Zero);
        Assert.That(score.Has(Codes.CommissionSpike), Is.True);
        Assert.That(score.Metrics.MaxCommission, Is.EqualTo(Commission.FromPercent(10)));
    }

    [Test]
    public void LateRaiseRevertedInTheNextEpoch_IsASpike()
    {
        CommissionSample[] samples =
        [
            new(CurrentEpoch - 3, 1_000, Commission.FromPercent(5)),
            new(CurrentEpoch - 3, 431_000, Commission.FromPercent(9)),
            new(CurrentEpoch - 2, 2_000, Commission.FromPercent(5)),
        ];

        var score = ScoreOf(Input(10, (i, v) => i == 0 ? With(v, samples: samples) : v), 0);

        Assert.That(score.Flags, Has.Some.EqualTo(new ScoreFlag(Codes.CommissionSpike, CurrentEpoch - 3)));
        Assert.That(score.Points(Factors.CommissionStability), Is.Zero);
    }

    [Test]
    public void UnorderedSamples_AreReadInTimeOrder()
    {
        var ordered = ScoreOf(Input(10, (i, v) => i == 0 ? With(v, samples: Samples(5, 6, 7), commission: Commission.FromPercent(7)) : v), 0);
        var shuffled = ScoreOf(Input(10, (i, v) => i == 0 ? With(v, samples: [.. Samples(5, 6, 7).Reverse()], commission: Commission.FromPercent(7)) : v), 0);

        Assert.That(shuffled.Score, Is.EqualTo(ordered.Score));
        Assert.That(shuffled.Flags, Is.EqualTo(ordered.Flags));
    }

    [Test]
    public void PoorVoting_LowersEffectivenessAndReliability()
    {
        var score = ScoreOf(Input(10, (i, v) => i == 0 ? With(v, credits: [.. v.Credits.Select(c => c with { Credits = c.Credits * 88 / 100 })]) : v), 0);

        Assert.That(score.Metrics.CreditRatio, Is.EqualTo(0.88).Within(1e-9));
        Assert.That(score.Points(Factors.VoteEffectiveness), Is.EqualTo(5m));   // 25 × (0.88 − 0.85) / 0.15
        Assert.That(score.Points(Factors.VoteReliability), Is.Zero);            // every epoch below 0.90
        Assert.That(score.Flags.Count(f => f.Code == Codes.PoorVotingEpoch), Is.EqualTo(10));
    }

    [Test]
    public void LiveVotingBelow70Percent_AfterHalfTheEpoch_ZeroesReliability()
    {
        var input = Input(10, (i, v) => i == 0 ? With(v, credits: [.. v.Credits.Where(c => c.Epoch < CurrentEpoch), new EpochCredit(CurrentEpoch, Credits / 4)]) : v, progress: 0.6);
        var early = Input(10, (i, v) => i == 0 ? With(v, credits: [.. v.Credits.Where(c => c.Epoch < CurrentEpoch), new EpochCredit(CurrentEpoch, Credits / 4)]) : v, progress: 0.4);

        Assert.That(ScoreOf(input, 0).Points(Factors.VoteReliability), Is.Zero);
        Assert.That(ScoreOf(input, 0).Has(Codes.LiveVotingBelow70Pct), Is.True);
        Assert.That(ScoreOf(early, 0).Points(Factors.VoteReliability), Is.EqualTo(10m));
    }

    [Test]
    public void HighSkip_LosesBlockPointsAndIsFlagged()
    {
        var score = ScoreOf(Input(10, (i, v) => i == 0 ? With(v, blocks: [.. v.BlockProduction.Select(b => b with { BlocksProduced = b.LeaderSlots * 85 / 100 })]) : v), 0);

        Assert.That(score.Has(Codes.HighSkip), Is.True);
        Assert.That(score.Points(Factors.BlockProduction), Is.LessThan(15m));
    }

    [Test]
    public void MissingData_GivesNeutralPointsAndFlags_NeverNaN()
    {
        var input = Input(10, (i, v) => i == 0 ? With(v, version: null, clearInfo: true, blocks: []) : With(v, blocks: []));

        var score = ScoreOf(input, 0);

        Assert.That(score.Has(Codes.NoGossip), Is.True);
        Assert.That(score.Has(Codes.NoValidatorInfo), Is.True);
        Assert.That(score.Has(Codes.NoBlockData), Is.True);
        Assert.That(score.Points(Factors.SoftwareVersion), Is.EqualTo(2.5m));
        Assert.That(score.Points(Factors.Transparency), Is.EqualTo(2.5m));
        Assert.That(score.Breakdown.All(l => l.Detail.Length > 0 && !l.Detail.Contains("NaN", StringComparison.Ordinal)), Is.True);
    }

    [Test]
    public void DegenerateClusters_DoNotThrow()
    {
        Assert.That(TrustScorer.Score(new ScoringInput { CurrentEpoch = 0, Validators = [] }, ScoringProfile.Default).Scores, Is.Empty);

        var zero = TrustScorer.Score(new ScoringInput { CurrentEpoch = 0, Validators = [new ValidatorHistory { VoteAccount = Key(1) }] }, ScoringProfile.Default);
        var unstaked = TrustScorer.Score(Input(3, (i, v) => With(v, stake: 0)), ScoringProfile.Default);

        Assert.That(zero.Scores[0].Score, Is.InRange(0m, 100m));
        Assert.That(zero.Scores[0].State, Is.EqualTo(ScoreState.Unrated));
        Assert.That(unstaked.Scores.All(s => s.Score is >= 0 and <= 100), Is.True);
    }

    [TestCase("2.1.14", 5.0, false)]
    [TestCase("2.1.20", 5.0, false)]
    [TestCase("2.1.10", 2.5, true)]
    [TestCase("2.0.30", 0.0, true)]
    [TestCase("unknown", 2.5, false)]
    public void SoftwareVersion_AgainstTheStakeWeightedCurrentVersion(string version, double points, bool outdated)
    {
        // 70 % of Agave stake runs 2.1.14 or newer, so 2.1.14 is current.
        var input = Input(10, (i, v) => i switch
        {
            0 => With(v, version: version, stake: 1),
            < 8 => With(v, version: "2.1.14"),
            _ => With(v, version: "2.1.10"),
        });

        var score = ScoreOf(input, 0);

        Assert.That(score.Points(Factors.SoftwareVersion), Is.EqualTo((decimal)points));
        Assert.That(score.Has(Codes.OutdatedVersion), Is.EqualTo(outdated));
    }

    [Test]
    public void SoftwareVersion_FamiliesAreJudgedSeparately()
    {
        var input = Input(6, (i, v) => With(v, version: i < 3 ? "0.712.30006" : "2.2.1"));

        var run = TrustScorer.Score(input, ScoringProfile.Default);

        Assert.That(run.Scores.All(s => s.Points(Factors.SoftwareVersion) == 5m), Is.True);
    }

    [TestCase("1.1.18 bc808d78", 1, 1, 18)]
    [TestCase("0.712.30006", 0, 712, 30006)]
    [TestCase("2.2", 2, 2, 0)]
    public void SoftwareVersion_ParsesGossipStrings(string text, int major, int minor, int patch)
    {
        Assert.That(SoftwareVersion.TryParse(text, out var v), Is.True);
        Assert.That(v, Is.EqualTo(new SoftwareVersion(major, minor, patch)));
    }

    [TestCase("unknown")]
    [TestCase("")]
    [TestCase(null)]
    [TestCase("1.x.3")]
    [TestCase("1.2.3.4")]
    public void SoftwareVersion_RefusesOtherText(string? text) => Assert.That(SoftwareVersion.TryParse(text, out _), Is.False);

    [Test]
    public void Legacy_IsUptimeMinusCommissionClamped()
    {
        var input = Input(3, (i, v) => i switch
        {
            0 => With(v, uptime: new UptimeObservations(90, 100), commission: Commission.FromPercent(7)),
            1 => With(v, uptime: new UptimeObservations(50, 100), commission: Commission.FromPercent(100)),
            _ => With(v, uptime: new UptimeObservations(0, 0), delinquent: true),
        });

        var run = TrustScorer.Score(input, ScoringProfile.Legacy);

        Assert.That(run.Scores[0].Score, Is.EqualTo(83m));
        Assert.That(run.Scores[1].Score, Is.Zero);
        Assert.That(run.Scores[1].Breakdown.Select(l => l.Factor), Does.Contain(Factors.Clamp));
        Assert.That(run.Scores[2].Score, Is.Zero);
        Assert.That(run.Scores.All(s => s.Breakdown.Sum(l => l.Points) == s.Score && s.ModelVersion == "legacy-1"), Is.True);
    }

    [Test]
    public void SfdpLike_GatesStakeCapLowCreditsAndOutdatedVersions()
    {
        var input = Input(12, (i, v) => i switch
        {
            0 => With(v, stake: 1_500_000 * Sol),
            1 => With(v, credits: [.. v.Credits.Select(c => c.Epoch == CurrentEpoch - 1 ? c with { Credits = c.Credits * 90 / 100 } : c)]),
            2 => With(v, version: "2.0.1"),
            _ => v,
        });

        var run = TrustScorer.Score(input, ScoringProfile.SfdpLike);

        Assert.That(run.Scores[0].GatedBy(Codes.StakeAboveCap), Is.True);
        Assert.That(run.Scores[1].GatedBy(Codes.PoorVoting), Is.True);
        Assert.That(run.Scores[2].GatedBy(Codes.OutdatedVersion), Is.True);
        Assert.That(run.Scores.Skip(3).All(s => s.State == ScoreState.Eligible), Is.True);
        Assert.That(TrustScorer.Score(input, ScoringProfile.Default).Scores.Take(3).All(s => s.State == ScoreState.Eligible), Is.True);
    }

    [Test]
    public void JitoCompatible_UsesAThirtyEpochWindowAndAFivePercentPolicy()
    {
        var input = Input(10, (i, v) => i == 0 ? With(v, samples: [new CommissionSample(CurrentEpoch - 25, 0, Commission.FromPercent(7)), .. Samples(5, 5)]) : v);

        Assert.That(ScoreOf(input, 0, ScoringProfile.JitoCompatible).GatedBy(Codes.CommissionAbovePolicy), Is.True);
        Assert.That(ScoreOf(input, 0, ScoringProfile.Default).GatedBy(Codes.CommissionAbovePolicy), Is.False);
        Assert.That(TrustScorer.Score(input, ScoringProfile.JitoCompatible).Cluster.WindowStart, Is.EqualTo(CurrentEpoch - 30));
    }

    [Test]
    public void AGate_IsNotRepeatedAsAFlag()
    {
        // Validator 0 holds most of the stake: in the superminority, which JitoCompatible gates and Default flags.
        var input = Input(10, (i, v) => i == 0 ? With(v, stake: 1_000_000 * Sol) : v);

        var gated = ScoreOf(input, 0, ScoringProfile.JitoCompatible);
        var flagged = ScoreOf(input, 0, ScoringProfile.Default);

        Assert.Multiple(() =>
        {
            Assert.That(gated.GatedBy(Codes.Superminority), Is.True);
            Assert.That(gated.Has(Codes.Superminority), Is.False, "said once, as the gate");
            Assert.That(flagged.Has(Codes.Superminority), Is.True, "a flag where it is not a gate");
            // The text the API serves tells the two apart.
            Assert.That(gated.FlagTexts(), Has.One.EqualTo("GATE:SUPERMINORITY").And.None.EqualTo("SUPERMINORITY"));
            Assert.That(flagged.FlagTexts(), Has.One.EqualTo("SUPERMINORITY").And.None.StartsWith(ScoreFlag.GatePrefix));
            Assert.That(gated.FlagTexts().TakeWhile(t => t.StartsWith(ScoreFlag.GatePrefix, StringComparison.Ordinal)).Count(), Is.EqualTo(gated.Gates.Count), "gates first");
        });
    }

    [Test]
    public void APoorVotingGate_StandsForThatEpochsPoorVotingFlag()
    {
        var input = Input(10, (i, v) => i == 0
            ? With(v, credits: [.. Enumerable.Range(1, 10).Select(e => new EpochCredit(CurrentEpoch - (ulong)e, e == 1 ? Credits / 10 : Credits))])
            : v);

        var score = ScoreOf(input, 0, ScoringProfile.SfdpLike);
        var ungated = ScoreOf(input, 0, ScoringProfile.Default);

        var gate = score.Gates.Single(g => g.Code == Codes.PoorVoting);
        Assert.That(ungated.Flags.Where(f => f.Code == Codes.PoorVotingEpoch).Select(f => f.Epoch), Does.Contain(gate.Epoch), "the epoch is flagged where nothing gates it");
        Assert.That(score.Flags.Where(f => f.Code == Codes.PoorVotingEpoch).Select(f => f.Epoch), Does.Not.Contain(gate.Epoch));
    }

    [Test]
    public void Rank_OrdersByStateThenScoreThenTieBreak()
    {
        var input = Input(6, (i, v) => i switch
        {
            0 => With(v, commission: Commission.FromPercent(100), samples: Samples(100)),
            1 => Healthy(1, epochs: 2),
            2 => With(v, commission: Commission.FromPercent(0), samples: Samples(0, 0, 0)),
            _ => v,
        });

        var ranked = TrustScorer.Rank(TrustScorer.Score(input, ScoringProfile.Default));

        Assert.That(ranked[0].VoteAccount, Is.EqualTo(Key(2)));
        Assert.That(ranked[^1].VoteAccount, Is.EqualTo(Key(0)));
        Assert.That(ranked[^2].State, Is.EqualTo(ScoreState.Unrated));
        Assert.That(ranked.Take(4).Select(s => s.Score), Is.Ordered.Descending);
    }

    [Test]
    public void InvalidProfile_IsRefusedWithTheReason()
    {
        var bad = ScoringProfile.Default with { Name = "Heavy", VoteEffectivenessMax = 40 };

        var ex = Assert.Throws<ArgumentException>(() => TrustScorer.Score(Input(2), bad));

        Assert.That(ex!.Message, Does.Contain("sum to 100"));
    }

    [Test]
    public void CustomProfile_ReweightsFactors()
    {
        var custom = ScoringProfile.Default with { Name = "NoHygiene", TransparencyMax = 0, SoftwareVersionMax = 0, VoteEffectivenessMax = 35 };
        var input = Input(4, (i, v) => i == 0 ? With(v, clearInfo: true, version: null) : v);

        var score = ScoreOf(input, 0, custom);

        Assert.That(score.Points(Factors.Transparency) + score.Points(Factors.SoftwareVersion), Is.Zero);
        Assert.That(score.Points(Factors.VoteEffectiveness), Is.EqualTo(35m));
        Assert.That(score.Profile, Is.EqualTo("NoHygiene"));
    }

    [Test]
    public void AddScoring_RegistersProfiles_AndValidatesCustomOnes()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["SolStake:Scoring:DefaultProfile"] = "jitocompatible" }).Build());
        services.AddSolStake().AddScoringProfiles(o => o.CustomProfiles.Add(ScoringProfile.Default with { Name = "Mine" })).AddScoringProfiles();
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        var profiles = provider.GetRequiredService<IScoringProfiles>();

        Assert.That(profiles.Default.Name, Is.EqualTo("JitoCompatible"));
        Assert.That(profiles.All.Select(p => p.Name), Is.EqualTo(new[] { "Default", "JitoCompatible", "SfdpLike", "Legacy", "Mine" }));
        Assert.That(profiles.Find("mine"), Is.Not.Null);
        Assert.That(profiles.Find("nope"), Is.Null);
        Assert.That(services.Count(d => d.ServiceType == typeof(IScoringProfiles)), Is.EqualTo(1));
    }

    [Test]
    public void AddScoring_AlsoRegistersTheRunner_Once()
    {
        var services = new ServiceCollection();

        services.AddSolStake().AddScoring().AddScoring();

        Assert.That(services.Count(d => d.ServiceType == typeof(SolStake.Core.Storage.IScoringRunner)), Is.EqualTo(1));
        Assert.That(services.Count(d => d.ServiceType == typeof(IScoringProfiles)), Is.EqualTo(1));
    }

    [Test]
    public void AddScoring_UnknownDefaultOrDuplicateName_FailsValidation()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSolStake().AddScoring(o =>
        {
            o.DefaultProfile = "Missing";
            o.CustomProfiles.Add(ScoringProfile.Default with { Name = "Legacy" });
        });
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => _ = provider.GetRequiredService<IOptions<ScoringOptions>>().Value);

        Assert.That(ex!.Message, Does.Contain("Missing").And.Contain("used twice"));
    }

    [Test]
    public void StakeBeyond64BitsInTotal_IsRefusedAsCorruptInput()
    {
        var input = Input(3, (i, v) => With(v, stake: ulong.MaxValue / 2));

        var ex = Assert.Throws<ArgumentException>(() => TrustScorer.Score(input, ScoringProfile.Default));

        Assert.That(ex!.Message, Does.Contain("corrupt"));
    }
}

public class WeightedMedianTests
{
    [Test]
    public void Quickselect_MatchesTheSortedDefinition_OnRandomData()
    {
        var random = new Random(7);
        for (var round = 0; round < 2_000; round++)
        {
            var count = random.Next(1, 200);
            var values = Enumerable.Range(0, count).Select(_ => (double)random.Next(0, random.Next(2) == 0 ? 5 : 1_000_000)).ToArray();
            var weights = Enumerable.Range(0, count).Select(_ => (double)random.Next(1, 1_000)).ToArray();
            var sorted = values.Zip(weights).OrderBy(x => x.First).ToList();
            var half = weights.Sum() / 2;
            double running = 0;
            var expected = sorted.First(x => (running += x.Second) >= half).First;

            Assert.That(ClusterContext.WeightedMedian(values, weights, count), Is.EqualTo(expected), $"round {round}");
        }
    }
}

public class ClusterStatisticsTests
{
    [TestCase(new ulong[] { 40, 30, 10, 10, 10 }, 1)]
    [TestCase(new ulong[] { 20, 20, 20, 20, 20 }, 2)]
    [TestCase(new ulong[] { 10, 30, 40, 10, 10 }, 1)]
    [TestCase(new ulong[] { 0, 0 }, 0)]
    public void SuperminoritySize_MatchesTheScoringModel(ulong[] stakes, int expected)
    {
        var input = new ScoringInput
        {
            CurrentEpoch = 10,
            Validators = [.. stakes.Select((s, i) => new SolStake.Core.Domain.ValidatorHistory { VoteAccount = TestCluster.Key(i), ActivatedStake = s })],
        };

        Assert.That(ClusterStatistics.SuperminoritySize(stakes), Is.EqualTo(expected));
        Assert.That(TrustScorer.Score(input, ScoringProfile.Default).Cluster.SuperminoritySize, Is.EqualTo(expected));
    }
}
