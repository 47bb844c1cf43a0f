namespace SolStake.Storage.Model;

/// <summary>A row of <c>validators</c>: the latest observation of one vote account.</summary>
internal sealed class ValidatorEntity
{
    public long Id { get; set; }

    public required string VoteAccount { get; set; }

    public required string Identity { get; set; }

    public string? Name { get; set; }

    public int CommissionBps { get; set; }

    public long ActivatedStake { get; set; }

    public bool Delinquent { get; set; }

    public bool EpochVoteAccount { get; set; }

    public long LastVote { get; set; }

    public long RootSlot { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
