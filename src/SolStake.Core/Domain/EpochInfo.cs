namespace SolStake.Core.Domain;

/// <summary>The cluster's position in its epoch, as <c>getEpochInfo</c> returns it.</summary>
public sealed record EpochInfo
{
    /// <summary>The current epoch.</summary>
    public ulong Epoch { get; init; }

    /// <summary>The current slot.</summary>
    public ulong AbsoluteSlot { get; init; }

    /// <summary>The slot's index within the epoch.</summary>
    public ulong SlotIndex { get; init; }

    /// <summary>The number of slots in the epoch.</summary>
    public ulong SlotsInEpoch { get; init; }

    /// <summary>The current block height, when the node reports it.</summary>
    public ulong? BlockHeight { get; init; }

    /// <summary>The total number of transactions processed, when the node reports it.</summary>
    public ulong? TransactionCount { get; init; }
}
