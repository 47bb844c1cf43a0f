using SolStake.Core.Domain;
using static SolStake.Scoring.Tests.CorrectnessChecksTests;
using static SolStake.Scoring.Tests.TestCluster;

namespace SolStake.Scoring.Tests;

/// <summary>Invariants over many generated clusters (seeded, so a failure reproduces).</summary>
public class PropertyTests
{
    private const int Clusters = 250;

    private static IEnumerable<int> Seeds() => Enumerable.Range(1, Clusters);

    private static ScoringProfile ProfileFor(int seed) => (seed % 5) switch
    {
        0 => ScoringProfile.Default,
        1 => ScoringProfile.JitoCompatible,
        2 => ScoringProfile.SfdpLike,
        3 => ScoringProfile.Legacy,
        _ => ScoringProfile.Default with { Name = "Custom", WindowEpochs = 5, VoteEffectivenessMax = 30, TransparencyMax = 0, MinimumRatedEpochs = 1 },
    };

    [Test]
    public void EveryScore_IsWithinRange_AndEqualsItsBreakdown_AndIsDeterministic([ValueSource(nameof(Seeds))] int seed)
    {
        var input = Generate(seed);
        var profile = ProfileFor(seed);

        var first = TrustScorer.Score(input, profile);
        var second = TrustScorer.Score(input, profile);

        for (var i = 0; i < first.Scores.Count; i++)
        {
            var s = first.Scores[i];
            Assert.That(s.Score, Is.InRange(0m, 100m), $"validator {i}");
            Assert.That(s.Breakdown.Sum(l => l.Points), Is.EqualTo(s.Score), $"validator {i}");
            Assert.That(decimal.Round(s.Score, 2), Is.EqualTo(s.Score));
            Assert.That(s.Breakdown.Where(l => l.MaxPoints > 0).All(l => l.Points >= 0 && l.Points <= l.MaxPoints), Is.True);
            Assert.That(s.State == ScoreState.Ineligible, Is.EqualTo(s.Gates.Count > 0));
            if (s.State == ScoreState.Ineligible) Assert.That(s.Score, Is.Zero);
            Assert.That(double.IsNaN(s.Metrics.CreditRatio) || double.IsNaN(s.Metrics.SkipRate) || double.IsNaN(s.Metrics.StakeShare), Is.False);
            var again = second.Scores[i];
            Assert.That((again.Score, again.State), Is.EqualTo((s.Score, s.State)));
            Assert.That(again.Flags, Is.EqualTo(s.Flags));
            Assert.That(again.Gates, Is.EqualTo(s.Gates));
        }
    }

    [Test]
    public void LowerCommission_NeverLowersTheScore([ValueSource(nameof(Seeds))] int seed)
    {
        var input = Generate(seed);
        var profile = ProfileFor(seed);
        var random = new Random(seed * 31);
        var before = TrustScorer.Score(input, profile);

        for (var k = 0; k < 3 && input.Validators.Count > 0; k++)
        {
            var index = random.Next(input.Validators.Count);
            var cut = (ushort)random.Next(1, 3_000);
            var v = input.Validators[index];
            var lowered = With(v,
                commission: Lower(v.Commission, cut),
                samples: [.. v.CommissionSamples.Select(s => s with { Commission = Lower(s.Commission, cut) })],
                effective: [.. v.EffectiveCommissions.Select(e => e with { Commission = Lower(e.Commission, cut) })]);

            var after = TrustScorer.Score(Replace(input, index, lowered), profile);

            Assert.That(after.Scores[index].Score, Is.GreaterThanOrEqualTo(before.Scores[index].Score), $"seed {seed}, validator {index}, cut {cut} bps");
        }
    }

