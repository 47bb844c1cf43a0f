namespace SolStake.Ingestion.Rpc.Json;

internal sealed class EpochInfoDto
{
    public ulong Epoch { get; set; }

    public ulong AbsoluteSlot { get; set; }

    public ulong SlotIndex { get; set; }

    public ulong SlotsInEpoch { get; set; }

    public ulong? BlockHeight { get; set; }

    public ulong? TransactionCount { get; set; }
}
