using System.Buffers.Binary;
using SolStake.Core.Domain;
using SolStake.Scoring;

namespace SolStake.Benchmarks.Scoring;

/// <summary>A deterministic mainnet-like cluster: N validators with 10-epoch histories and realistic variety.</summary>
internal static class SyntheticCluster
{
    public const ulong CurrentEpoch = 1_015;

    public static ScoringInput Create(int count, int seed = 42)
    {
        var random = new Random(seed);
        string[] versions = ["2.2.16", "2.2.14", "2.1.21", "0.708.20306", "0.709.30108"];
        var validators = new ValidatorHistory[count];
        for (var i = 0; i < count; i++)
        {
            var bytes = new byte[32];
            BinaryPrimitives.WriteInt32BigEndian(bytes, i);
            bytes[31] = 0x42;
            var vote = new Pubkey(bytes);
            var quality = 0.7 + (0.3 * random.NextDouble());
            var commission = (byte)(random.Next(10) switch { 0 => 100, < 4 => 0, < 7 => 5, _ => random.Next(0, 11) });
            var raise = random.Next(20) == 0;
            var credits = new EpochCredit[11];
            var blocks = new EpochBlockProduction[10];
            var samples = new CommissionSample[10];
            for (var e = 0; e < 10; e++)
            {
                var epoch = CurrentEpoch - 10 + (ulong)e;
                credits[e] = new EpochCredit(epoch, (ulong)(6_800_000 * quality * (0.97 + (0.03 * random.NextDouble()))));
                var slots = (ulong)random.Next(0, 2_000);
                blocks[e] = new EpochBlockProduction(epoch, slots, (ulong)(slots * (0.9 + (0.1 * random.NextDouble()))));
                var c = raise && e >= 7 ? (byte)Math.Min(100, commission + 2) : commission;
                samples[e] = new CommissionSample(epoch, (ulong)random.Next(0, 400_000), Commission.FromPercent(c));
            }

            credits[10] = new EpochCredit(CurrentEpoch, 2_000_000);
            validators[i] = new ValidatorHistory
            {
                VoteAccount = vote,
                Identity = vote,
                // About 400 million SOL staked in all, concentrated as on mainnet (a few large, many small).
                ActivatedStake = (ulong)(Math.Pow(random.NextDouble(), 3) * 1_600_000_000.0 / count) * 1_000_000_000UL,
                Delinquent = random.Next(40) == 0,
                Commission = samples[^1].Commission,
                Credits = credits,
                BlockProduction = blocks,
                CommissionSamples = samples,
                Version = versions[random.Next(versions.Length)],
                Info = random.Next(3) == 0 ? null : new ValidatorInfo("name", random.Next(2) == 0 ? "https://x" : null, "details", null),
            };
        }

        return new ScoringInput { CurrentEpoch = CurrentEpoch, EpochProgress = 0.3, Validators = validators };
    }
}
