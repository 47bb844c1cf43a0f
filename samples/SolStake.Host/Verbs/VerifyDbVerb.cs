using System.CommandLine;
using SolStake.Storage;

namespace SolStake.Host.Verbs;

internal static class VerifyDbVerb
{
    public static Command Create()
    {
        var command = new Command("verify-db", "Check the database's integrity (orphans, duplicate keys, run counts, stuck runs, missing scores); exit 1 when anything is wrong.");
        command.SetAction((_, cancellationToken) => VerbHost.RunAsync("verify-db", async (services, ct) =>
        {
            await services.GetRequiredService<IStorageMigrator>().MigrateAsync(ct).ConfigureAwait(false);
            var report = await services.GetRequiredService<IStorageVerifier>().VerifyAsync(ct).ConfigureAwait(false);
            foreach (var check in report.Checks)
            {
                Console.WriteLine($"{(check.Problems == 0 ? "ok  " : "FAIL")}  {check.Name}{(check.Problems == 0 ? "" : $": {check.Problems}")}");
                foreach (var example in check.Examples)
                {
                    Console.WriteLine($"        {example}");
                }
            }

            Console.WriteLine(report.IsSound ? "The database is sound." : "The database has problems.");
            return report.IsSound ? HostCommandLine.Success : HostCommandLine.Failure;
        }, cancellationToken));
        return command;
    }
}
