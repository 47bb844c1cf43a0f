using System.CommandLine;
using System.Globalization;
using SolStake.Core.Domain;
using SolStake.Ingestion.Cli;
using SolStake.Storage;

namespace SolStake.Host.Verbs;

internal static class ImportCliVerb
{
    // Testnet began with warm-up epochs: the first normal epoch is 14, at slot 524,256.
    private static readonly EpochSchedule Testnet = new() { SlotsPerEpoch = 432_000, LeaderScheduleSlotOffset = 432_000, Warmup = true, FirstNormalEpoch = 14, FirstNormalSlot = 524_256 };

    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "'solana validators --output json' dumps, or folders of them.", Arity = ArgumentArity.OneOrMore };
        var cluster = new Option<string>("--cluster") { Description = "The cluster the dumps come from, for its epoch schedule: mainnet-beta or testnet.", DefaultValueFactory = _ => "mainnet-beta" };
        cluster.AcceptOnlyFromAmong("mainnet-beta", "testnet");
        var command = new Command("import-cli", "Import 'solana validators' JSON dumps as observations (history for scoring), in slot order, then exit.") { paths, cluster };
        command.SetAction((parse, cancellationToken) => VerbHost.RunAsync("import-cli", async (services, ct) =>
        {
            await services.GetRequiredService<IStorageMigrator>().MigrateAsync(ct).ConfigureAwait(false);
            var schedule = parse.GetValue(cluster) == "testnet" ? Testnet : EpochSchedule.MainnetBeta;
            ImportReport report;
            using (var display = new ProgressDisplay())
            {
                var progress = new InlineProgress<ImportProgress>(p => display.Show(
                    string.Create(CultureInfo.InvariantCulture, $"[{p.Index}/{p.Total}] {Path.GetFileName(p.File)}"),
                    (double)p.Index / p.Total,
                    string.Create(CultureInfo.InvariantCulture, $"epoch {p.Epoch}, {p.Validators} validators, {p.NewObservations} new observations")));
                report = await services.GetRequiredService<ICliSnapshotImporter>().ImportAsync(parse.GetValue(paths)!, schedule, progress, ct).ConfigureAwait(false);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Imported {report.Files} files covering epochs {string.Join(", ", report.Epochs)}: {report.NewObservations} new observations."));
            return HostCommandLine.Success;
        }, cancellationToken));
        return command;
    }
}
