using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Quartz;
using SolStake.Core.Jobs;
using SolStake.Core.Storage;

namespace SolStake.Jobs;

/// <summary>The scheduler runs (is started, not in standby or shut down).</summary>
internal sealed class SchedulerHealthCheck(ISchedulerFactory schedulers, IOptions<JobsOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!options.Value.RunScheduler)
        {
            return HealthCheckResult.Healthy("This host does not run the scheduler (RunScheduler is off).");
        }

        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        var status = await scheduler.GetStatus(cancellationToken).ConfigureAwait(false);
        return status == SchedulerStatus.Running
            ? HealthCheckResult.Healthy($"Scheduler {scheduler.SchedulerInstanceId} is running.")
            : new HealthCheckResult(context.Registration.FailureStatus, $"Scheduler {scheduler.SchedulerInstanceId} is {status}.");
    }
}

/// <summary>
/// The data is fresh: the last successful fetch (on any instance) finished within two fetch intervals. Degraded,
/// not unhealthy, when it is older: the API still answers, with older data.
/// </summary>
internal sealed class FreshnessHealthCheck(IJobHistory history, ISchedulerFactory schedulers, IOptions<JobsOptions> options, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (FetchInterval(options.Value, time.GetUtcNow()) is not { } interval)
        {
            return HealthCheckResult.Healthy("No fetch schedule is configured here; freshness is not checked.");
        }

        var now = time.GetUtcNow();
        var allowed = interval * 2;
        DateTimeOffset? last;
        try
        {
            last = await history.LastSucceededAsync(JobNames.Fetch, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException ex)
        {
            return HealthCheckResult.Degraded("The job history could not be read.", ex);
        }

        var data = new Dictionary<string, object> { ["maxAgeSeconds"] = allowed.TotalSeconds };
        if (last is { } finished)
        {
            data["lastSuccessfulFetch"] = finished.ToString("O", CultureInfo.InvariantCulture);
            var age = now - finished;
            return age <= allowed
                ? HealthCheckResult.Healthy($"Last successful fetch {Describe(age)} ago.", data)
                : HealthCheckResult.Degraded($"Last successful fetch {Describe(age)} ago, more than two fetch intervals ({Describe(allowed)}).", data: data);
        }

        // Never fetched: fine while this instance's scheduler has been running for less than two intervals.
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        var runningSince = (await scheduler.GetMetadata(cancellationToken).ConfigureAwait(false)).RunningSince;
        return runningSince is { } since && now - since <= allowed
            ? HealthCheckResult.Healthy("No successful fetch yet; the first is due.", data)
            : HealthCheckResult.Degraded(runningSince is { } started
                ? $"No successful fetch in the {Describe(now - started)} since the scheduler started, more than two fetch intervals."
                : "No successful fetch recorded.", data: data);
    }

    /// <summary>The fetch interval: the configured interval, or for a cron expression the gap between its next two times.</summary>
    internal static TimeSpan? FetchInterval(JobsOptions options, DateTimeOffset now)
    {
        var timing = JobSchedules.From(options).Fetch;
        if (timing?.Interval is { } interval)
        {
            return interval;
        }

        if (timing?.Cron is { } cron)
        {
            var expression = new CronExpression(cron, TimeZoneInfo.Utc);
            if (expression.GetNextValidTimeAfter(now) is { } first && expression.GetNextValidTimeAfter(first) is { } second)
            {
                return second - first;
            }
        }

        return null;
    }

    private static string Describe(TimeSpan span) => span.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:0.#} h")
        : span.TotalMinutes >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0.#} min")
            : string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0} s");
}
