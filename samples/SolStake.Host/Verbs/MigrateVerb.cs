using System.CommandLine;
using SolStake.Storage;

namespace SolStake.Host.Verbs;

internal static class MigrateVerb
{
    public static Command Create()
    {
        var command = new Command("migrate", "Apply pending database migrations, then exit.");
        command.SetAction((_, cancellationToken) => VerbHost.RunAsync("migrate", async (services, ct) =>
        {
            var applied = await services.GetRequiredService<IStorageMigrator>().MigrateAsync(ct).ConfigureAwait(false);
            Console.WriteLine(applied.Count == 0
                ? "The database schema is up to date."
                : $"Applied {applied.Count} migration(s): {string.Join(", ", applied)}.");
            return HostCommandLine.Success;
        }, cancellationToken));
        return command;
    }
}
