using SolStake.Core.Domain;

namespace SolStake.Ingestion.Cli;

/// <summary>
/// One <c>solana validators --output json</c> (or <c>json-compact</c>) dump: the CLI's view of every vote
/// account at one moment. Both layouts are read: the current <c>validators[]</c> and the old
/// <c>currentValidators</c>/<c>delinquentValidators</c> pair.
/// </summary>
public sealed class ValidatorsSnapshot
{
    internal ValidatorsSnapshot(IReadOnlyList<CliValidator> validators) => Validators = validators;

    /// <summary>Every vote account, one entry each (a repeated vote account keeps its last entry).</summary>
    public IReadOnlyList<CliValidator> Validators { get; }

    /// <summary>The highest vote seen: the snapshot's position on the chain.</summary>
    public ulong MaxLastVote => Validators.Count == 0 ? 0 : Validators.Max(v => v.LastVote);

    /// <summary>
    /// The slot the snapshot was taken at, estimated as the median last vote of the validators that were voting
    /// (robust to a few validators far ahead or behind).
    /// </summary>
    public ulong EstimatedSlot
    {
        get
        {
            var votes = Validators.Where(v => !v.Delinquent && v.LastVote > 0).Select(v => v.LastVote).Order().ToArray();
            return votes.Length == 0 ? MaxLastVote : votes[votes.Length / 2];
        }
    }

    /// <summary>The epoch and slot index the snapshot was taken at, under <paramref name="schedule"/>.</summary>
    public (ulong Epoch, ulong SlotIndex) EpochOf(EpochSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return schedule.EpochOf(EstimatedSlot);
    }
}

/// <summary>One vote account in a CLI snapshot.</summary>
public sealed record CliValidator
{
    /// <summary>The vote account.</summary>
    public required Pubkey VoteAccount { get; init; }

    /// <summary>The identity.</summary>
    public required Pubkey Identity { get; init; }

    /// <summary>The commission.</summary>
    public Commission Commission { get; init; }

    /// <summary>Active stake in lamports.</summary>
    public ulong ActivatedStake { get; init; }

    /// <summary>The last slot voted on.</summary>
    public ulong LastVote { get; init; }

    /// <summary>The root slot.</summary>
    public ulong RootSlot { get; init; }

    /// <summary>Lifetime credits (the cumulative counter).</summary>
    public ulong Credits { get; init; }

    /// <summary>Credits earned so far in the snapshot's epoch; null in the old layout.</summary>
    public ulong? EpochCredits { get; init; }

    /// <summary>Whether the CLI listed the account as delinquent.</summary>
    public bool Delinquent { get; init; }

    /// <summary>Skipped leader slots in the epoch so far, in percent (0 to 100); null without leader slots or in the old layout.</summary>
    public double? SkipRatePercent { get; init; }

    /// <summary>The software version from gossip; null when unknown.</summary>
    public string? Version { get; init; }
}