    [Test]
    public void MoreCredits_NeverLowerTheScore([ValueSource(nameof(Seeds))] int seed)
    {
        var input = Generate(seed);
        var profile = ProfileFor(seed);
        var random = new Random(seed * 17);
        var before = TrustScorer.Score(input, profile);

        for (var k = 0; k < 3 && input.Validators.Count > 0; k++)
        {
            var index = random.Next(input.Validators.Count);
            var v = input.Validators[index];
            var credited = v.Credits.Where(c => c.Credits > 0).ToList();
            if (credited.Count == 0)
            {
                continue;
            }

            // Add credits to an epoch at or after the first credited one (earlier credits would reveal idle epochs in between).
            var first = credited.Min(c => c.Epoch);
            var epoch = first + (ulong)random.Next((int)(input.CurrentEpoch - first + 1));
            var extra = (ulong)random.Next(1, 3_000_000);
            var credits = v.Credits.Any(c => c.Epoch == epoch)
                ? [.. v.Credits.Select(c => c.Epoch == epoch ? c with { Credits = c.Credits + extra } : c)]
                : v.Credits.Append(new EpochCredit(epoch, extra)).ToArray();

            var after = TrustScorer.Score(Replace(input, index, With(v, credits: credits)), profile);

            Assert.That(after.Scores[index].Score, Is.GreaterThanOrEqualTo(before.Scores[index].Score), $"seed {seed}, validator {index}, epoch {epoch}, +{extra}");
        }
    }

    [Test]
    public void TheEpochsBeforeTheWindow_Summarised_ScoreTheSame([ValueSource(nameof(Seeds))] int seed)
    {
        var input = Generate(seed);
        var profile = ProfileFor(seed);
        var from = input.CurrentEpoch - Math.Min((ulong)profile.WindowEpochs, input.CurrentEpoch);
        var summarised = Replace(input, [.. input.Validators.Select(v => ListedFrom(v, from))]);

        Assert.That(Rendered(TrustScorer.Score(summarised, profile)), Is.EqualTo(Rendered(TrustScorer.Score(input, profile))));
        Assert.That(summarised.Validators.Sum(v => v.Earlier.CreditedEpochs), Is.EqualTo(input.Validators.Sum(v => v.Credits.Count(c => c.Epoch < from && c.Credits > 0))));

        static IEnumerable<string> Rendered(ScoringRunResult result) => result.Scores.Select(s =>
            $"{s.VoteAccount} {s.Score} {s.State} [{string.Join(", ", s.FlagTexts())}] {s.Metrics} " +
            string.Join(" | ", s.Breakdown.Select(l => $"{l.Factor} {l.Points} {l.Value} {l.Reference} {l.Condition} {l.Detail}")));
    }

    /// <summary>
    /// What a store gives when asked to list the epochs from <paramref name="from"/> on: the lists cut there, the credited
    /// epochs before it counted, and the highest commission of everything.
    /// </summary>
    private static ValidatorHistory ListedFrom(ValidatorHistory v, ulong from)
    {
        var before = v.Credits.Where(c => c.Epoch < from && c.Credits > 0).ToList();
        var commissions = v.CommissionSamples.Select(s => s.Commission).Concat(v.EffectiveCommissions.Select(c => c.Commission)).ToList();
        return new ValidatorHistory
        {
            VoteAccount = v.VoteAccount, Identity = v.Identity, ActivatedStake = v.ActivatedStake, Delinquent = v.Delinquent, Listed = v.Listed,
            Commission = v.Commission, Version = v.Version, Info = v.Info, Uptime = v.Uptime,
            Credits = [.. v.Credits.Where(c => c.Epoch >= from)],
            Earlier = new EarlierEpochs(before.Count > 0 ? before.Min(c => c.Epoch) : null, before.Count),
            HighestCommission = commissions.Count > 0 ? commissions.Max() : null,
            BlockProduction = [.. v.BlockProduction.Where(b => b.Epoch >= from)],
            EffectiveCommissions = [.. v.EffectiveCommissions.Where(c => c.Epoch >= from)],
            CommissionSamples = [.. v.CommissionSamples.Where(s => s.Epoch >= from)],
        };
    }

