using SolStake.Core.Domain;
using SolStake.Core.Storage;
using SolStake.Ingestion.Rpc;
using SolStake.Ingestion.Rpc.Json;
using SolStake.Scoring;
using SolStake.Testing;

namespace SolStake.Benchmarks.Storage;

/// <summary>The 1,351 vote accounts of the epoch-752 recording and the scores the model gives them (Default profile).</summary>
internal static class RecordedRun
{
    public static async Task<(VoteAccount[] Accounts, List<TrustScoreRecord> Scores)> LoadAsync()
    {
        VoteAccount[] accounts;
        await using (var stream = File.OpenRead(Fixtures.Path(RecordedCluster.Epoch752)))
        {
            accounts = [.. (await SolanaRpcClient.ReadResultAsync("getVoteAccounts", stream, SolanaJsonContext.Default.RpcResponseVoteAccounts, CancellationToken.None)).All()];
        }

        var input = new ScoringInput
        {
            CurrentEpoch = 752,
            Validators = [.. accounts.Select(a => new ValidatorHistory
            {
                VoteAccount = a.VotePubkey, Identity = a.NodePubkey, ActivatedStake = a.ActivatedStake, Delinquent = a.Delinquent,
                Commission = a.Commission, Credits = CreditHistory.FromTriples(a.EpochCredits),
            })],
        };
        return (accounts, [.. TrustScorer.Score(input, ScoringProfile.Default).Scores.Select(ScoringRunner.ToRecord)]);
    }
}
