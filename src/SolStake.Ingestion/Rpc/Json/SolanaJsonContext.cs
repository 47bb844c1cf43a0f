using System.Text.Json.Serialization;
using SolStake.Ingestion.Rpc;

namespace SolStake.Ingestion.Rpc.Json;

/// <summary>Source-generated JSON metadata for every RPC result SolStake reads; no reflection at run time.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    Converters = [typeof(VoteAccountsJsonConverter)])]
[JsonSerializable(typeof(RpcResponse<VoteAccounts>))]
[JsonSerializable(typeof(RpcResponse<EpochInfoDto>))]
[JsonSerializable(typeof(RpcResponse<EpochScheduleDto>))]
[JsonSerializable(typeof(RpcResponse<ulong?>))]
[JsonSerializable(typeof(RpcResponse<string>))]
[JsonSerializable(typeof(RpcResponse<BlockProductionDto>))]
[JsonSerializable(typeof(RpcResponse<List<ClusterNodeDto>>))]
[JsonSerializable(typeof(RpcResponse<List<ProgramAccountDto>>))]
[JsonSerializable(typeof(RpcResponse<List<InflationRewardDto?>>))]
[JsonSerializable(typeof(RpcResponse<VersionDto>))]
internal sealed partial class SolanaJsonContext : JsonSerializerContext;