    private static ScoringInput Replace(ScoringInput input, IReadOnlyList<ValidatorHistory> validators) => new()
    {
        CurrentEpoch = input.CurrentEpoch,
        EpochProgress = input.EpochProgress,
        SlotsPerEpoch = input.SlotsPerEpoch,
        TimelyVoteCreditsEpoch = input.TimelyVoteCreditsEpoch,
        Denylist = input.Denylist,
        Validators = validators,
    };

    private static Commission Lower(Commission c, ushort bps) => new((ushort)Math.Max(0, c.BasisPoints - bps));

    private static ScoringInput Replace(ScoringInput input, int index, ValidatorHistory replacement) =>
        Replace(input, [.. input.Validators.Select((v, i) => i == index ? replacement : v)]);

    /// <summary>A random cluster with the untidiness of real data: gaps, zero stakes, odd versions, spikes, missing sources.</summary>
    internal static ScoringInput Generate(int seed)
    {
        var random = new Random(seed);
        var current = (ulong)random.Next(40, 1_100);
        var count = random.Next(1, 60);
        string?[] versions = [null, "unknown", "2.1.14", "2.1.10", "2.0.5", "2.2.1 abcdef", "0.712.30006", "0.505.20216", "1.18.26"];
        var blocksKnown = random.Next(4) != 0;
        var validators = new ValidatorHistory[count];
        for (var i = 0; i < count; i++)
        {
            var epochs = random.Next(0, 40);
            var credits = new List<EpochCredit>();
            for (var e = 0; e <= epochs; e++)
            {
                if (random.Next(8) != 0)
                {
                    credits.Add(new EpochCredit(current - (ulong)e, random.Next(6) == 0 ? 0 : (ulong)random.Next(1_000, 7_000_000)));
                }
            }

            var samples = new List<CommissionSample>();
            for (var s = random.Next(0, 12); s > 0; s--)
            {
                samples.Add(new CommissionSample(current - (ulong)random.Next(0, 35), (ulong)random.Next(0, 432_000), new Commission((ushort)(random.Next(4) == 0 ? random.Next(0, 10_001) : random.Next(0, 1_200)))));
            }

            validators[i] = new ValidatorHistory
            {
                VoteAccount = Key(i),
                Identity = Key(5_000 + i),
                ActivatedStake = random.Next(5) == 0 ? 0 : (ulong)random.NextInt64(1, 20_000_000) * Sol,
                Delinquent = random.Next(8) == 0,
                Listed = random.Next(20) != 0,
                Commission = new Commission((ushort)(random.Next(5) == 0 ? random.Next(0, 10_001) : random.Next(0, 1_000))),
                Credits = credits,
                BlockProduction = blocksKnown
                    ? [.. Enumerable.Range(1, random.Next(0, 12)).Select(e => { var l = (ulong)random.Next(0, 2_000); return new EpochBlockProduction(current - (ulong)e, l, (ulong)(l * random.NextDouble())); })]
                    : [],
                CommissionSamples = samples,
                EffectiveCommissions = [.. Enumerable.Range(1, random.Next(0, 4)).Select(e => new EpochCommission(current - (ulong)e, new Commission((ushort)random.Next(0, 1_500))))],
                Version = versions[random.Next(versions.Length)],
                Info = random.Next(4) switch { 0 => null, 1 => ValidatorInfo.None, _ => new ValidatorInfo("n", random.Next(2) == 0 ? null : "w", "d", null) },
                Uptime = new UptimeObservations(random.Next(0, 50), 50),
            };
        }

        return new ScoringInput
        {
            CurrentEpoch = current,
            EpochProgress = random.NextDouble(),
            Validators = validators,
            Denylist = random.Next(3) == 0 ? new HashSet<Pubkey> { Key(0) } : new HashSet<Pubkey>(),
        };
    }
}
