namespace SolStake.Core.Storage;

/// <summary>
/// The record of every scheduled job execution (registered by the storage package, written by the jobs): what ran
/// where, how it ended, what it reported. Shared by every instance that uses the same database.
/// </summary>
public interface IJobHistory
{
    /// <summary>Records that an execution started (state <see cref="JobRunStatus.Running"/>) and returns its id.</summary>
    Task<long> StartAsync(JobRunStart start, CancellationToken cancellationToken = default);

    /// <summary>Updates a running execution's phase and progress (0 to 1, null when unknown).</summary>
    Task ReportProgressAsync(long id, string phase, double? progress, CancellationToken cancellationToken = default);

    /// <summary>Records how an execution ended.</summary>
    Task FinishAsync(long id, JobRunFinish finish, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks as <see cref="JobRunStatus.Abandoned"/> the executions still running on instances that are not among
    /// <paramref name="liveInstances"/> (used when <paramref name="recoveredBy"/> recovers a dead instance's job);
    /// returns how many.
    /// </summary>
    Task<int> AbandonRunningAsync(IReadOnlyCollection<string> liveInstances, string recoveredBy, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Executions, newest first, optionally of one job and/or in one state.</summary>
    Task<IReadOnlyList<JobRunRecord>> ListAsync(string? job, JobRunStatus? status, int limit, CancellationToken cancellationToken = default);

    /// <summary>How many executions each job has in each state.</summary>
    Task<IReadOnlyList<JobRunCount>> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>When the latest successful execution of <paramref name="job"/> finished, or null.</summary>
    Task<DateTimeOffset?> LastSucceededAsync(string job, CancellationToken cancellationToken = default);
}

/// <summary>The state of a job execution.</summary>
public enum JobRunStatus
{
    /// <summary>Still running (or its instance died and no one has noticed yet).</summary>
    Running,

    /// <summary>Finished without error.</summary>
    Succeeded,

    /// <summary>Failed; <see cref="JobRunRecord.WillRetry"/> says whether another attempt is scheduled.</summary>
    Failed,

    /// <summary>Its instance died while it ran; another instance recovered the job.</summary>
    Abandoned,
}

/// <summary>An execution that starts.</summary>
/// <param name="Job">The job's name (<c>fetch</c>, <c>score</c>, <c>housekeeping</c>).</param>
/// <param name="Trigger">The trigger that fired it.</param>
/// <param name="FireId">The scheduler's id of this firing, unique across the cluster.</param>
/// <param name="Instance">The scheduler instance running it.</param>
/// <param name="Attempt">1 for the first attempt, then 2, 3 for retries.</param>
/// <param name="StartedAt">When it started.</param>
public sealed record JobRunStart(string Job, string Trigger, string FireId, string Instance, int Attempt, DateTimeOffset StartedAt);

/// <summary>How an execution ended.</summary>
/// <param name="Status"><see cref="JobRunStatus.Succeeded"/> or <see cref="JobRunStatus.Failed"/>.</param>
/// <param name="FinishedAt">When it ended.</param>
/// <param name="Error">Why it failed.</param>
/// <param name="WillRetry">Whether another attempt is scheduled.</param>
/// <param name="Counts">What it reports (for example <c>validators</c>, <c>scored</c>).</param>
public sealed record JobRunFinish(JobRunStatus Status, DateTimeOffset FinishedAt, string? Error, bool WillRetry, IReadOnlyDictionary<string, long> Counts);

/// <summary>A recorded execution.</summary>
public sealed record JobRunRecord
{
    /// <summary>The record's id.</summary>
    public required long Id { get; init; }

    /// <summary>The job's name.</summary>
    public required string Job { get; init; }

    /// <summary>The trigger that fired it.</summary>
    public required string Trigger { get; init; }

    /// <summary>The scheduler's id of the firing.</summary>
    public required string FireId { get; init; }

    /// <summary>The scheduler instance that ran it.</summary>
    public required string Instance { get; init; }

    /// <summary>1 for the first attempt, then 2, 3 for retries.</summary>
    public required int Attempt { get; init; }

    /// <summary>Its state.</summary>
    public required JobRunStatus Status { get; init; }

    /// <summary>When it started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When it ended.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>How long it ran, when it ended.</summary>
    public TimeSpan? Duration => FinishedAt - StartedAt;

    /// <summary>What it is doing (while running) or did last.</summary>
    public string? Phase { get; init; }

    /// <summary>0 to 1 while running, when known.</summary>
    public double? Progress { get; init; }

    /// <summary>Why it failed.</summary>
    public string? Error { get; init; }

    /// <summary>Whether another attempt was scheduled after this one failed.</summary>
    public bool WillRetry { get; init; }

    /// <summary>What it reported.</summary>
    public IReadOnlyDictionary<string, long> Counts { get; init; } = new Dictionary<string, long>();
}

/// <summary>How many executions of a job are in a state.</summary>
/// <param name="Job">The job's name.</param>
/// <param name="Status">The state.</param>
/// <param name="Count">How many.</param>
public sealed record JobRunCount(string Job, JobRunStatus Status, int Count);
