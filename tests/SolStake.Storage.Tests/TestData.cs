using System.Buffers.Binary;
using SolStake.Core.Domain;
using SolStake.Core.Storage;

namespace SolStake.Storage.Tests;

internal static class TestData
{
    /// <summary>A deterministic pubkey for an index.</summary>
    public static Pubkey Key(int index)
    {
        var bytes = new byte[32];
        BinaryPrimitives.WriteInt32BigEndian(bytes, index);
        bytes[31] = 0x5A;
        return new Pubkey(bytes);
    }

    public const ulong Epoch = 752;
    public const ulong Slot = 325_058_116;

    /// <summary>An observation of <paramref name="accounts"/> at <paramref name="slot"/> of epoch 752.</summary>
    public static ClusterObservation Observation(IReadOnlyCollection<VoteAccount> accounts, DateTimeOffset at, ulong slot = Slot) => new()
    {
        ObservedAt = at,
        Epoch = slot / 432_000,
        Slot = slot,
        SlotIndex = slot % 432_000,
        SlotsInEpoch = 432_000,
        VoteAccounts = accounts,
    };

    public static VoteAccount[] VoteAccounts(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new VoteAccount
        {
            VotePubkey = Key(i),
            NodePubkey = Key(1_000_000 + i),
            ActivatedStake = (ulong)i * 1_000_000_007UL,
            Commission = new Commission((ushort)(i % 10_001)),
            EpochVoteAccount = i % 3 != 0,
            LastVote = 325_000_000UL + (ulong)i,
            RootSlot = 324_999_900UL + (ulong)i,
            Delinquent = i % 50 == 0,
            EpochCredits = [new EpochCredits(752, 1000 + (ulong)i, 500)],
        })];

    /// <summary>A completed scoring run at <paramref name="at"/> with a score of 50 for each account; returns its id.</summary>
    public static async Task<long> CompletedRunAsync(IScoringStore scoring, IEnumerable<VoteAccount> accounts, DateTimeOffset at, string profile = "Default")
    {
        var run = await scoring.StartRunAsync(profile, "v", at);
        await scoring.CompleteRunAsync(run, [.. accounts.Select(a => new TrustScoreRecord
        {
            VoteAccount = a.VotePubkey, Score = 50, State = "ELIGIBLE", Profile = profile, ModelVersion = "v", Breakdown = [], Flags = [],
        })], 0, at);
        return run;
    }
}
