using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using SolStake.Core.Jobs;
using SolStake.Core.Storage;
using JobRunStatus = SolStake.Core.Storage.JobRunStatus;

namespace SolStake.Jobs;

/// <summary>What a job reports while and after it runs.</summary>
internal interface IJobProgress
{
    /// <summary>Says which phase the job is in and how far it has got (0 to 1).</summary>
    void Report(string phase, double fraction);
}

/// <summary>
/// What every scheduled job does around its work: a row in the job history (start, progress, end, counts; Quartz's
/// own execution history is per process with the in-memory store, and keeps neither counts nor live progress, so
/// the verbs and the API read ours), progress also to Quartz (which shows it cluster-wide), a failure written to the
/// audit log, metrics, a log scope, and on a firing recovered from a dead instance, the dead instance's leftovers
/// marked. Retries are Quartz's: the trigger's <see cref="RetryPolicy"/> re-fires a failed firing with backoff,
/// which is why a failure is rethrown as <see cref="JobExecutionException"/>.
/// </summary>
internal abstract partial class RecordedJob(IJobHistory history, IAuditLog audit, IScoringStore? scoring, JobsMetrics metrics, TimeProvider time, ILogger logger) : IJob
{
    protected abstract string Name { get; }

    /// <summary>Does the work and returns the counts to record.</summary>
    protected abstract Task<IReadOnlyDictionary<string, long>> RunAsync(IJobProgress progress, CancellationToken cancellationToken);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var instance = context.Scheduler.SchedulerInstanceId;
        var attempt = context.RetryAttempt + 1;
        using var scope = Log.Scope(logger, Name, context.FireInstanceId, attempt);
        var startedAt = time.GetUtcNow();
        var started = time.GetTimestamp();
        if (context.Recovering)
        {
            await RecoverAsync(context.Scheduler, instance, startedAt, cancellationToken).ConfigureAwait(false);
        }

        var id = await history.StartAsync(new JobRunStart(Name, context.Trigger.Key.ToString(), context.FireInstanceId, instance, attempt, startedAt), cancellationToken).ConfigureAwait(false);
        Log.Started(logger, Name, context.FireInstanceId, attempt, instance);
        var progress = new Progress(context, history, id, logger, Name);
        try
        {
            var counts = await RunAsync(progress, cancellationToken).ConfigureAwait(false);
            await progress.FlushAsync().ConfigureAwait(false);
            var elapsed = time.GetElapsedTime(started);
            await history.FinishAsync(id, new JobRunFinish(JobRunStatus.Succeeded, time.GetUtcNow(), null, false, counts), CancellationToken.None).ConfigureAwait(false);
            metrics.JobRun(Name, succeeded: true, elapsed);
            Log.Succeeded(logger, Name, context.FireInstanceId, elapsed.TotalMilliseconds, string.Join(", ", counts.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key}={c.Value}"))));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The scheduler is shutting down and did not wait: the execution ends here, and says so.
            await progress.FlushAsync().ConfigureAwait(false);
            await RecordFailureAsync(id, context, attempt, willRetry: false, new OperationCanceledException("cancelled: the scheduler shut down while it ran")).ConfigureAwait(false);
            throw;
        }
        catch (Exception ex)
        {
            await progress.FlushAsync().ConfigureAwait(false);
            var elapsed = time.GetElapsedTime(started);
            var willRetry = context.RetryPolicy is { MaxAttempts: > 0 } policy && context.RetryAttempt < policy.MaxAttempts;
            metrics.JobRun(Name, succeeded: false, elapsed);
            Log.Failed(logger, ex, Name, context.FireInstanceId, attempt, willRetry);
            await RecordFailureAsync(id, context, attempt, willRetry, ex).ConfigureAwait(false);
            throw new JobExecutionException($"{Name} failed: {ex.Message}", ex);
        }
    }

    // A firing recovered from a dead instance: its execution never finished, and the scoring run it may have opened
    // was left running. Executions of instances no longer checking in are marked abandoned (a live instance's are
    // left alone). With no other execution running anywhere, a running scoring run can only be a dead instance's,
    // and is marked failed now. Otherwise it may be the running one's: it is left to housekeeping, which marks runs
    // failed once they are older than any run takes.
    private async Task RecoverAsync(IScheduler scheduler, string instance, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var nodes = await scheduler.QueryClusterNodes(cancellationToken).ConfigureAwait(false);
        var live = nodes.Where(n => n.IsCurrentNode || n.State != ClusterNodeState.Failed).Select(n => n.InstanceId).ToList();
        var abandoned = await history.AbandonRunningAsync(live, instance, now, cancellationToken).ConfigureAwait(false);

        var stillRunning = await history.ListAsync(job: null, JobRunStatus.Running, limit: 1, cancellationToken).ConfigureAwait(false);
        var failedRuns = 0;
        if (scoring is not null && stillRunning.Count == 0)
        {
            failedRuns = await scoring.FailAbandonedRunsAsync(now, now, cancellationToken).ConfigureAwait(false);
        }

        Log.Recovered(logger, Name, abandoned, failedRuns);
    }

