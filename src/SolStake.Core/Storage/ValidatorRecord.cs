using SolStake.Core.Domain;

namespace SolStake.Core.Storage;

/// <summary>A validator as SolStake stores it: the latest observation of one vote account, with its published info.</summary>
public sealed record ValidatorRecord
{
    /// <summary>The store's identifier of the validator.</summary>
    public required long Id { get; init; }

    /// <summary>The vote account, unique per validator.</summary>
    public required Pubkey VoteAccount { get; init; }

    /// <summary>The identity (node pubkey) that runs the vote account.</summary>
    public required Pubkey Identity { get; init; }

    /// <summary>The published name, when validator info has been collected.</summary>
    public string? Name { get; init; }

    /// <summary>The published website.</summary>
    public string? Website { get; init; }

    /// <summary>The published details.</summary>
    public string? Details { get; init; }

    /// <summary>The published icon URL.</summary>
    public string? IconUrl { get; init; }

    /// <summary>The software version from gossip.</summary>
    public string? Version { get; init; }

    /// <summary>The latest observed commission.</summary>
    public required Commission Commission { get; init; }

    /// <summary>Active stake in lamports at the latest observation.</summary>
    public required ulong ActivatedStake { get; init; }

    /// <summary>Whether the validator was delinquent at the latest observation.</summary>
    public required bool Delinquent { get; init; }

    /// <summary>The last slot voted on at the latest observation.</summary>
    public required ulong LastVote { get; init; }

    /// <summary>Share (0–100) of the last 30 days' observations in which the validator was voting.</summary>
    public double Uptime { get; init; }

    /// <summary>When the validator was first stored.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the validator was last observed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }
}
