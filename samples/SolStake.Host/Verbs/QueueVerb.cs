using System.CommandLine;
using System.Globalization;
using Quartz;
using SolStake.Core.Jobs;
using SolStake.Core.Storage;
using SolStake.Jobs;
using SolStake.Storage;
using JobRunStatus = SolStake.Core.Storage.JobRunStatus;

namespace SolStake.Host.Verbs;

/// <summary>
/// <c>queue add|monitor|scheduler</c>: the scheduled jobs from the command line. With PostgreSQL the verb works on
/// the store every serving instance shares (a job added here fires on one of them); with the in-memory store the
/// schedule lives in the serving process, so <c>add</c> runs the job in this process and <c>scheduler setup</c> is
/// refused.
/// </summary>
internal static class QueueVerb
{
    public static Command Create()
    {
        var queue = new Command("queue", "Run, watch and schedule the fetch and score jobs.");
        queue.Subcommands.Add(CreateAdd());
        queue.Subcommands.Add(CreateMonitor());
        queue.Subcommands.Add(CreateScheduler());
        return queue;
    }

    private static Command CreateAdd()
    {
        var job = new Argument<string>("job") { Description = "fetch or score." };
        job.AcceptOnlyFromAmong([.. JobNames.All]);
        var noWait = new Option<bool>("--no-wait") { Description = "Return once the job is queued (PostgreSQL store only), without waiting for it to finish." };
        var timeout = new Option<TimeSpan>("--timeout") { Description = "How long to wait for the job to finish (default 00:10:00).", DefaultValueFactory = _ => TimeSpan.FromMinutes(10) };
        var command = new Command("add", "Run a job now, through the scheduler; waits for it and exits 1 if it fails.") { job, noWait, timeout };
        command.SetAction((parse, cancellationToken) => VerbHost.RunAsync("queue add", async (services, ct) =>
        {
            await services.GetRequiredService<IStorageMigrator>().MigrateAsync(ct).ConfigureAwait(false);
            var scheduler = services.GetRequiredService<IJobScheduler>();
            IScheduler? local = null;
            if (!scheduler.IsPersistent)
            {
                // In memory the serving process's scheduler cannot be reached: this process runs the job itself.
                local = await services.GetRequiredService<ISchedulerFactory>().GetScheduler(ct).ConfigureAwait(false);
                await local.Start(ct).ConfigureAwait(false);
            }

            try
            {
                var trigger = await scheduler.TriggerNowAsync(parse.GetValue(job)!, ct).ConfigureAwait(false);
                Console.WriteLine($"Queued {parse.GetValue(job)} ({trigger}){(local is null ? "" : ", running it in this process (in-memory store)")}.");
                if (parse.GetValue(noWait) && local is null)
                {
                    return HostCommandLine.Success;
                }

                return await WaitAsync(services.GetRequiredService<IJobHistory>(), trigger, parse.GetValue(timeout), ct).ConfigureAwait(false);
            }
            finally
            {
                if (local is not null)
                {
                    await local.Shutdown(waitForJobsToComplete: true, CancellationToken.None).ConfigureAwait(false);
                }
            }
        }, cancellationToken));
        return command;
    }

    // Follows the firing's executions (retries included) in the job history until one succeeds or the last fails.
    private static async Task<int> WaitAsync(IJobHistory history, string trigger, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var progress = new ProgressDisplay();
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (DateTimeOffset.UtcNow < deadline)
        {
            var runs = (await history.ListAsync(job: null, status: null, limit: 50, cancellationToken).ConfigureAwait(false))
                .Where(r => r.Trigger == trigger).OrderBy(r => r.Attempt).ToList();
            if (runs.LastOrDefault() is { } run)
            {
                switch (run.Status)
                {
                    case JobRunStatus.Running:
                        progress.Show(run.Phase ?? "running", run.Progress ?? 0, $"attempt {run.Attempt} on {run.Instance}");
                        break;
                    case JobRunStatus.Succeeded:
                        progress.Done();
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"{run.Job} succeeded on {run.Instance} in {run.Duration?.TotalSeconds:0.0} s (attempt {run.Attempt}): {Format(run.Counts)}."));
                        return HostCommandLine.Success;
                    case JobRunStatus.Failed when run.WillRetry:
                        progress.Show("waiting to retry", 0, $"attempt {run.Attempt} failed: {run.Error}");
                        break;
                    default:
                        progress.Done();
                        await Console.Error.WriteLineAsync($"{run.Job} {run.Status.ToString().ToLowerInvariant()} after {run.Attempt} attempt(s): {run.Error}").ConfigureAwait(false);
                        return HostCommandLine.Failure;
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
        }

        progress.Done();
        await Console.Error.WriteLineAsync($"The job did not finish within {timeout} (is a host with the scheduler running on this database?).").ConfigureAwait(false);
        return HostCommandLine.Failure;
    }

