using System.CommandLine;
using System.Globalization;
using SolStake.Ingestion.Sync;
using SolStake.Storage;

namespace SolStake.Host.Verbs;

internal static class SyncVerb
{
    public static Command Create()
    {
        var command = new Command("sync", "Run one ingestion cycle (vote accounts, epoch info, and what else is due; then scoring), then exit.");
        command.SetAction((_, cancellationToken) => VerbHost.RunAsync("sync", async (services, ct) =>
        {
            await services.GetRequiredService<IStorageMigrator>().MigrateAsync(ct).ConfigureAwait(false);
            SyncReport report;
            using (var display = new ProgressDisplay())
            {
                report = await services.GetRequiredService<IValidatorSync>()
                    .RunOnceAsync(new InlineProgress<SyncProgress>(p => display.Show(p.Phase, p.Fraction)), ct).ConfigureAwait(false);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Synced {report.Stored} validators ({report.Current} current, {report.Delinquent} delinquent) in epoch {report.Epoch} in {report.Duration.TotalMilliseconds:0} ms."));
            if (report.ScoringRunId is { } run)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Scored in scoring run {run}."));
            }

            foreach (var warning in report.Warnings)
            {
                Console.WriteLine($"warning: {warning}");
            }

            return HostCommandLine.Success;
        }, cancellationToken));
        return command;
    }
}
