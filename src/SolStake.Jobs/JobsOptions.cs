using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using SolStake.Core.DependencyInjection;
using SolStake.Core.Jobs;

namespace SolStake.Jobs;

/// <summary>
/// The scheduled jobs: when they run, how they retry, how the scheduler polls. Bound from <c>SolStake:Jobs</c>. Where
/// the scheduler keeps its state follows the storage package: Quartz's clustered store in the same PostgreSQL
/// database (every instance on it shares the triggers, each firing runs on one instance, and a job whose instance
/// dies is recovered by another), in memory with SQLite.
/// </summary>
public sealed class JobsOptions
{
    /// <summary>The configuration section: <c>SolStake:Jobs</c>.</summary>
    public static readonly string SectionName = SolStakeConfiguration.Section("Jobs");

    /// <summary>
    /// The schedule a starting host applies: <c>test</c> (fetch every 30 s, score every 60 s), <c>production</c>
    /// (both every 6 h), <c>custom</c> (the intervals or cron expressions below), or <c>none</c>. Unset, the host
    /// applies nothing and keeps what the store holds (with PostgreSQL, what an operator applied through
    /// <see cref="IJobScheduler.ApplyScheduleAsync"/>); when nothing is stored it logs a warning saying so, and the
    /// jobs run only when triggered.
    /// </summary>
    public string? Schedule { get; set; }

    /// <summary>The fetch (sync) interval of the <c>custom</c> schedule.</summary>
    public TimeSpan? FetchInterval { get; set; }

    /// <summary>A Quartz cron expression for fetch (<c>custom</c>); wins over <see cref="FetchInterval"/>.</summary>
    public string? FetchCron { get; set; }

    /// <summary>The score interval of the <c>custom</c> schedule.</summary>
    public TimeSpan? ScoreInterval { get; set; }

    /// <summary>A Quartz cron expression for score (<c>custom</c>); wins over <see cref="ScoreInterval"/>.</summary>
    public string? ScoreCron { get; set; }

    /// <summary>Attempts per firing, the first included (default 3): a failed attempt is retried after <see cref="RetryDelay"/>, doubled each time.</summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The delay before the first retry (default 30 s); each further retry waits twice as long.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many jobs one instance runs at once (default 2). The same job never runs twice at once anywhere.</summary>
    [Range(1, 16)]
    public int MaxConcurrency { get; set; } = 2;

    /// <summary>
    /// Whether this host runs the scheduler (default true). Off, the jobs and <see cref="IJobScheduler"/> are
    /// registered but nothing fires here: for an operator tool that only reads the history or enqueues runs into the
    /// store the serving instances share.
    /// </summary>
    public bool RunScheduler { get; set; } = true;

    /// <summary>How often a clustered instance checks in (default 5 s); an instance silent for longer is considered dead and its jobs recovered.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:10:00")]
    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>This instance's id in the cluster; unset: host name plus a unique suffix.</summary>
    public string? InstanceId { get; set; }

    /// <summary>
    /// A trigger that fires later than this after its time (the scheduler was down, every thread busy, or the
    /// previous run of the job still going) has misfired (default 5 s): interval triggers then run once now and go
    /// on from there, cron triggers skip to their next time. Occurrences missed by less are run back to back, so
    /// keep it short: a fetch that is late needs one run, not one per missed interval.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often an idle scheduler looks in the store for triggers it was not told about (added by another
    /// instance or by the <c>queue</c> verbs; default 5 s).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether freshness counts in readiness: the host is degraded when the last successful fetch is older than two fetch intervals.</summary>
    public bool CheckFreshness { get; set; } = true;
}

[OptionsValidator]
internal sealed partial class JobsOptionsDataValidator : IValidateOptions<JobsOptions>;

internal sealed class JobsOptionsValidator : IValidateOptions<JobsOptions>
{
    public ValidateOptionsResult Validate(string? name, JobsOptions options)
    {
        try
        {
            _ = JobSchedules.From(options);
            return ValidateOptionsResult.Success;
        }
        catch (FormatException ex)
        {
            return ValidateOptionsResult.Fail(ex.Message);
        }
    }
}
