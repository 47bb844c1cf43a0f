using System.Text.Json.Serialization;
using SolStake.Ingestion.Rpc;

namespace SolStake.Ingestion.Rpc.Json;

/// <summary>Source-generated JSON metadata for every RPC result SolStake reads; no reflection at run time.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    Converters = [typeof(PubkeyJsonConverter), typeof(VoteAccountsJsonConverter)])]
[JsonSerializable(typeof(RpcResponse<VoteAccounts>))]
[JsonSerializable(typeof(RpcResponse<EpochInfoDto>))]
internal sealed partial class SolanaJsonContext : JsonSerializerContext;
