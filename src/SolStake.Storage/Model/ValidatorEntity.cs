namespace SolStake.Storage.Model;

/// <summary>A row of <c>validators</c>: one vote account, with its latest observation and published info.</summary>
internal sealed class ValidatorEntity
{
    public long Id { get; set; }

    public required string VoteAccount { get; set; }

    public required string Identity { get; set; }

    public string? Name { get; set; }

    public string? Website { get; set; }

    public string? Details { get; set; }

    public string? IconUrl { get; set; }

    public string? KeybaseUsername { get; set; }

    public string? Version { get; set; }

    public int CommissionBps { get; set; }

    public long ActivatedStake { get; set; }

    public bool Delinquent { get; set; }

    public bool EpochVoteAccount { get; set; }

    public long LastVote { get; set; }

    public long RootSlot { get; set; }

    /// <summary>Share (0–100) of the last 30 days' observations in which the validator was voting.</summary>
    public double Uptime { get; set; }

    /// <summary>
    /// The start of the 30-day window <see cref="UptimeObservations"/> and <see cref="UptimeVoting"/> count from (null:
    /// not counted yet; the next observation stored counts them). Kept as observations are stored and leave the window,
    /// so that a sync counts the rows it adds and the rows that leave, not the whole window.
    /// </summary>
    public DateTimeOffset? UptimeSince { get; set; }

    /// <summary>Observations stored at or after <see cref="UptimeSince"/>.</summary>
    public int UptimeObservations { get; set; }

    /// <summary>Of those, the ones in which the validator was voting.</summary>
    public int UptimeVoting { get; set; }

    /// <summary>
    /// Epochs in which the vote account earned credits, of its rows in <c>validator_epoch_stats</c>: kept as credits
    /// are stored, so that scoring reads its window's rows and this instead of every epoch ever stored.
    /// </summary>
    public int CreditedEpochs { get; set; }

    /// <summary>The first of those epochs (null: none); kept with <see cref="CreditedEpochs"/>.</summary>
    public long? FirstCreditedEpoch { get; set; }

    /// <summary>The highest commission ever observed or applied at payout (basis points); kept as both are stored.</summary>
    public int? HighestCommissionBps { get; set; }

    /// <summary>When validator info was last collected for this validator (null: never).</summary>
    public DateTimeOffset? InfoUpdatedAt { get; set; }

    /// <summary>When gossip was last collected for this validator (null: never).</summary>
    public DateTimeOffset? VersionUpdatedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A row of <c>validator_observations</c>: the validator as one sync (or one imported snapshot) saw it.</summary>
internal sealed class ObservationEntity
{
    public long Id { get; set; }

    public long ValidatorId { get; set; }

    public long Epoch { get; set; }

    /// <summary>The cluster slot of the observation; with the validator, it identifies the observation (re-syncing the same data adds nothing).</summary>
    public long Slot { get; set; }

    public long SlotIndex { get; set; }

    public DateTimeOffset ObservedAt { get; set; }

    public bool Delinquent { get; set; }

    public long ActivatedStake { get; set; }

    public int CommissionBps { get; set; }

    public long LastVote { get; set; }
}

/// <summary>
/// A row of <c>commission_changes</c>: an observation whose commission differs from the validator's observation just
/// before it (or that has none before it). Kept when observations are pruned, so a validator's commission history
/// stays whole, and read by scoring instead of every observation.
/// </summary>
internal sealed class CommissionChangeEntity
{
    public long ValidatorId { get; set; }

    public long Slot { get; set; }

    public long Epoch { get; set; }

    public long SlotIndex { get; set; }

    public int CommissionBps { get; set; }
}

/// <summary>A row of <c>validator_epoch_stats</c>: what one validator did in one epoch.</summary>
internal sealed class EpochStatEntity
{
    public long ValidatorId { get; set; }

    public long Epoch { get; set; }

    /// <summary>Credits earned in the epoch (partial while the epoch runs).</summary>
    public long Credits { get; set; }

    public long? LeaderSlots { get; set; }

    public long? BlocksProduced { get; set; }

    /// <summary>The highest commission sampled during the epoch.</summary>
    public int? MaxSampledCommissionBps { get; set; }

    /// <summary>The commission applied at payout (from getInflationReward).</summary>
    public int? EffectiveCommissionBps { get; set; }

