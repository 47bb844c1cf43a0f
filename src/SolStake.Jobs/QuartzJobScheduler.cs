using Microsoft.Extensions.Options;
using Quartz;
using SolStake.Core.Jobs;
using SolStake.Core.Storage;
using JobRunStatus = SolStake.Core.Storage.JobRunStatus;

namespace SolStake.Jobs;

internal sealed class QuartzJobScheduler(ISchedulerFactory schedulers, IJobHistory history, IOptions<JobsOptions> options, JobsRegistration registration, IEnumerable<IScoringRunner> scoring, TimeProvider time) : IJobScheduler
{
    public const string Group = "solstake";
    private const string ManualGroup = "solstake-manual";

    public bool IsPersistent => registration.Clustered;

    /// <summary>The score job exists only in a host that added scoring.</summary>
    private readonly bool _scores = scoring.Any();

    private IEnumerable<string> Jobs => _scores ? JobNames.All : JobNames.All.Where(static j => j != JobNames.Score);

    public static JobKey KeyOf(string job) => new(job, Group);

    private static TriggerKey ScheduleKey(string job) => new(job + "-schedule", Group);

    public async Task<string> TriggerNowAsync(string job, CancellationToken cancellationToken = default)
    {
        CheckJob(job);
        var scheduler = await EnsureJobsAsync(cancellationToken).ConfigureAwait(false);
        var key = new TriggerKey($"{job}-now-{Guid.NewGuid():N}", ManualGroup);
        var trigger = TriggerBuilder.Create()
            .WithIdentity(key)
            .ForJob(KeyOf(job))
            .WithDescription($"{job}, run now")
            .WithRetryPolicy(RetryPolicyFor(options.Value))
            .StartAt(time.GetUtcNow())
            .Build();
        await scheduler.ScheduleTrigger(trigger, TriggerConflict.Throw, cancellationToken).ConfigureAwait(false);
        return key.ToString();
    }

    public Task ApplyScheduleAsync(JobSchedule schedule, CancellationToken cancellationToken = default) =>
        ApplyScheduleAsync(schedule, startsHere: false, cancellationToken);

