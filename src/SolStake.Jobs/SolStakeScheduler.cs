using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace SolStake.Jobs;

/// <summary>The Quartz scheduler SolStake's jobs run on.</summary>
public static class SolStakeScheduler
{
    /// <summary>The Quartz scheduler name every SolStake instance shares, so that instances on one database form one cluster.</summary>
    public const string Name = "SolStake";

    internal static void Apply(QuartzOptions quartz, JobsOptions options)
    {
        var properties = quartz.Properties;
        // Readable in the job history and unique per process (clustering requires it); Quartz's own generator
        // names every in-memory instance NON_CLUSTERED.
        properties["quartz.scheduler.instanceId"] = options.InstanceId ?? $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
        properties["quartz.scheduler.idleWaitTime"] = Milliseconds(options.PollInterval);
        properties["quartz.threadPool.maxConcurrency"] = options.MaxConcurrency.ToString(CultureInfo.InvariantCulture);
        properties["quartz.jobStore.misfireThreshold"] = Milliseconds(options.MisfireThreshold);
        properties["quartz.jobStore.clusterCheckinInterval"] = Milliseconds(options.ClusterCheckinInterval);
    }

    private static string Milliseconds(TimeSpan value) => ((long)value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
}

/// <summary>Which store the scheduler uses, decided by the storage package added before the jobs.</summary>
internal sealed record JobStoreKind(bool Clustered);

/// <summary>
/// Starts the scheduler with the host when <see cref="JobsOptions.RunScheduler"/> is on: adds the jobs, applies the
/// configured schedule (before anything fires), then starts; stops it with the host, waiting for running jobs.
/// Written instead of Quartz's hosted service because whether to run is an option read at start, not a registration.
/// </summary>
internal sealed partial class SchedulerService(
    QuartzJobScheduler jobs, ISchedulerFactory schedulers, JobStoreKind store, IOptions<JobsOptions> options, ILogger<SchedulerService> logger) : IHostedService
{
    private IScheduler? _running;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.RunScheduler)
        {
            return;
        }

        var scheduler = await jobs.EnsureJobsAsync(cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrWhiteSpace(options.Value.Schedule))
        {
            // Set: this host's configuration wins over what the store holds.
            await jobs.ApplyScheduleAsync(JobSchedules.From(options.Value), startsHere: true, cancellationToken).ConfigureAwait(false);
        }
        else if (!store.Clustered)
        {
            // Unset with an in-memory store would schedule nothing, ever: run the production schedule and say so.
            Log.DefaultSchedule(logger, JobsOptions.SectionName);
            await jobs.ApplyScheduleAsync(SolStake.Core.Jobs.JobSchedule.Production, startsHere: true, cancellationToken).ConfigureAwait(false);
        }
        else if ((await jobs.GetStatusAsync(recent: 1, cancellationToken).ConfigureAwait(false)).Jobs.All(static j => j.Timing is null))
        {
            // Unset with the shared store keeps what the store holds (the queue verbs manage it); here that is nothing.
            Log.NothingScheduled(logger, JobsOptions.SectionName);
        }

        await scheduler.Start(cancellationToken).ConfigureAwait(false);
        _running = scheduler;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_running is { } scheduler)
        {
            await scheduler.Shutdown(waitForJobsToComplete: true, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // Registered but not run here (a verb): release its resources with the host.
            var idle = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
            await idle.Shutdown(waitForJobsToComplete: false, cancellationToken).ConfigureAwait(false);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "{Section}:Schedule is not set: the in-memory scheduler runs the production schedule (fetch and score every 6 hours). Set it to production, test, custom or none.")]
        public static partial void DefaultSchedule(ILogger logger, string section);

        [LoggerMessage(EventId = 4011, Level = LogLevel.Warning, Message = "{Section}:Schedule is not set and the shared job store holds no schedule: no job will run until one is set (the setting, or the host's 'queue scheduler setup' verb).")]
        public static partial void NothingScheduled(ILogger logger, string section);
    }
}
