using System.Globalization;
using System.Text;
using SolStake.Core.Jobs;
using SolStake.Core.Storage;

namespace SolStake.Host.Verbs;

/// <summary>The plain-text tables <c>queue monitor</c> and <c>queue scheduler setup</c> print.</summary>
internal static class JobsTable
{
    public static string Render(JobsStatus status, DateTimeOffset now)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"SolStake jobs at {now:yyyy-MM-dd HH:mm:ss}Z, {(status.Persistent ? "PostgreSQL store (shared)" : "in-memory store")}\n\n");
        text.Append(Schedules(status, now));
        text.Append("\nScheduler instances\n");
        foreach (var node in status.Nodes)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"  {node.InstanceId,-40} {node.State,-10} {(node.LastCheckIn is { } c ? $"checked in {Ago(now - c)} ago" : "")}{(node.IsCurrent ? " (this process)" : "")}\n");
        }

        text.Append("\nRunning\n");
        if (status.Executing.Count == 0)
        {
            text.Append("  nothing\n");
        }

        foreach (var run in status.Executing)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"  {run.Job,-6} {Bar(run.Progress ?? 0)} {(run.Progress ?? 0) * 100,3:0}%  {run.Phase,-18} attempt {run.Attempt} on {run.Instance}, {Ago(now - run.StartedAt)}\n");
        }

        text.Append("\nRecent\n");
        text.Append(CultureInfo.InvariantCulture, $"  {"job",-6} {"status",-10} {"attempt",7} {"started",-20} {"duration",9}  details\n");
        foreach (var run in status.Recent)
        {
            var details = run.Status == JobRunStatus.Succeeded ? QueueVerb.Format(run.Counts) : run.Error ?? run.Phase ?? "";
            text.Append(CultureInfo.InvariantCulture,
                $"  {run.Job,-6} {run.Status.ToString().ToLowerInvariant(),-10} {run.Attempt,7} {run.StartedAt:yyyy-MM-dd HH:mm:ss} {(run.Duration is { } d ? $"{d.TotalSeconds:0.0} s" : "-"),9}  {details}\n");
        }

        text.Append("\nCounts\n");
        foreach (var group in status.Counts.GroupBy(c => c.Job))
        {
            text.Append(CultureInfo.InvariantCulture, $"  {group.Key,-6} {string.Join(", ", group.Select(c => $"{c.Status.ToString().ToLowerInvariant()} {c.Count}"))}\n");
        }

        return text.ToString();
    }

    public static string Schedules(JobsStatus status, DateTimeOffset now)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"  {"job",-6} {"schedule",-22} {"next fire (UTC)",-22} last success\n");
        foreach (var job in status.Jobs)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"  {job.Name,-6} {job.Timing?.ToString() ?? "on demand",-22} {(job.NextFireTime is { } n ? n.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "-"),-22} {(job.LastSucceededAt is { } l ? $"{Ago(now - l)} ago" : "never")}\n");
        }

        if (!status.Persistent)
        {
            text.Append("  (in-memory store: the serving process keeps its own schedule, from SolStake:Jobs:Schedule)\n");
        }

        return text.ToString();
    }

    /// <summary>A 20-character progress bar, <c>[#####...............]</c>.</summary>
    internal static string Bar(double fraction)
    {
        var filled = (int)Math.Round(Math.Clamp(fraction, 0, 1) * 20);
        return "[" + new string('#', filled) + new string('.', 20 - filled) + "]";
    }

    internal static string Ago(TimeSpan span)
    {
        span = span < TimeSpan.Zero ? TimeSpan.Zero : span;
        return span.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:0.#} h")
            : span.TotalMinutes >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0.#} min")
            : string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0} s");
    }
}