    /// <param name="schedule">The schedule.</param>
    /// <param name="startsHere">Whether this process's scheduler is about to start (the host's start-up), so it will see the triggers itself.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public async Task ApplyScheduleAsync(JobSchedule schedule, bool startsHere, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var scheduler = await EnsureJobsAsync(cancellationToken).ConfigureAwait(false);
        // A scheduler that runs, or is about to, sees its own new triggers. One that does not (a verb) writes to the
        // shared store, and the serving instances find the triggers at their next poll: starting the schedule one
        // poll later has them find it before it is due, instead of late and catching up.
        var start = startsHere || await scheduler.GetStatus(cancellationToken).ConfigureAwait(false) == SchedulerStatus.Running
            ? time.GetUtcNow()
            : time.GetUtcNow() + options.Value.PollInterval + TimeSpan.FromSeconds(1);
        foreach (var job in Jobs)
        {
            var key = ScheduleKey(job);
            var timing = schedule.For(job);
            var existing = await scheduler.GetTrigger(key, cancellationToken).ConfigureAwait(false);
            if (timing is null)
            {
                if (existing is not null)
                {
                    await scheduler.UnscheduleJob(key, cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            // A restart with the same schedule keeps the trigger, so a 6-hour fetch does not run at every restart.
            if (existing?.Description == timing.ToString())
            {
                continue;
            }

            var trigger = BuildTrigger(job, key, timing, start);
            await scheduler.ScheduleTrigger(trigger, TriggerConflict.Replace, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Whether any recurring schedule is stored (triggers only; no history is read).</summary>
    public async Task<bool> HasScheduleAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        foreach (var job in Jobs)
        {
            if (await scheduler.GetTrigger(ScheduleKey(job), cancellationToken).ConfigureAwait(false) is not null)
            {
                return true;
            }
        }

        return false;
    }

    public async Task<JobsStatus> GetStatusAsync(int recent = 10, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        var jobs = new List<ScheduledJob>();
        foreach (var job in Jobs)
        {
            var trigger = await scheduler.GetTrigger(ScheduleKey(job), cancellationToken).ConfigureAwait(false);
            var timing = trigger switch
            {
                ICronTrigger cron => new JobTiming(null, cron.CronExpressionString),
                ISimpleTrigger simple => new JobTiming(simple.RepeatInterval, null),
                _ => null,
            };
            var last = await history.LastSucceededAsync(job, cancellationToken).ConfigureAwait(false);
            jobs.Add(new ScheduledJob(job, timing, trigger?.NextFireTimeUtc, trigger?.PreviousFireTimeUtc, last));
        }

        var nodes = await scheduler.QueryClusterNodes(cancellationToken).ConfigureAwait(false);
        var executing = await history.ListAsync(job: null, JobRunStatus.Running, limit: 20, cancellationToken).ConfigureAwait(false);
        var recentRuns = await history.ListAsync(job: null, status: null, limit: Math.Max(1, recent), cancellationToken).ConfigureAwait(false);
        var counts = await history.CountAsync(cancellationToken).ConfigureAwait(false);
        return new JobsStatus(
            scheduler.SchedulerInstanceId,
            IsPersistent,
            scheduler.Status == SchedulerStatus.Running,
            jobs,
            nodes.Select(n => new SchedulerNode(n.InstanceId, n.State.ToString(), n.LastCheckInUtc, n.IsCurrentNode)).ToList(),
            executing,
            recentRuns,
            counts);
    }

    /// <summary>Adds the durable jobs (once; they request recovery, so a dead instance's firing runs again elsewhere).</summary>
    public async Task<IScheduler> EnsureJobsAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        List<IJobDetail> jobs = [JobBuilder.Create<FetchJob>().WithIdentity(KeyOf(JobNames.Fetch)).StoreDurably().RequestRecovery().Build()];
        if (_scores)
        {
            jobs.Add(JobBuilder.Create<ScoreJob>().WithIdentity(KeyOf(JobNames.Score)).StoreDurably().RequestRecovery().Build());
        }

        foreach (var job in jobs)
        {
            if (!await scheduler.Exists(job.Key, cancellationToken).ConfigureAwait(false))
            {
                await scheduler.AddJob(job, AddJobOptions.Replacing, cancellationToken).ConfigureAwait(false);
            }
        }

        return scheduler;
    }

    private ITrigger BuildTrigger(string job, TriggerKey key, JobTiming timing, DateTimeOffset start)
    {
        var builder = TriggerBuilder.Create()
            .WithIdentity(key)
            .ForJob(KeyOf(job))
            .WithDescription(timing.ToString())
            .WithRetryPolicy(RetryPolicyFor(options.Value))
            .StartAt(start);
        return timing.Cron is { } cron
            ? builder.WithCronSchedule(cron, c => c.InTimeZone(TimeZoneInfo.Utc).WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing)).Build()
            : builder.WithSimpleSchedule(s => s.WithInterval(timing.Interval!.Value).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithRemainingCount)).Build();
    }

    /// <summary>Attempts include the first, so <c>MaxAttempts = 3</c> is two retries, waiting the delay and then twice it.</summary>
    internal static RetryPolicy RetryPolicyFor(JobsOptions options) =>
        options.MaxAttempts > 1 ? RetryPolicy.Exponential(options.MaxAttempts - 1, options.RetryDelay, 2.0, null) : RetryPolicy.None;

    private void CheckJob(string job)
    {
        if (job == JobNames.Score && !_scores)
        {
            throw new ArgumentException("The score job needs scoring: this host did not call AddScoring() (SolStake.Scoring).", nameof(job));
        }

        if (!JobNames.All.Contains(job))
        {
            throw new ArgumentException($"Unknown job '{job}'; expected {string.Join(" or ", Jobs)}.", nameof(job));
        }
    }
}
