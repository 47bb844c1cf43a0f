using System.Text.Json.Serialization;
using SolStake.Core.Domain;
using SolStake.Ingestion.Rpc.Json;

namespace SolStake.Ingestion.Cli;

internal sealed class ValidatorsSnapshotDto
{
    public List<CliValidatorDto>? Validators { get; set; }

    public List<CliValidatorDto>? CurrentValidators { get; set; }

    public List<CliValidatorDto>? DelinquentValidators { get; set; }
}

internal sealed class CliValidatorDto
{
    public Pubkey? VoteAccountPubkey { get; set; }

    public Pubkey? IdentityPubkey { get; set; }

    public byte? Commission { get; set; }

    public ulong ActivatedStake { get; set; }

    public ulong LastVote { get; set; }

    public ulong RootSlot { get; set; }

    public ulong Credits { get; set; }

    public ulong? EpochCredits { get; set; }

    public bool? Delinquent { get; set; }

    public double? SkipRate { get; set; }

    public string? Version { get; set; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(ValidatorsSnapshotDto))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
