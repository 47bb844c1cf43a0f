using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SolStake.Core.Storage;
using SolStake.Storage.Model;

namespace SolStake.Storage;

internal sealed class EfJobHistory<TContext>(Database<TContext> database) : IJobHistory
    where TContext : SolStakeDbContext
{
    private const int MaxErrorLength = 4000;

    public async Task<long> StartAsync(JobRunStart start, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(start);
        return await database.RunAsync("recording a job start", async (context, ct) =>
        {
            var row = new JobRunEntity
            {
                Job = start.Job,
                Trigger = start.Trigger,
                FireId = start.FireId,
                Instance = start.Instance,
                Attempt = start.Attempt,
                Status = Name(JobRunStatus.Running),
                StartedAt = start.StartedAt,
                Phase = "starting",
                Counts = "{}",
            };
            context.JobRuns.Add(row);
            await context.SaveChangesAsync(ct).ConfigureAwait(false);
            return row.Id;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task ReportProgressAsync(long id, string phase, double? progress, CancellationToken cancellationToken = default) =>
        await database.RunAsync("recording job progress", (context, ct) =>
            context.JobRuns.Where(j => j.Id == id && j.Status == "running")
                .ExecuteUpdateAsync(u => u.SetProperty(j => j.Phase, phase).SetProperty(j => j.Progress, progress), ct), cancellationToken).ConfigureAwait(false);

    public async Task FinishAsync(long id, JobRunFinish finish, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(finish);
        if (finish.Status is not (JobRunStatus.Succeeded or JobRunStatus.Failed))
        {
            throw new ArgumentException("An execution finishes as succeeded or failed.", nameof(finish));
        }

        var counts = JsonSerializer.Serialize(finish.Counts.ToDictionary(), StorageJsonContext.Default.DictionaryStringInt64);
        var error = finish.Error is { Length: > MaxErrorLength } e ? e[..MaxErrorLength] : finish.Error;
        await database.RunAsync("recording a job's end", async (context, ct) =>
        {
            var row = await context.JobRuns.SingleOrDefaultAsync(j => j.Id == id, ct).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Job execution {id} is not recorded.");
            row.Status = Name(finish.Status);
            row.FinishedAt = finish.FinishedAt;
            row.DurationMs = (long)(finish.FinishedAt - row.StartedAt).TotalMilliseconds;
            row.Error = error;
            row.WillRetry = finish.WillRetry;
            row.Counts = counts;
            row.Phase = finish.Status == JobRunStatus.Succeeded ? "done" : row.Phase;
            row.Progress = finish.Status == JobRunStatus.Succeeded ? 1 : row.Progress;
            return await context.SaveChangesAsync(ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> AbandonRunningAsync(IReadOnlyCollection<string> liveInstances, string recoveredBy, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(liveInstances);
        var live = liveInstances.ToList();
        return await database.RunAsync("marking abandoned job executions", (context, ct) =>
            context.JobRuns.Where(j => j.Status == "running" && !live.Contains(j.Instance))
                .ExecuteUpdateAsync(u => u
                    .SetProperty(j => j.Status, "abandoned")
                    .SetProperty(j => j.FinishedAt, now)
                    .SetProperty(j => j.Error, "its scheduler instance stopped while it ran; the job was recovered by " + recoveredBy), ct),
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<JobRunRecord>> ListAsync(string? job, JobRunStatus? status, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var statusName = status is { } s ? Name(s) : null;
        return await database.RunAsync("reading the job history", async (context, ct) =>
        {
            var query = context.JobRuns.AsNoTracking();
            if (job is not null)
            {
                query = query.Where(j => j.Job == job);
            }

            if (statusName is not null)
            {
                query = query.Where(j => j.Status == statusName);
            }

            var rows = await query.OrderByDescending(j => j.StartedAt).ThenByDescending(j => j.Id).Take(limit).ToListAsync(ct).ConfigureAwait(false);
            return (IReadOnlyList<JobRunRecord>)rows.ConvertAll(ToRecord);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<JobRunCount>> CountAsync(CancellationToken cancellationToken = default) =>
        await database.RunAsync("counting job executions", async (context, ct) =>
        {
            var rows = await context.JobRuns.AsNoTracking()
                .GroupBy(j => new { j.Job, j.Status })
                .Select(g => new { g.Key.Job, g.Key.Status, Count = g.Count() })
                .ToListAsync(ct).ConfigureAwait(false);
            return (IReadOnlyList<JobRunCount>)rows.OrderBy(r => r.Job, StringComparer.Ordinal).ThenBy(r => r.Status, StringComparer.Ordinal)
                .Select(r => new JobRunCount(r.Job, Parse(r.Status), r.Count)).ToList();
        }, cancellationToken).ConfigureAwait(false);

    public async Task<DateTimeOffset?> LastSucceededAsync(string job, CancellationToken cancellationToken = default) =>
        await database.RunAsync("reading the last successful job execution", (context, ct) =>
            context.JobRuns.AsNoTracking().Where(j => j.Job == job && j.Status == "succeeded")
                .OrderByDescending(j => j.FinishedAt).Select(j => j.FinishedAt).FirstOrDefaultAsync(ct), cancellationToken).ConfigureAwait(false);

    private static JobRunRecord ToRecord(JobRunEntity j) => new()
    {
        Id = j.Id,
        Job = j.Job,
        Trigger = j.Trigger,
        FireId = j.FireId,
        Instance = j.Instance,
        Attempt = j.Attempt,
        Status = Parse(j.Status),
        StartedAt = j.StartedAt,
        FinishedAt = j.FinishedAt,
        Phase = j.Phase,
        Progress = j.Progress,
        Error = j.Error,
        WillRetry = j.WillRetry,
        Counts = JsonSerializer.Deserialize(j.Counts, StorageJsonContext.Default.DictionaryStringInt64) ?? [],
    };

    private static string Name(JobRunStatus status) => status switch
    {
        JobRunStatus.Running => "running",
        JobRunStatus.Succeeded => "succeeded",
        JobRunStatus.Failed => "failed",
        JobRunStatus.Abandoned => "abandoned",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    private static JobRunStatus Parse(string status) => status switch
    {
        "running" => JobRunStatus.Running,
        "succeeded" => JobRunStatus.Succeeded,
        "failed" => JobRunStatus.Failed,
        "abandoned" => JobRunStatus.Abandoned,
        _ => throw new InvalidOperationException($"Unknown job state '{status}' in job_runs."),
    };
}