    public long? ActivatedStake { get; set; }

    public long? RewardLamports { get; set; }
}

/// <summary>A row of <c>epochs</c>: the cluster's epochs as SolStake saw them.</summary>
internal sealed class EpochEntity
{
    public long Epoch { get; set; }

    public long FirstSlot { get; set; }

    public long SlotsInEpoch { get; set; }

    public long LastObservedSlot { get; set; }

    public long? ClusterLeaderSlots { get; set; }

    public long? ClusterBlocksProduced { get; set; }

    public DateTimeOffset? BlockProductionFetchedAt { get; set; }

    public DateTimeOffset? RewardsFetchedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A row of <c>scoring_runs</c>.</summary>
internal sealed class ScoringRunEntity
{
    public long Id { get; set; }

    public DateTimeOffset RunDate { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary><c>running</c>, <c>completed</c> or <c>failed</c>.</summary>
    public required string Status { get; set; }

    public required string Profile { get; set; }

    public required string ModelVersion { get; set; }

    /// <summary>The epoch scored: the latest observed when the run started (null for runs stored before it was kept and not matched to an observation).</summary>
    public long? Epoch { get; set; }

    public int ValidatorCount { get; set; }

    public int SuccessCount { get; set; }

    public int FailCount { get; set; }

    public string? Error { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A row of <c>trust_scores</c>.</summary>
internal sealed class TrustScoreEntity
{
    public long Id { get; set; }

    public long ValidatorId { get; set; }

    public long ScoringRunId { get; set; }

    public double Score { get; set; }

    public required string State { get; set; }

    public required string Profile { get; set; }

    public required string ModelVersion { get; set; }

    /// <summary>
    /// The breakdown lines as JSON with their text, <c>[{"factor","points","maxPoints","detail"}]</c>: how scores were
    /// stored before <see cref="Lines"/>; <c>[]</c> in a score stored since.
    /// </summary>
    public required string Breakdown { get; set; }

    /// <summary>The breakdown lines as their numbers (<see cref="ScoreLineCodec"/>); null in a score stored before.</summary>
    public byte[]? Lines { get; set; }

    /// <summary>The flags (and gates) as a JSON array of strings.</summary>
    public required string Flags { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A row of <c>audit_logs</c>.</summary>
internal sealed class AuditLogEntity
{
    public long Id { get; set; }

    public required string Action { get; set; }

    public string? ActorId { get; set; }

    /// <summary>JSON object.</summary>
    public required string Metadata { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A row of <c>job_runs</c>: one execution of a scheduled job.</summary>
internal sealed class JobRunEntity
{
    public long Id { get; set; }

    public required string Job { get; set; }

    public required string Trigger { get; set; }

    public required string FireId { get; set; }

    public required string Instance { get; set; }

    public int Attempt { get; set; }

    /// <summary><c>running</c>, <c>succeeded</c>, <c>failed</c> or <c>abandoned</c>.</summary>
    public required string Status { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public long? DurationMs { get; set; }

    public string? Phase { get; set; }

    public double? Progress { get; set; }

    public string? Error { get; set; }

    public bool WillRetry { get; set; }

    /// <summary>JSON object of counts.</summary>
    public required string Counts { get; set; }
}

/// <summary>A row of <c>users</c>: a registered wallet.</summary>
internal sealed class UserEntity
{
    public long Id { get; set; }

    public required string WalletPubkey { get; set; }

    /// <summary>Who registered the wallet (the caller's user id), for the per-user cap; null for registrations without one.</summary>
    public string? RegisteredBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A row of <c>stake_accounts</c>: a stake account of a registered wallet.</summary>
internal sealed class StakeAccountEntity
{
    public long Id { get; set; }

    public required string Pubkey { get; set; }

    public long UserId { get; set; }

    /// <summary>The validator the stake is delegated to, when SolStake knows its vote account.</summary>
    public long? ValidatorId { get; set; }

    public string? Voter { get; set; }

    /// <summary>Delegated stake in lamports (0 when not delegated).</summary>
    public long StakedAmount { get; set; }

    public long Lamports { get; set; }

    public required string State { get; set; }

    public long? ActivationEpoch { get; set; }

    public long? DeactivationEpoch { get; set; }

    public string? Staker { get; set; }

    public string? Withdrawer { get; set; }

    public long RentExemptReserve { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