    private static Command CreateMonitor()
    {
        var once = new Option<bool>("--once") { Description = "Print one snapshot and exit." };
        var interval = new Option<TimeSpan>("--interval") { Description = "How often the live table refreshes (default 00:00:02).", DefaultValueFactory = _ => TimeSpan.FromSeconds(2) };
        var count = new Option<int?>("--count") { Description = "Stop after this many snapshots (default: until Ctrl+C)." };
        var command = new Command("monitor", "A live table of the jobs: schedules, next fire times, running executions with progress, recent runs, counts. Ctrl+C ends it.") { once, interval, count };
        command.SetAction((parse, cancellationToken) => VerbHost.RunAsync("queue monitor", async (services, ct) =>
        {
            await services.GetRequiredService<IStorageMigrator>().MigrateAsync(ct).ConfigureAwait(false);
            var scheduler = services.GetRequiredService<IJobScheduler>();
            var live = !parse.GetValue(once);
            var left = parse.GetValue(count);
            while (true)
            {
                var status = await scheduler.GetStatusAsync(10, ct).ConfigureAwait(false);
                if (live && !Console.IsOutputRedirected)
                {
                    Console.Clear();
                }

                Console.Write(JobsTable.Render(status, DateTimeOffset.UtcNow));
                if (!live || --left <= 0)
                {
                    return HostCommandLine.Success;
                }

                try
                {
                    await Task.Delay(parse.GetValue(interval), ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return HostCommandLine.Success;
                }
            }
        }, cancellationToken));
        return command;
    }

    private static Command CreateScheduler()
    {
        var action = new Argument<string>("action") { Description = "test (fetch 30 s, score 60 s), production (6 h each), custom (the options below), remove (no schedule), or list." };
        action.AcceptOnlyFromAmong("test", "production", "custom", "remove", "list");
        var fetchInterval = new Option<TimeSpan?>("--fetch-interval") { Description = "custom: fetch every this long (for example 00:15:00)." };
        var fetchCron = new Option<string?>("--fetch-cron") { Description = "custom: fetch on this Quartz cron expression, in UTC (for example '0 0 */6 * * ?')." };
        var scoreInterval = new Option<TimeSpan?>("--score-interval") { Description = "custom: score every this long." };
        var scoreCron = new Option<string?>("--score-cron") { Description = "custom: score on this Quartz cron expression, in UTC." };
        var setup = new Command("setup", "Set the recurring schedule in the shared (PostgreSQL) store, remove it, or list it.")
        {
            action, fetchInterval, fetchCron, scoreInterval, scoreCron,
        };
        setup.SetAction((parse, cancellationToken) => VerbHost.RunAsync("queue scheduler setup", async (services, ct) =>
        {
            await services.GetRequiredService<IStorageMigrator>().MigrateAsync(ct).ConfigureAwait(false);
            var scheduler = services.GetRequiredService<IJobScheduler>();
            var chosen = parse.GetValue(action)!;
            if (chosen != "list")
            {
                if (!scheduler.IsPersistent)
                {
                    await Console.Error.WriteLineAsync(
                        "The in-memory scheduler keeps its schedule in the serving process; set SolStake:Jobs:Schedule (SolStake__Jobs__Schedule) for it, or store jobs in PostgreSQL (DATABASE_URL).")
                        .ConfigureAwait(false);
                    return HostCommandLine.Failure;
                }

                JobSchedule schedule;
                try
                {
                    schedule = chosen switch
                    {
                        "remove" => JobSchedule.None,
                        "custom" => JobSchedules.From(new JobsOptions
                        {
                            Schedule = "custom",
                            FetchInterval = parse.GetValue(fetchInterval),
                            FetchCron = parse.GetValue(fetchCron),
                            ScoreInterval = parse.GetValue(scoreInterval),
                            ScoreCron = parse.GetValue(scoreCron),
                        }),
                        _ => JobSchedule.Preset(chosen),
                    };
                }
                catch (FormatException ex)
                {
                    await Console.Error.WriteLineAsync($"queue scheduler setup failed: {ex.Message}").ConfigureAwait(false);
                    return HostCommandLine.UsageError;
                }

                await scheduler.ApplyScheduleAsync(schedule, ct).ConfigureAwait(false);
                Console.WriteLine(chosen == "remove" ? "Removed the recurring schedule; jobs run only when queued." : $"Applied the {chosen} schedule.");
            }

            var status = await scheduler.GetStatusAsync(1, ct).ConfigureAwait(false);
            Console.Write(JobsTable.Schedules(status, DateTimeOffset.UtcNow));
            return HostCommandLine.Success;
        }, cancellationToken));
        var scheduler = new Command("scheduler", "Manage the recurring schedule.");
        scheduler.Subcommands.Add(setup);
        return scheduler;
    }

    internal static string Format(IReadOnlyDictionary<string, long> counts) =>
        counts.Count == 0 ? "no counts" : string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {c.Value}")));
}
