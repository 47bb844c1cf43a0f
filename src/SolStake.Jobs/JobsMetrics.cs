using System.Diagnostics;
using System.Diagnostics.Metrics;
using SolStake.Core;

namespace SolStake.Jobs;

/// <summary>The jobs package's instruments, made by the host's <see cref="IMeterFactory"/>.</summary>
internal sealed class JobsMetrics
{
    private readonly Counter<long> _jobRuns;
    private readonly Counter<long> _jobFailures;
    private readonly Histogram<double> _jobDuration;

    public JobsMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(SolStakeTelemetry.Jobs);
        _jobRuns = meter.CreateCounter<long>("solstake.job.runs", "{run}", "Scheduled job executions, by job and outcome.");
        _jobFailures = meter.CreateCounter<long>("solstake.job.failures", "{run}", "Scheduled job executions that failed, by job.");
        _jobDuration = meter.CreateHistogram<double>("solstake.job.duration", "s", "Scheduled job execution time, by job.");
    }

    public void JobRun(string job, bool succeeded, TimeSpan elapsed)
    {
        var tags = new TagList { { "job", job } };
        _jobDuration.Record(elapsed.TotalSeconds, tags);
        if (!succeeded)
        {
            _jobFailures.Add(1, tags);
        }

        tags.Add("outcome", succeeded ? "succeeded" : "failed");
        _jobRuns.Add(1, tags);
    }
}
