using SolStake.Core.Domain;
using SolStake.Core.Storage;
using SolStake.Ingestion.Cli;
using SolStake.Scoring;
using SolStake.Testing;

namespace SolStake.Scoring.Tests;

/// <summary>
/// The recorded series of mainnet epochs 1008–1014 (<c>solana validators</c> dumps at each epoch's end) as a scoring
/// input, for the scoring tests and the score comparison in the benchmarks (which compile this file too: SolStake.Testing,
/// which the consumer built from the packed feed also uses, must not reference the libraries' projects).
/// </summary>
public static class RecordedSeries
{
    /// <summary>Each 'end' snapshot of the series is one completed epoch: its credits, commission, skip rate and stake.</summary>
    public static async Task<ScoringInput> InputAsync()
    {
        var files = Directory.GetFiles(Path.Combine(Fixtures.Directory, "series-epochs-1008-1014"), "*-end-*.json").Order().ToArray();
        var snapshots = new List<(ulong Epoch, ulong SlotIndex, ValidatorsSnapshot Snapshot)>();
        foreach (var file in files)
        {
            var snapshot = await ValidatorsSnapshotReader.ReadFileAsync(file);
            var (epoch, index) = snapshot.EpochOf(EpochSchedule.MainnetBeta);
            snapshots.Add((epoch, index, snapshot));
        }

        var latest = snapshots[^1].Snapshot;
        var validators = new List<ValidatorHistory>();
        foreach (var now in latest.Validators)
        {
            var credits = new List<EpochCredit>();
            var samples = new List<CommissionSample>();
            var blocks = new List<EpochBlockProduction>();
            foreach (var (epoch, index, snapshot) in snapshots)
            {
                var then = snapshot.Validators.FirstOrDefault(v => v.VoteAccount == now.VoteAccount);
                if (then is null) continue;
                credits.Add(new EpochCredit(epoch, then.EpochCredits ?? 0));
                samples.Add(new CommissionSample(epoch, index, then.Commission));
                if (then.SkipRatePercent is { } skip)
                {
                    // The CLI gives a skip rate, not slot counts: leader slots are estimated from the stake share.
                    var total = snapshot.Validators.Sum(v => (double)v.ActivatedStake);
                    var leaderSlots = (ulong)Math.Round(index * then.ActivatedStake / total);
                    blocks.Add(new EpochBlockProduction(epoch, leaderSlots, (ulong)Math.Round(leaderSlots * (1 - (skip / 100)))));
                }
            }

            validators.Add(new ValidatorHistory
            {
                VoteAccount = now.VoteAccount,
                Identity = now.Identity,
                ActivatedStake = now.ActivatedStake,
                Delinquent = now.Delinquent,
                Commission = now.Commission,
                Credits = credits,
                CommissionSamples = samples,
                BlockProduction = blocks,
                Version = now.Version,
            });
        }

        return new ScoringInput { CurrentEpoch = snapshots[^1].Epoch + 1, Validators = validators };
    }
}
