using System.Buffers.Binary;
using SolStake.Core.Domain;

namespace SolStake.Scoring.Tests;

/// <summary>
/// Builds scoring inputs: a healthy cluster where every validator votes at the median, produces every block,
/// charges 5 %, runs the current version and publishes all validator info; tests then change one thing.
/// </summary>
internal static class TestCluster
{
    public const ulong CurrentEpoch = 1_015;
    public const ulong Credits = 6_000_000;
    public const ulong LeaderSlots = 400;
    public const ulong Sol = 1_000_000_000;

    public static Pubkey Key(int index)
    {
        var bytes = new byte[32];
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(1), index);
        bytes[0] = 7;
        return new Pubkey(bytes);
    }

    public static ValidatorHistory Healthy(int index, ulong stake = 100_000 * Sol, int epochs = 10, ulong currentEpoch = CurrentEpoch) => new()
    {
        VoteAccount = Key(index),
        Identity = Key(1_000_000 + index),
        ActivatedStake = stake,
        Commission = Commission.FromPercent(5),
        Credits = [.. Enumerable.Range(1, epochs).Select(i => new EpochCredit(currentEpoch - (ulong)i, Credits)), new EpochCredit(currentEpoch, Credits / 2)],
        BlockProduction = [.. Enumerable.Range(1, Math.Min(epochs, 10)).Select(i => new EpochBlockProduction(currentEpoch - (ulong)i, LeaderSlots, LeaderSlots))],
        CommissionSamples = [.. Enumerable.Range(1, Math.Min(epochs, 10)).Select(i => new CommissionSample(currentEpoch - (ulong)i, 1_000, Commission.FromPercent(5)))],
        Version = "2.1.14",
        Info = new ValidatorInfo("Validator " + index, "https://example.org", "Runs well", "https://example.org/icon.png"),
        Uptime = new UptimeObservations(100, 100),
    };

    /// <summary>A cluster of <paramref name="count"/> equal healthy validators, with <paramref name="replace"/> applied to some.</summary>
    public static ScoringInput Input(int count, Func<int, ValidatorHistory, ValidatorHistory>? replace = null, ulong currentEpoch = CurrentEpoch, double progress = 0.6) => new()
    {
        CurrentEpoch = currentEpoch,
        EpochProgress = progress,
        Validators = [.. Enumerable.Range(0, count).Select(i => replace?.Invoke(i, Healthy(i, currentEpoch: currentEpoch)) ?? Healthy(i, currentEpoch: currentEpoch))],
    };

    public static CommissionSample[] Samples(params byte[] percentPerEpoch) =>
        [.. percentPerEpoch.Select((p, i) => new CommissionSample(CurrentEpoch - (ulong)percentPerEpoch.Length + (ulong)i, 1_000, Commission.FromPercent(p)))];

    public static decimal Points(this ValidatorScore score, string factor) => score.Breakdown.Single(l => l.Factor == factor).Points;

    public static bool Has(this ValidatorScore score, string code) => score.Flags.Any(f => f.Code == code);

    public static bool GatedBy(this ValidatorScore score, string code) => score.Gates.Any(f => f.Code == code);
}
