using SolStake.Core.Domain;
using SolStake.Scoring;

namespace SolStake.Consumer.Tests;

/// <summary>Composition 1: the pure scoring library, a cluster built in memory, no database, no network.</summary>
public static class ScoringOnly
{
    public static IReadOnlyList<ValidatorScore> Run()
    {
        // <quick-start>
        // Scoring needs the whole cluster: stake share, the superminority, the medians and the current version are
        // relative to every validator in the input.
        const ulong currentEpoch = 752;
        static ValidatorHistory Validator(string voteAccount, string identity, ulong stakeSol, byte commissionPercent, ulong creditsPerEpoch) => new()
        {
            VoteAccount = Pubkey.Parse(voteAccount),
            Identity = Pubkey.Parse(identity),
            ActivatedStake = stakeSol * 1_000_000_000,
            Commission = Commission.FromPercent(commissionPercent),
            Credits = [.. Enumerable.Range(1, 10).Select(i => new EpochCredit(currentEpoch - (ulong)i, creditsPerEpoch))],
            BlockProduction = [.. Enumerable.Range(1, 10).Select(i => new EpochBlockProduction(currentEpoch - (ulong)i, 400, 396))],
            CommissionSamples = [.. Enumerable.Range(1, 10).Select(i => new CommissionSample(currentEpoch - (ulong)i, 1_000, Commission.FromPercent(commissionPercent)))],
            Version = "2.1.14",
            Info = new ValidatorInfo("Example " + voteAccount[..4], "https://example.org", null, null),
        };

        var input = new ScoringInput
        {
            CurrentEpoch = currentEpoch,
            EpochProgress = 0.5,
            Validators =
            [
                Validator("6D9w8FRw5EFr5qtZEphPpughN3W8zc8p6zMXg4PFuaXL", "AjGby82yXeYgj3kmng9y3c4nQpZFmiPpJKecLJTHbfbP", 120_000, 5, 6_900_000),
                Validator("8ZfSRfAuDLV86PaKSCNfgx3AU1w6Hp8sGrEgFTkHViCt", "8rWDbEsuz4UWF2ZXiHhMECPkTZm51YrRaQSoSz8RPz2H", 80_000, 0, 6_800_000),
                Validator("FmDA6Ti6YXd2Bb8SwfqPsGHBB4KPLP5JfH2Jj47v2PFQ", "G7TVjCCKeJogKngR7NwBJZhs1ipky3oP4stS9rEtHTMz", 40_000, 100, 5_100_000),
            ],
        };

        var ranking = TrustScorer.Rank(TrustScorer.Score(input, ScoringProfile.JitoCompatible));
        foreach (var score in ranking)
        {
            Console.WriteLine($"{score.VoteAccount} {score.State} {score.Score} {string.Join(", ", score.Flags.Select(f => f.Code))}");
        }
        // </quick-start>
        return ranking;
    }
}
