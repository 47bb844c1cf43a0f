using SolStake.Core.Storage;

namespace SolStake.Core.Jobs;

/// <summary>
/// The scheduled jobs as an operator drives them: run one now, change the schedule, read the status. Registered by
/// <c>AddJobs()</c> (SolStake.Jobs). With the PostgreSQL store every call acts on the whole
/// cluster (a job run now fires on whichever instance is free); with the in-memory store on this process only.
/// </summary>
public interface IJobScheduler
{
    /// <summary>Whether the schedule is kept in PostgreSQL (shared by every instance) rather than in this process.</summary>
    bool IsPersistent { get; }

    /// <summary>Fires <paramref name="job"/> once, now, through the scheduler; returns the trigger's name, which the job history records.</summary>
    /// <exception cref="ArgumentException">Not a job name (<c>fetch</c>, <c>score</c>).</exception>
    Task<string> TriggerNowAsync(string job, CancellationToken cancellationToken = default);

    /// <summary>Replaces the recurring triggers with <paramref name="schedule"/> (a job whose timing is unchanged keeps its trigger and next fire time).</summary>
    Task ApplyScheduleAsync(JobSchedule schedule, CancellationToken cancellationToken = default);

    /// <summary>The jobs, their schedules and next fire times, what runs now, recent executions and counts per outcome.</summary>
    Task<JobsStatus> GetStatusAsync(int recent = 10, CancellationToken cancellationToken = default);
}

/// <summary>The state of the scheduled jobs.</summary>
/// <param name="InstanceId">This scheduler instance.</param>
/// <param name="Persistent">Whether the schedule is kept in PostgreSQL.</param>
/// <param name="Running">Whether this instance's scheduler is started (a verb's is not).</param>
/// <param name="Jobs">Each job's schedule.</param>
/// <param name="Nodes">The scheduler instances sharing the store, with their last check-in (one, without times, in memory).</param>
/// <param name="Executing">Executions running now, with their progress, on any instance.</param>
/// <param name="Recent">The latest executions, newest first.</param>
/// <param name="Counts">Executions per job and outcome.</param>
public sealed record JobsStatus(
    string InstanceId,
    bool Persistent,
    bool Running,
    IReadOnlyList<ScheduledJob> Jobs,
    IReadOnlyList<SchedulerNode> Nodes,
    IReadOnlyList<JobRunRecord> Executing,
    IReadOnlyList<JobRunRecord> Recent,
    IReadOnlyList<JobRunCount> Counts);

/// <summary>A job's schedule.</summary>
/// <param name="Name">The job (<c>fetch</c> or <c>score</c>).</param>
/// <param name="Timing">Its recurring timing, or null when it runs only on demand.</param>
/// <param name="NextFireTime">When it fires next, if scheduled.</param>
/// <param name="PreviousFireTime">When it last fired on schedule, if known.</param>
/// <param name="LastSucceededAt">When its last successful execution finished, from the job history.</param>
public sealed record ScheduledJob(string Name, JobTiming? Timing, DateTimeOffset? NextFireTime, DateTimeOffset? PreviousFireTime, DateTimeOffset? LastSucceededAt);

/// <summary>A scheduler instance sharing the job store.</summary>
/// <param name="InstanceId">Its id.</param>
/// <param name="State">What this instance makes of its check-ins (for example <c>Active</c>, <c>Failed</c>).</param>
/// <param name="LastCheckIn">Its last check-in, when clustered.</param>
/// <param name="IsCurrent">Whether it is this instance.</param>
public sealed record SchedulerNode(string InstanceId, string State, DateTimeOffset? LastCheckIn, bool IsCurrent);

/// <summary>The job names.</summary>
public static class JobNames
{
    /// <summary>The fetch job: one sync cycle (which scores after storing, unless <c>SolStake:Sync:ScoreAfterSync</c> is off).</summary>
    public const string Fetch = "fetch";

    /// <summary>The score job: one scoring run over the stored data.</summary>
    public const string Score = "score";

    /// <summary>Both, in the order status and verbs list them.</summary>
    public static IReadOnlyList<string> All { get; } = [Fetch, Score];
}

/// <summary>When fetch and score run: an interval or a cron expression each, or not at all.</summary>
/// <param name="Name">The preset's name (<c>test</c>, <c>production</c>, <c>custom</c>, <c>none</c>).</param>
/// <param name="Fetch">The fetch timing, or null.</param>
/// <param name="Score">The score timing, or null.</param>
public sealed record JobSchedule(string Name, JobTiming? Fetch, JobTiming? Score)
{
    /// <summary>Fetch every 30 s, score every 60 s: for trying things out and tests.</summary>
    public static JobSchedule Test { get; } = new("test", new JobTiming(TimeSpan.FromSeconds(30), null), new JobTiming(TimeSpan.FromSeconds(60), null));

    /// <summary>Fetch and score every 6 hours.</summary>
    public static JobSchedule Production { get; } = new("production", new JobTiming(TimeSpan.FromHours(6), null), new JobTiming(TimeSpan.FromHours(6), null));

    /// <summary>Nothing scheduled.</summary>
    public static JobSchedule None { get; } = new("none", null, null);

    /// <summary>The timing of <paramref name="job"/> (<c>fetch</c> or <c>score</c>).</summary>
    public JobTiming? For(string job) => job switch
    {
        JobNames.Fetch => Fetch,
        JobNames.Score => Score,
        _ => throw new ArgumentOutOfRangeException(nameof(job), job, "Unknown job."),
    };

    /// <summary>A preset by name: <c>test</c>, <c>production</c> or <c>none</c>.</summary>
    /// <exception cref="FormatException">Another name.</exception>
    public static JobSchedule Preset(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "test" => Test,
            "production" => Production,
            "none" or "" => None,
            _ => throw new FormatException($"Unknown schedule '{name}'; expected test, production, custom or none."),
        };
    }
}

/// <summary>A repeat interval or a cron expression (Quartz syntax, seconds first, UTC).</summary>
/// <param name="Interval">Every so often.</param>
/// <param name="Cron">A cron expression.</param>
public sealed record JobTiming(TimeSpan? Interval, string? Cron)
{
    /// <inheritdoc/>
    public override string ToString() => Cron is not null ? $"cron '{Cron}'" : $"every {Interval}";
}
