using System.Text.Json.Serialization;

namespace SolStake.GraphQL.Http;

internal sealed record HealthResponse(string Status);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(CacheStatusResponse))]
[JsonSerializable(typeof(Caching.CacheOperationResult))]
[JsonSerializable(typeof(ErrorResponse))]
internal sealed partial class SolStakeApiJsonContext : JsonSerializerContext;
