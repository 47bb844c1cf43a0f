using System.Text.Json.Serialization;

namespace SolStake.Ingestion.Rpc.Json;

/// <summary>Source-generated JSON metadata for every RPC result SolStake reads; no reflection at run time.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    Converters = [typeof(PubkeyJsonConverter), typeof(EpochCreditsJsonConverter)])]
[JsonSerializable(typeof(RpcResponse<VoteAccountsDto>))]
[JsonSerializable(typeof(RpcResponse<EpochInfoDto>))]
internal sealed partial class SolanaJsonContext : JsonSerializerContext;
