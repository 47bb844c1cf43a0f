using System.CommandLine;
using Quartz;
using SolStake.Core.Jobs;
using SolStake.Storage;

namespace SolStake.Host.Verbs;

internal static class MigrateVerb
{
    public static Command Create()
    {
        var command = new Command("migrate", "Apply pending database migrations (and, on PostgreSQL, create the job scheduler's tables), then exit.");
        command.SetAction((_, cancellationToken) => VerbHost.RunAsync("migrate", async (services, ct) =>
        {
            var applied = await services.GetRequiredService<IStorageMigrator>().MigrateAsync(ct).ConfigureAwait(false);
            Console.WriteLine(applied.Count == 0
                ? "The database schema is up to date."
                : $"Applied {applied.Count} migration(s): {string.Join(", ", applied)}.");
            if (services.GetRequiredService<IJobScheduler>().IsPersistent)
            {
                // Quartz creates what its store lacks when the scheduler is made: done here, instances starting
                // together on a new database do not race to create the qrtz_* tables.
                var scheduler = await services.GetRequiredService<ISchedulerFactory>().GetScheduler(ct).ConfigureAwait(false);
                Console.WriteLine($"The job scheduler's tables are in place (scheduler {scheduler.SchedulerName}).");
            }

            return HostCommandLine.Success;
        }, cancellationToken));
        return command;
    }
}
