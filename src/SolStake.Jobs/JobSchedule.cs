using Quartz;
using SolStake.Core.Jobs;

namespace SolStake.Jobs;

/// <summary>Reads and checks schedules (cron expressions are parsed by Quartz).</summary>
public static class JobSchedules
{
    /// <summary>The schedule <paramref name="options"/> describe.</summary>
    /// <exception cref="FormatException">An unknown preset, a bad interval or cron expression, or <c>custom</c> without any timing.</exception>
    public static JobSchedule From(JobsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.Equals(options.Schedule?.Trim(), "custom", StringComparison.OrdinalIgnoreCase))
        {
            return JobSchedule.Preset(options.Schedule ?? "none");
        }

        var fetch = Timing(options.FetchCron, options.FetchInterval, "FetchCron", "FetchInterval");
        var score = Timing(options.ScoreCron, options.ScoreInterval, "ScoreCron", "ScoreInterval");
        if (fetch is null && score is null)
        {
            throw new FormatException($"{JobsOptions.SectionName}:Schedule is custom but no FetchInterval, FetchCron, ScoreInterval or ScoreCron is set.");
        }

        return new JobSchedule("custom", fetch, score);
    }

    /// <summary>A timing from a cron expression (checked) or an interval (positive).</summary>
    /// <exception cref="FormatException">Neither is valid.</exception>
    public static JobTiming Check(JobTiming timing)
    {
        ArgumentNullException.ThrowIfNull(timing);
        if (timing.Cron is { } cron)
        {
            return CronExpression.TryParse(cron, out _)
                ? timing
                : throw new FormatException($"'{cron}' is not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week, for example '0 0 */6 * * ?').");
        }

        return timing.Interval is { } i && i > TimeSpan.Zero ? timing : throw new FormatException("A job interval must be positive.");
    }

    private static JobTiming? Timing(string? cron, TimeSpan? interval, string cronName, string intervalName)
    {
        if (string.IsNullOrWhiteSpace(cron) && interval is null)
        {
            return null;
        }

        try
        {
            return Check(string.IsNullOrWhiteSpace(cron) ? new JobTiming(interval, null) : new JobTiming(null, cron));
        }
        catch (FormatException ex)
        {
            throw new FormatException($"{JobsOptions.SectionName}:{(string.IsNullOrWhiteSpace(cron) ? intervalName : cronName)}: {ex.Message}", ex);
        }
    }
}
