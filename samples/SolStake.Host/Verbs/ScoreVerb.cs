using System.CommandLine;
using System.Globalization;
using SolStake.Core.Storage;
using SolStake.Storage;

namespace SolStake.Host.Verbs;

internal static class ScoreVerb
{
    public static Command Create()
    {
        var profile = new Option<string?>("--profile") { Description = "The scoring profile (Default, JitoCompatible, SfdpLike, Legacy, or a custom one); default: SolStake:Scoring:DefaultProfile." };
        var command = new Command("score", "Score every stored validator and store the run, then exit.") { profile };
        command.SetAction((parse, cancellationToken) => VerbHost.RunAsync("score", async (services, ct) =>
        {
            await services.GetRequiredService<IStorageMigrator>().MigrateAsync(ct).ConfigureAwait(false);
            var summary = await services.GetRequiredService<IScoringRunner>().RunAsync(parse.GetValue(profile), ct).ConfigureAwait(false);
            if (summary is null)
            {
                await Console.Error.WriteLineAsync("score failed: nothing to score; run sync or import-cli first.").ConfigureAwait(false);
                return HostCommandLine.Failure;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Scoring run {summary.RunId} ({summary.Profile}): {summary.Scored} validators scored, {summary.Eligible} eligible, {summary.Ineligible} ineligible, {summary.Unrated} unrated, in {summary.Duration.TotalMilliseconds:0} ms."));
            return HostCommandLine.Success;
        }, cancellationToken));
        return command;
    }
}
