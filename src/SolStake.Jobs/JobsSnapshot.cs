using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SolStake.Core;
using SolStake.Core.Jobs;
using SolStake.Core.Storage;

namespace SolStake.Jobs;

/// <summary>
/// The scheduler's status as gauges (next fire time and last success per job, executions running now and recorded
/// per outcome, cluster-wide from the job history), refreshed in the background every <see cref="RefreshInterval"/>:
/// a scrape reads memory and never waits on the scheduler's store.
/// </summary>
internal sealed partial class JobsSnapshot : BackgroundService
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(15);
    private readonly IJobScheduler _scheduler;
    private readonly ILogger<JobsSnapshot> _logger;
    private JobsStatus? _status;

    public JobsSnapshot(IJobScheduler scheduler, IMeterFactory meters, ILogger<JobsSnapshot> logger)
    {
        _scheduler = scheduler;
        _logger = logger;
        var meter = meters.Create(SolStakeTelemetry.Jobs);
        meter.CreateObservableGauge("solstake.job.next_fire_time", () => Jobs(j => j.NextFireTime), "s", "When each job fires next (Unix time), if scheduled.");
        meter.CreateObservableGauge("solstake.job.last_success_time", () => Jobs(j => j.LastSucceededAt), "s", "When each job last succeeded (Unix time), on any instance.");
        meter.CreateObservableGauge("solstake.job.executing", () => JobNames.All.Select(job => new Measurement<long>(
                _status?.Executing.Count(r => r.Job == job) ?? 0, new KeyValuePair<string, object?>("job", job))),
            "{execution}", "Executions running now, on any instance.");
        meter.CreateObservableGauge("solstake.job.executions", () => (_status?.Counts ?? []).Select(c => new Measurement<long>(c.Count,
                new KeyValuePair<string, object?>("job", c.Job), new KeyValuePair<string, object?>("status", c.Status.ToString().ToLowerInvariant()))),
            "{execution}", "Executions in the job history (shared by every instance) by job and outcome.");
    }

    private IEnumerable<Measurement<double>> Jobs(Func<ScheduledJob, DateTimeOffset?> time) =>
        (_status?.Jobs ?? []).Where(j => time(j) is not null)
            .Select(j => new Measurement<double>(time(j)!.Value.ToUnixTimeMilliseconds() / 1000.0, new KeyValuePair<string, object?>("job", j.Name)));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RefreshInterval);
        do
        {
            try
            {
                _status = await _scheduler.GetStatusAsync(1, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is StorageException or Quartz.SchedulerException)
            {
                // Keep the last status; readiness reports the database and the scheduler.
                Log.RefreshFailed(_logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "The jobs' metrics could not be refreshed")]
        public static partial void RefreshFailed(ILogger logger, Exception exception);
    }
}