    private async Task RecordFailureAsync(long id, IJobExecutionContext context, int attempt, bool willRetry, Exception failure)
    {
        try
        {
            await history.FinishAsync(id, new JobRunFinish(JobRunStatus.Failed, time.GetUtcNow(), failure.Message, willRetry, new Dictionary<string, long>()), CancellationToken.None).ConfigureAwait(false);
            await audit.WriteAsync("job.failed", "system", new Dictionary<string, string?>
            {
                ["job"] = Name,
                ["fireId"] = context.FireInstanceId,
                ["instance"] = context.Scheduler.SchedulerInstanceId,
                ["attempt"] = attempt.ToString(CultureInfo.InvariantCulture),
                ["willRetry"] = willRetry ? "true" : "false",
                ["error"] = failure.Message,
            }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (StorageException ex)
        {
            // The database may be what failed; the job's own error is the one Quartz gets.
            Log.HistoryFailed(logger, ex, Name);
        }
    }

    /// <summary>
    /// Progress goes to Quartz at once (it buffers) and to the history row in order, one write at a time: a job
    /// never waits on it, and a phase is dropped only when a newer one replaces it before it was written.
    /// </summary>
    private sealed class Progress(IJobExecutionContext context, IJobHistory history, long id, ILogger logger, string job) : IJobProgress
    {
        private readonly Lock _gate = new();
        private (string Phase, double Fraction)? _pending;
        private Task _writing = Task.CompletedTask;

        public void Report(string phase, double fraction)
        {
            context.ReportProgress((int)Math.Round(Math.Clamp(fraction, 0, 1) * 100), phase);
            Log.Progress(logger, job, phase, fraction);
            lock (_gate)
            {
                var idle = _pending is null;
                _pending = (phase, fraction);
                if (idle)
                {
                    _writing = _writing.ContinueWith(_ => WriteAsync(), TaskScheduler.Default).Unwrap();
                }
            }
        }

        public Task FlushAsync()
        {
            lock (_gate)
            {
                return _writing;
            }
        }

        private async Task WriteAsync()
        {
            (string Phase, double Fraction) next;
            lock (_gate)
            {
                next = _pending!.Value;
                _pending = null;
            }

            try
            {
                await history.ReportProgressAsync(id, next.Phase, next.Fraction).ConfigureAwait(false);
            }
            catch (StorageException ex)
            {
                Log.HistoryFailed(logger, ex, job);
            }
        }
    }

    private static partial class Log
    {
        public static readonly Func<ILogger, string, string, int, IDisposable?> Scope = LoggerMessage.DefineScope<string, string, int>("Job {Job}, fire {FireId}, attempt {Attempt}");

        [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Job {Job} started (fire {FireId}, attempt {Attempt}, instance {Instance})")]
        public static partial void Started(ILogger logger, string job, string fireId, int attempt, string instance);

        [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Job {Job} succeeded (fire {FireId}) in {ElapsedMs:0} ms: {Counts}")]
        public static partial void Succeeded(ILogger logger, string job, string fireId, double elapsedMs, string counts);

        [LoggerMessage(EventId = 4003, Level = LogLevel.Error, Message = "Job {Job} failed (fire {FireId}, attempt {Attempt}, retry planned: {WillRetry})")]
        public static partial void Failed(ILogger logger, Exception exception, string job, string fireId, int attempt, bool willRetry);

        [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "Job {Job} phase {Phase} ({Progress:P0})")]
        public static partial void Progress(ILogger logger, string job, string phase, double progress);

        [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "Job {Job} was recovered from a dead instance: {Abandoned} executions marked abandoned, {FailedRuns} scoring runs marked failed")]
        public static partial void Recovered(ILogger logger, string job, int abandoned, int failedRuns);

        [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "Job {Job}: the job history could not be written")]
        public static partial void HistoryFailed(ILogger logger, Exception exception, string job);
    }
}

/// <summary>The fetch job: one sync cycle.</summary>
[DisallowConcurrentExecution]
internal sealed class FetchJob(SolStake.Ingestion.Sync.IValidatorSync sync, IJobHistory history, IAuditLog audit, IScoringStore? scoring, JobsMetrics metrics, TimeProvider time, ILogger<FetchJob> logger)
    : RecordedJob(history, audit, scoring, metrics, time, logger)
{
    protected override string Name => JobNames.Fetch;

    protected override async Task<IReadOnlyDictionary<string, long>> RunAsync(IJobProgress progress, CancellationToken cancellationToken)
    {
        var report = await sync.RunOnceAsync(new InlineProgress(progress), cancellationToken).ConfigureAwait(false);
        var counts = new Dictionary<string, long>
        {
            ["epoch"] = (long)report.Epoch,
            ["validators"] = report.Stored,
            ["current"] = report.Current,
            ["delinquent"] = report.Delinquent,
            ["warnings"] = report.Warnings.Count,
        };
        if (report.ScoringRunId is { } run)
        {
            counts["scoringRun"] = run;
        }

        return counts;
    }

    // Progress<T> would post to the thread pool and reorder phases; the reporter is thread-safe and cheap.
    private sealed class InlineProgress(IJobProgress progress) : IProgress<SolStake.Ingestion.Sync.SyncProgress>
    {
        public void Report(SolStake.Ingestion.Sync.SyncProgress value) => progress.Report(value.Phase, value.Fraction);
    }
}

/// <summary>The score job: one scoring run.</summary>
[DisallowConcurrentExecution]
internal sealed class ScoreJob(IScoringRunner runner, IJobHistory history, IAuditLog audit, IScoringStore? scoring, JobsMetrics metrics, TimeProvider time, ILogger<ScoreJob> logger)
    : RecordedJob(history, audit, scoring, metrics, time, logger)
{
    protected override string Name => JobNames.Score;

    protected override async Task<IReadOnlyDictionary<string, long>> RunAsync(IJobProgress progress, CancellationToken cancellationToken)
    {
        progress.Report("scoring", 0);
        var summary = await runner.RunAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        return summary is null
            ? new Dictionary<string, long> { ["scored"] = 0 }
            : new Dictionary<string, long>
            {
                ["scoringRun"] = summary.RunId,
                ["scored"] = summary.Scored,
                ["eligible"] = summary.Eligible,
                ["ineligible"] = summary.Ineligible,
                ["unrated"] = summary.Unrated,
            };
    }
}
