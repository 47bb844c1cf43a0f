using System.Text.Json.Serialization;

namespace SolStake.Storage;

internal sealed record ScoreLineJson(string Factor, decimal Points, decimal MaxPoints, string Detail);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(List<ScoreLineJson>))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(Dictionary<string, string?>))]
[JsonSerializable(typeof(Dictionary<string, long>))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;
