using SolStake.Core.Domain;

namespace SolStake.Core.Storage;

/// <summary>
/// Where validators and their history are kept. The ingestion pipeline writes through it and the API reads through
/// it; SolStake.Storage implements it on PostgreSQL and SQLite. Every write is set-based and transactional: it
/// stores all of its input or nothing, and storing the same input twice adds nothing.
/// </summary>
public interface IValidatorStore
{
    /// <summary>
    /// Records what one sync (or one imported snapshot) saw: upserts every validator by vote account, adds one
    /// observation per validator (keyed by the cluster slot, so the same observation twice adds nothing), stores
    /// per-epoch credits from the credit triples and the commission and stake of the current epoch, notes the epoch,
    /// and refreshes each validator's 30-day uptime. Entries that repeat a vote account are merged (the last wins).
    /// </summary>
    /// <exception cref="StorageException">The database failed; nothing was written.</exception>
    Task<ObservationWriteResult> RecordObservationAsync(ClusterObservation observation, CancellationToken cancellationToken = default);

    /// <summary>Stores published validator info on every vote account of each identity (when an identity published several, the fullest wins).</summary>
    Task<int> UpdateValidatorInfoAsync(IReadOnlyCollection<PublishedValidatorInfo> infos, DateTimeOffset observedAt, CancellationToken cancellationToken = default);

    /// <summary>Stores the software version of each identity seen in gossip; validators whose identity is absent get no version.</summary>
    Task<int> UpdateVersionsAsync(IReadOnlyDictionary<Pubkey, string?> versionByIdentity, DateTimeOffset observedAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores an epoch's block production per validator (an identity's counts go to its vote account with the most
    /// recent vote) and the cluster's totals. When <paramref name="complete"/>, the epoch's block production is
    /// marked as fetched; estimates (from CLI snapshots) leave it unmarked so that real counts can replace them.
    /// </summary>
    Task<int> RecordBlockProductionAsync(ulong epoch, BlockProduction production, DateTimeOffset fetchedAt, bool complete = true, CancellationToken cancellationToken = default);

    /// <summary>Stores the inflation rewards of an epoch (commission applied at payout, amount) and marks the epoch's rewards as fetched.</summary>
    Task<int> RecordInflationRewardsAsync(ulong epoch, IReadOnlyList<KeyValuePair<Pubkey, InflationReward>> rewardsByVoteAccount, DateTimeOffset fetchedAt, CancellationToken cancellationToken = default);

    /// <summary>When validator info and gossip versions were last collected (null: never).</summary>
    Task<(DateTimeOffset? Info, DateTimeOffset? Versions)> GetSlowSourceTimesAsync(CancellationToken cancellationToken = default);

    /// <summary>The epochs SolStake has seen, newest first.</summary>
    Task<IReadOnlyList<EpochRecord>> ListEpochsAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>Returns every stored validator, ordered by vote account.</summary>
    Task<IReadOnlyList<ValidatorRecord>> ListValidatorsAsync(CancellationToken cancellationToken = default);

    /// <summary>Returns the number of stored validators.</summary>
    Task<int> CountValidatorsAsync(CancellationToken cancellationToken = default);
}

/// <summary>What one sync saw of the cluster.</summary>
public sealed record ClusterObservation
{
    /// <summary>When the observation was made.</summary>
    public required DateTimeOffset ObservedAt { get; init; }

    /// <summary>The current epoch.</summary>
    public required ulong Epoch { get; init; }

    /// <summary>The cluster slot of the observation.</summary>
    public required ulong Slot { get; init; }

    /// <summary>The slot's index within the epoch.</summary>
    public required ulong SlotIndex { get; init; }

    /// <summary>Slots in the epoch.</summary>
    public required ulong SlotsInEpoch { get; init; }

    /// <summary>Every vote account seen (current and delinquent).</summary>
    public required IReadOnlyCollection<VoteAccount> VoteAccounts { get; init; }

    /// <summary>Builds an observation from <c>getEpochInfo</c> and <c>getVoteAccounts</c>.</summary>
    public static ClusterObservation From(EpochInfo epoch, IReadOnlyCollection<VoteAccount> accounts, DateTimeOffset observedAt)
    {
        ArgumentNullException.ThrowIfNull(epoch);
        return new ClusterObservation
        {
            ObservedAt = observedAt,
            Epoch = epoch.Epoch,
            Slot = epoch.AbsoluteSlot,
            SlotIndex = epoch.SlotIndex,
            SlotsInEpoch = epoch.SlotsInEpoch,
            VoteAccounts = accounts,
        };
    }
}

/// <summary>What <see cref="IValidatorStore.RecordObservationAsync"/> wrote.</summary>
/// <param name="Validators">Distinct validators upserted.</param>
/// <param name="NewObservations">Observations added (0 when the same observation was stored before).</param>
/// <param name="EpochStats">Per-epoch credit rows written.</param>
public sealed record ObservationWriteResult(int Validators, int NewObservations, int EpochStats);

/// <summary>An epoch as SolStake saw it.</summary>
public sealed record EpochRecord
{
    /// <summary>The epoch.</summary>
    public required ulong Epoch { get; init; }

    /// <summary>Its first slot.</summary>
    public required ulong FirstSlot { get; init; }

    /// <summary>Its length in slots.</summary>
    public required ulong SlotsInEpoch { get; init; }

    /// <summary>The latest slot observed in it.</summary>
    public required ulong LastObservedSlot { get; init; }

    /// <summary>The last slot of the epoch.</summary>
    public ulong LastSlot => FirstSlot + SlotsInEpoch - 1;

    /// <summary>When its block production was stored; null if not yet.</summary>
    public DateTimeOffset? BlockProductionFetchedAt { get; init; }

    /// <summary>When its inflation rewards were stored; null if not yet.</summary>
    public DateTimeOffset? RewardsFetchedAt { get; init; }
}
