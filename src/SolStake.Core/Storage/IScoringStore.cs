using SolStake.Core.Domain;

namespace SolStake.Core.Storage;

/// <summary>Reads what scoring needs and keeps scoring runs. A run's scores become visible all at once, when it completes.</summary>
public interface IScoringStore
{
    /// <summary>
    /// Every validator as scoring inputs: per-epoch credits, block production and payout commissions, commission
    /// samples (each change, in time order), current state, version and info; the epochs and the uptime that
    /// <paramref name="request"/> asks for. Null when nothing has been observed yet.
    /// </summary>
    Task<ScoringData?> LoadScoringDataAsync(ScoringDataRequest request, CancellationToken cancellationToken = default);

    /// <summary>Opens a run in the <c>running</c> state and returns its id.</summary>
    Task<long> StartRunAsync(string profile, string modelVersion, DateTimeOffset startedAt, CancellationToken cancellationToken = default);

    /// <summary>Inserts every score of the run and marks it <c>completed</c> with its counts, in one transaction.</summary>
    Task CompleteRunAsync(long runId, IReadOnlyList<TrustScoreRecord> scores, int failed, DateTimeOffset finishedAt, CancellationToken cancellationToken = default);

    /// <summary>Marks a run <c>failed</c> with the reason.</summary>
    Task FailRunAsync(long runId, string error, DateTimeOffset finishedAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks every run still <c>running</c> that started before <paramref name="startedBefore"/> (left by a crash: a run
    /// takes seconds) as <c>failed</c>; returns how many.
    /// </summary>
    Task<int> FailAbandonedRunsAsync(DateTimeOffset startedBefore, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>The most recent runs, newest first.</summary>
    Task<IReadOnlyList<ScoringRunRecord>> ListRunsAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>The scores of the latest completed run, by vote account.</summary>
    Task<IReadOnlyList<TrustScoreRecord>> LatestScoresAsync(CancellationToken cancellationToken = default);
}

/// <summary>What a scoring run reads of the store.</summary>
/// <param name="Now">The time of the run.</param>
public sealed record ScoringDataRequest(DateTimeOffset Now)
{
    /// <summary>
    /// Completed epochs to list per validator before the current one (a profile's window); what came before is
    /// summarised (<see cref="ValidatorHistory.Earlier"/>, <see cref="ValidatorHistory.HighestCommission"/>), so a
    /// run reads the same number of rows after a year as after a week. Null lists every stored epoch.
    /// </summary>
    public int? ListedEpochs { get; init; }

    /// <summary>
    /// Observations from this long before <see cref="Now"/> are counted for uptime (<see cref="ValidatorHistory.Uptime"/>,
    /// which only the Legacy model reads); null counts none.
    /// </summary>
    public TimeSpan? UptimeWindow { get; init; }
}

/// <summary>The stored data a scoring run reads.</summary>
/// <param name="CurrentEpoch">The epoch of the latest observation.</param>
/// <param name="EpochProgress">How far into that epoch the latest observation was, 0 to 1.</param>
/// <param name="SlotsPerEpoch">Slots in that epoch.</param>
/// <param name="Validators">Every stored validator's history.</param>
public sealed record ScoringData(ulong CurrentEpoch, double EpochProgress, ulong SlotsPerEpoch, IReadOnlyList<ValidatorHistory> Validators);

/// <summary>A trust score as stored.</summary>
public sealed record TrustScoreRecord
{
    /// <summary>The vote account scored.</summary>
    public required Pubkey VoteAccount { get; init; }

    /// <summary>0 to 100, two decimals.</summary>
    public required decimal Score { get; init; }

    /// <summary><c>ELIGIBLE</c>, <c>INELIGIBLE</c> or <c>UNRATED</c>.</summary>
    public required string State { get; init; }

    /// <summary>The profile scored with.</summary>
    public required string Profile { get; init; }

    /// <summary>The model version.</summary>
    public required string ModelVersion { get; init; }

    /// <summary>The breakdown lines.</summary>
    public required IReadOnlyList<ScoreLine> Breakdown { get; init; }

    /// <summary>Gates, then flags, each once, as text: a gate marked <c>GATE:</c> (<c>GATE:COMMISSION_RUG(752, 100%)</c>), a flag such as <c>COMMISSION_INCREASE(1010, 5% -> 7%)</c>.</summary>
    public required IReadOnlyList<string> Flags { get; init; }

    /// <summary>The run that produced the score (0 before it is stored).</summary>
    public long ScoringRunId { get; init; }

    /// <summary>The stored score's id (0 before it is stored).</summary>
    public long Id { get; init; }

    /// <summary>The store's id of the validator (0 before it is stored).</summary>
    public long ValidatorId { get; init; }

    /// <summary>When the score was stored.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>One stored breakdown line.</summary>
/// <param name="Factor">The factor key.</param>
/// <param name="Points">Points earned.</param>
/// <param name="MaxPoints">The factor's maximum.</param>
/// <param name="Detail">Why.</param>
public sealed record ScoreLine(string Factor, decimal Points, decimal MaxPoints, string Detail)
{
    /// <summary>
    /// The numbers <see cref="Detail"/> is written from, when the line has them (the scoring model's factor lines):
    /// a store keeps these instead of the text, and writes the text again when it is read.
    /// </summary>
    public ScoreLineMeasure? Measure { get; init; }
}

/// <summary>The numbers behind a breakdown line.</summary>
/// <param name="Value">The measured value (a ratio, a share, a count).</param>
/// <param name="Reference">What the value was compared with (the cluster's skip rate, the superminority's threshold, a count of epochs); null where there is nothing to compare with.</param>
/// <param name="Condition">What kept the factor from being measured as usual, if anything.</param>
public readonly record struct ScoreLineMeasure(double Value, double? Reference, BreakdownCondition Condition);

/// <summary>Why a breakdown line was not measured the usual way (its points are then neutral or fixed by the model).</summary>
/// <remarks>The numbers are stored: new members are added at the end.</remarks>
public enum BreakdownCondition
{
    /// <summary>Measured as usual.</summary>
    None = 0,

    /// <summary>Block production: nobody has block-production data in the window (neutral).</summary>
    NoBlockData = 1,

    /// <summary>Decentralization: the validator is in the superminority.</summary>
    InSuperminority = 2,

    /// <summary>Software version: the node is not in gossip (neutral).</summary>
    NotInGossip = 3,

    /// <summary>Software version: the node reports a version that cannot be read (neutral).</summary>
    VersionUnreadable = 4,

    /// <summary>Transparency: validator info was not collected (neutral).</summary>
    NoValidatorInfo = 5,

    /// <summary>Block production: the validator had no leader slot in the window (neutral).</summary>
    NoLeaderSlots = 6,

    /// <summary>Vote effectiveness and reliability: no completed epoch of the window to judge (neutral).</summary>
    NoVotingHistory = 7,

    /// <summary>Vote effectiveness and reliability: delinquent now, so no points whatever the window says.</summary>
    Delinquent = 8,

    /// <summary>Vote reliability: voting in the current epoch is below the profile's live minimum, so no points.</summary>
    LiveVotingLow = 9,

    /// <summary>Commission stability: the commission was once raised past the rug threshold, so no points.</summary>
    CommissionRug = 10,

    /// <summary>Software version: readable, but in no client's version scheme known to the model (neutral).</summary>
    UnknownClient = 11,

    /// <summary>Software version: no staked node of the same client to find its current version from (neutral).</summary>
    NoStakedPeers = 12,
}

/// <summary>The values of <see cref="ScoringRunRecord.Status"/>.</summary>
public static class ScoringRunStatus
{
    /// <summary>Started, not finished: <c>running</c>.</summary>
    public const string Running = "running";

    /// <summary>Every score stored: <c>completed</c>.</summary>
    public const string Completed = "completed";

    /// <summary>Stopped by an error, or abandoned: <c>failed</c>.</summary>
    public const string Failed = "failed";
}

/// <summary>A scoring run as stored.</summary>
public sealed record ScoringRunRecord
{
    /// <summary>The run's id.</summary>
    public required long Id { get; init; }

    /// <summary>When it started.</summary>
    public required DateTimeOffset RunDate { get; init; }

    /// <summary>When it finished.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>A <see cref="ScoringRunStatus"/>: <c>running</c>, <c>completed</c> or <c>failed</c>.</summary>
    public required string Status { get; init; }

    /// <summary>The profile.</summary>
    public required string Profile { get; init; }

    /// <summary>Validators considered.</summary>
    public int ValidatorCount { get; init; }

    /// <summary>Validators scored.</summary>
    public int SuccessCount { get; init; }

    /// <summary>Validators that could not be scored.</summary>
    public int FailCount { get; init; }

    /// <summary>Why the run failed.</summary>
    public string? Error { get; init; }
}
