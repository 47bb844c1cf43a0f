using SolStake.Core.Domain;

namespace SolStake.Ingestion.Rpc.Json;

internal sealed class VoteAccountsDto
{
    public List<VoteAccountDto>? Current { get; set; }

    public List<VoteAccountDto>? Delinquent { get; set; }
}

internal sealed class VoteAccountDto
{
    public Pubkey? VotePubkey { get; set; }

    public Pubkey? NodePubkey { get; set; }

    public ulong ActivatedStake { get; set; }

    /// <summary>The legacy one-byte percentage; null on nodes that only serve basis points.</summary>
    public byte? Commission { get; set; }

    /// <summary>SIMD-0291: the commission on inflation rewards in basis points, served alongside or instead of <see cref="Commission"/>.</summary>
    public ushort? InflationRewardsCommissionBps { get; set; }

    public bool EpochVoteAccount { get; set; }

    public ulong LastVote { get; set; }

    public ulong RootSlot { get; set; }

    public List<EpochCredits>? EpochCredits { get; set; }
}

internal sealed class EpochInfoDto
{
    public ulong Epoch { get; set; }

    public ulong AbsoluteSlot { get; set; }

    public ulong SlotIndex { get; set; }

    public ulong SlotsInEpoch { get; set; }

    public ulong? BlockHeight { get; set; }

    public ulong? TransactionCount { get; set; }
}
