using System.Numerics;

namespace SolStake.Core.Domain;

/// <summary>
/// How a cluster's slots map to epochs, as <c>getEpochSchedule</c> returns it. With warm-up, the first epochs
/// are short (32 slots, doubling) until <see cref="FirstNormalEpoch"/>.
/// </summary>
public sealed record EpochSchedule
{
    // The first warm-up epoch is 32 slots long (MINIMUM_SLOTS_PER_EPOCH in the Solana runtime).
    private const ulong MinimumSlotsPerEpoch = 32;

    /// <summary>Slots in a normal epoch.</summary>
    public required ulong SlotsPerEpoch { get; init; }

    /// <summary>Slots before an epoch's start at which its leader schedule is fixed.</summary>
    public ulong LeaderScheduleSlotOffset { get; init; }

    /// <summary>Whether the cluster began with short warm-up epochs.</summary>
    public bool Warmup { get; init; }

    /// <summary>The first epoch of normal length.</summary>
    public ulong FirstNormalEpoch { get; init; }

    /// <summary>The first slot of <see cref="FirstNormalEpoch"/>.</summary>
    public ulong FirstNormalSlot { get; init; }

    /// <summary>Mainnet-beta: 432,000-slot epochs and no warm-up.</summary>
    public static EpochSchedule MainnetBeta { get; } = new() { SlotsPerEpoch = 432_000, LeaderScheduleSlotOffset = 432_000 };

    /// <summary>Returns the epoch a slot belongs to and the slot's index within it.</summary>
    public (ulong Epoch, ulong SlotIndex) EpochOf(ulong slot)
    {
        if (slot < FirstNormalSlot)
        {
            // Warm-up epoch e spans 32·2^e slots starting at 32·(2^e − 1).
            var epoch = (ulong)BitOperations.TrailingZeroCount(BitOperations.RoundUpToPowerOf2(slot + MinimumSlotsPerEpoch + 1))
                - (ulong)BitOperations.TrailingZeroCount(MinimumSlotsPerEpoch) - 1;
            var length = MinimumSlotsPerEpoch << (int)epoch;
            return (epoch, slot - (length - MinimumSlotsPerEpoch));
        }

        var normal = slot - FirstNormalSlot;
        return (FirstNormalEpoch + (normal / SlotsPerEpoch), normal % SlotsPerEpoch);
    }
}
