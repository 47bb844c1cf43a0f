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
}

/// <summary>
/// What <c>AddJobs</c> decided once: the options (configuration, then each call's callback) and whether the store is
/// Quartz's clustered one (the storage package added before is PostgreSQL).
/// </summary>
internal sealed record JobsRegistration(JobsOptions Options, bool Clustered)
{
    public void CopyTo(JobsOptions target)
    {
        foreach (var property in typeof(JobsOptions).GetProperties())
        {
            if (property.CanWrite)
            {
                property.SetValue(target, property.GetValue(Options));
            }
        }
    }
}

/// <summary>
/// Starts the scheduler with the host when <see cref="JobsOptions.RunScheduler"/> is on: adds the jobs, applies the
/// configured schedule (before anything fires), then starts; stops it with the host, waiting for running jobs.
/// Written instead of Quartz's hosted service because whether to run is an option read at start, not a registration.
/// </summary>
internal sealed partial class SchedulerService(
    QuartzJobScheduler jobs, ISchedulerFactory schedulers, IOptions<JobsOptions> options, ILogger<SchedulerService> logger,
    SolStake.Core.Storage.IStorageStartup? storage = null) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private IScheduler? _running;
    private Task? _waiting;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.RunScheduler)
        {
            return;
        }

        if (storage is { IsComplete: false })
        {
            // The database did not answer at start: the scheduler (its store and the job history are there) starts
            // once the storage is prepared, and the host serves meanwhile.
            _waiting = StartWhenStorageIsReadyAsync(storage, _stopping.Token);
            return;
        }

        await StartSchedulerAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task StartWhenStorageIsReadyAsync(SolStake.Core.Storage.IStorageStartup startup, CancellationToken stopping)
    {
        try
        {
            await startup.WhenCompleteAsync(stopping).ConfigureAwait(false);
            await StartSchedulerAsync(stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Log.StartFailed(logger, ex);
        }
    }

    private async Task StartSchedulerAsync(CancellationToken cancellationToken)
    {
        var scheduler = await jobs.EnsureJobsAsync(cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrWhiteSpace(options.Value.Schedule))
        {
            // Set: this host's configuration wins over what the store holds.
            await jobs.ApplyScheduleAsync(JobSchedules.From(options.Value), startsHere: true, cancellationToken).ConfigureAwait(false);
        }
        else if (!await jobs.HasScheduleAsync(cancellationToken).ConfigureAwait(false))
        {
            // Unset keeps what the store holds (the shared store: what an operator set); here that is nothing, so say
            // so: the jobs run only when triggered.
            Log.NothingScheduled(logger, JobsOptions.SectionName);
        }

        await scheduler.Start(cancellationToken).ConfigureAwait(false);
        _running = scheduler;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_waiting is { } waiting)
        {
            await waiting.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

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
        [LoggerMessage(EventId = 4011, Level = LogLevel.Warning, Message = "{Section}:Schedule is not set and no schedule is stored: the jobs run only when triggered (IJobScheduler.TriggerNowAsync). Set it to production (every 6 hours), test, custom or none, or apply one with IJobScheduler.ApplyScheduleAsync.")]
        public static partial void NothingScheduled(ILogger logger, string section);

        [LoggerMessage(EventId = 4012, Level = LogLevel.Error, Message = "The scheduler did not start after the storage was prepared; no job runs on this instance")]
        public static partial void StartFailed(ILogger logger, Exception exception);
    }

    public void Dispose() => _stopping.Dispose();
}
