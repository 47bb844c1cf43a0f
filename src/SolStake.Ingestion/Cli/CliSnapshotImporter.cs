using Microsoft.Extensions.Logging;
using SolStake.Core.Domain;
using SolStake.Core.Storage;

namespace SolStake.Ingestion.Cli;

/// <summary>Imports <c>solana validators</c> JSON dumps as observations, to backfill history.</summary>
public interface ICliSnapshotImporter
{
    /// <summary>
    /// Imports every dump in <paramref name="paths"/> (files, or folders of <c>*.json</c> files), in the order of the
    /// slots they were taken at. Each dump becomes an observation: per-epoch credits, commission, stake and
    /// delinquency; gossip versions come from the newest dump; skip rates become estimated block production.
    /// Importing the same dumps again adds nothing.
    /// </summary>
    /// <exception cref="FormatException">A file is not a <c>solana validators</c> dump; nothing after it is imported.</exception>
    Task<ImportReport> ImportAsync(IReadOnlyList<string> paths, EpochSchedule schedule, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default);
}

/// <summary>Progress of an import: one report per file.</summary>
/// <param name="File">The file just imported.</param>
/// <param name="Index">Its position (1-based).</param>
/// <param name="Total">How many files.</param>
/// <param name="Epoch">The epoch it was taken in.</param>
/// <param name="Validators">Validators in it.</param>
/// <param name="NewObservations">Observations it added (0 when imported before).</param>
public sealed record ImportProgress(string File, int Index, int Total, ulong Epoch, int Validators, int NewObservations);

/// <summary>What an import did.</summary>
/// <param name="Files">Files imported.</param>
/// <param name="Epochs">Distinct epochs covered.</param>
/// <param name="NewObservations">Observations added.</param>
public sealed record ImportReport(int Files, IReadOnlyList<ulong> Epochs, int NewObservations);

internal sealed partial class CliSnapshotImporter(IValidatorStore store, TimeProvider time, ILogger<CliSnapshotImporter> logger) : ICliSnapshotImporter
{
    public async Task<ImportReport> ImportAsync(IReadOnlyList<string> paths, EpochSchedule schedule, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(schedule);
        var files = paths.SelectMany(Expand).Distinct(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new FileNotFoundException($"No JSON files found in {string.Join(", ", paths)}.");
        }

        var snapshots = new List<(string File, ValidatorsSnapshot Snapshot)>(files.Count);
        foreach (var file in files)
        {
            snapshots.Add((file, await ValidatorsSnapshotReader.ReadFileAsync(file, cancellationToken).ConfigureAwait(false)));
        }

        snapshots.Sort((a, b) => a.Snapshot.EstimatedSlot.CompareTo(b.Snapshot.EstimatedSlot));
        var epochs = new SortedSet<ulong>();
        var added = 0;
        for (var i = 0; i < snapshots.Count; i++)
        {
            var (file, snapshot) = snapshots[i];
            var slot = snapshot.EstimatedSlot;
            var (epoch, slotIndex) = schedule.EpochOf(slot);
            var slotsInEpoch = epoch < schedule.FirstNormalEpoch ? 32UL << (int)epoch : schedule.SlotsPerEpoch;
            var now = time.GetUtcNow();
            var written = await store.RecordObservationAsync(new ClusterObservation
            {
                ObservedAt = now,
                Epoch = epoch,
                Slot = slot,
                SlotIndex = slotIndex,
                SlotsInEpoch = slotsInEpoch,
                VoteAccounts = [.. snapshot.Validators.Select(v => ToVoteAccount(v, epoch))],
            }, cancellationToken).ConfigureAwait(false);

            if (EstimateBlockProduction(snapshot, slot - slotIndex, slot) is { } production)
            {
                // Estimates only: the epoch is not marked as fetched, so a sync can still store the real counts.
                await store.RecordBlockProductionAsync(epoch, production, now, complete: false, cancellationToken).ConfigureAwait(false);
            }

            epochs.Add(epoch);
            added += written.NewObservations;
            progress?.Report(new ImportProgress(file, i + 1, snapshots.Count, epoch, written.Validators, written.NewObservations));
            Log.Imported(logger, file, epoch, written.Validators, written.NewObservations);
        }

        // Versions are the present state: the newest dump's are kept.
        var newest = snapshots[^1].Snapshot;
        var versions = new Dictionary<Pubkey, string?>();
        foreach (var v in newest.Validators)
        {
            versions[v.Identity] = v.Version;
        }

        await store.UpdateVersionsAsync(versions, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return new ImportReport(snapshots.Count, [.. epochs], added);
    }

    // The CLI gives lifetime credits and this epoch's credits; as a triple they read like getVoteAccounts' entry.
    private static VoteAccount ToVoteAccount(CliValidator v, ulong epoch) => new()
    {
        VotePubkey = v.VoteAccount,
        NodePubkey = v.Identity,
        ActivatedStake = v.ActivatedStake,
        Commission = v.Commission,
        LastVote = v.LastVote,
        RootSlot = v.RootSlot,
        Delinquent = v.Delinquent,
        EpochVoteAccount = v.ActivatedStake > 0,
        EpochCredits = v.EpochCredits is { } earned ? [new EpochCredits(epoch, v.Credits, v.Credits >= earned ? v.Credits - earned : 0)] : [],
    };

    /// <summary>
    /// The CLI gives a skip rate, not slot counts. Leader slots are handed out in proportion to stake, so a
    /// validator's leader slots so far are estimated as its stake share of the slots elapsed in the epoch.
    /// </summary>
    private static BlockProduction? EstimateBlockProduction(ValidatorsSnapshot snapshot, ulong firstSlot, ulong slot)
    {
        double total = 0;
        foreach (var v in snapshot.Validators)
        {
            total += v.ActivatedStake;
        }

        var elapsed = slot - firstSlot + 1;
        var byIdentity = new Dictionary<Pubkey, LeaderSlots>();
        foreach (var v in snapshot.Validators)
        {
            if (v.SkipRatePercent is not { } skip || total <= 0)
            {
                continue;
            }

            var slots = (ulong)Math.Round(elapsed * (v.ActivatedStake / total));
            if (slots > 0)
            {
                byIdentity[v.Identity] = new LeaderSlots(slots, (ulong)Math.Round(slots * (1 - (skip / 100))));
            }
        }

        return byIdentity.Count == 0 ? null : new BlockProduction(firstSlot, slot, byIdentity);
    }

    private static IEnumerable<string> Expand(string path) =>
        Directory.Exists(path) ? Directory.EnumerateFiles(path, "*.json", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal)
        : File.Exists(path) ? [path]
        : throw new FileNotFoundException($"'{path}' is neither a file nor a folder.", path);

    private static partial class Log
    {
        [LoggerMessage(EventId = 2301, Level = LogLevel.Information, Message = "Imported {File}: epoch {Epoch}, {Validators} validators, {NewObservations} new observations")]
        public static partial void Imported(ILogger logger, string file, ulong epoch, int validators, int newObservations);
    }
}
