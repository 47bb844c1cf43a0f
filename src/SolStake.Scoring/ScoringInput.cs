using SolStake.Core.Domain;

namespace SolStake.Scoring;

/// <summary>Everything one scoring run needs: the cluster's position and every validator's history.</summary>
public sealed class ScoringInput
{
    /// <summary>The current (incomplete) epoch. The window is the completed epochs before it.</summary>
    public required ulong CurrentEpoch { get; init; }

    /// <summary>How far the current epoch has progressed, 0 to 1 (slot index ÷ slots in epoch).</summary>
    public double EpochProgress { get; init; }

    /// <summary>Slots in an epoch (432,000 on mainnet-beta), to place commission samples within their epoch.</summary>
    public ulong SlotsPerEpoch { get; init; } = 432_000;

    /// <summary>
    /// The first epoch with timely vote credits (SIMD-0033): 703 on mainnet-beta, 705 on testnet. Credits of earlier
    /// epochs are multiplied by 16 so that epochs on both sides compare.
    /// </summary>
    public ulong TimelyVoteCreditsEpoch { get; init; } = 703;

    /// <summary>Every vote account of the cluster; stake shares and cluster statistics are computed over all of them.</summary>
    public required IReadOnlyList<ValidatorHistory> Validators { get; init; }

    /// <summary>Vote accounts that a caller denies (Jito or Marinade blacklists, admin warnings): gated as <c>DENYLISTED</c>.</summary>
    public IReadOnlySet<Pubkey> Denylist { get; init; } = new HashSet<Pubkey>();
}
