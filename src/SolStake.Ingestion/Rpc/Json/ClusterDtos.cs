using System.Text.Json;
using System.Text.Json.Serialization;
using SolStake.Core.Domain;

namespace SolStake.Ingestion.Rpc.Json;

internal sealed class EpochScheduleDto
{
    public ulong SlotsPerEpoch { get; set; }

    public ulong LeaderScheduleSlotOffset { get; set; }

    public bool Warmup { get; set; }

    public ulong FirstNormalEpoch { get; set; }

    public ulong FirstNormalSlot { get; set; }
}

internal sealed class BlockProductionDto
{
    public BlockProductionValueDto? Value { get; set; }
}

internal sealed class BlockProductionValueDto
{
    public Dictionary<string, ulong[]>? ByIdentity { get; set; }

    public SlotRangeDto? Range { get; set; }
}

internal sealed class SlotRangeDto
{
    public ulong FirstSlot { get; set; }

    public ulong LastSlot { get; set; }
}

internal sealed class ClusterNodeDto
{
    public Pubkey? Pubkey { get; set; }

    public string? Gossip { get; set; }

    public string? Tpu { get; set; }

    public string? Rpc { get; set; }

    public string? Version { get; set; }

    public uint? FeatureSet { get; set; }

    public ushort? ShredVersion { get; set; }
}

internal sealed class ProgramAccountDto
{
    public Pubkey? Pubkey { get; set; }

    public AccountDto? Account { get; set; }
}

/// <summary>An account; <c>rentEpoch</c> is left out on purpose (real nodes send u64::MAX as a float beyond 64 bits).</summary>
internal sealed class AccountDto
{
    public ulong Lamports { get; set; }

    /// <summary>Parsed JSON (an object) or raw bytes (<c>["base64…", "base64"]</c>) when the node cannot parse the account.</summary>
    public JsonElement Data { get; set; }
}

internal sealed class InflationRewardDto
{
    public ulong Epoch { get; set; }

    public ulong EffectiveSlot { get; set; }

    public ulong Amount { get; set; }

    public ulong PostBalance { get; set; }

    public byte? Commission { get; set; }

    public ushort? CommissionBps { get; set; }
}

internal sealed class VersionDto
{
    [JsonPropertyName("solana-core")]
    public string? SolanaCore { get; set; }

    [JsonPropertyName("feature-set")]
    public uint? FeatureSet { get; set; }
}
