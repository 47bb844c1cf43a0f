using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SolStake.Core.Domain;
using SolStake.Core.Storage;
using SolStake.Ingestion.Rpc;

namespace SolStake.Ingestion.Sync;

internal sealed partial class ValidatorSync(
    ISolanaRpcClient rpc,
    IValidatorStore store,
    IWalletStore wallets,
    IAuditLog audit,
    IEnumerable<IScoringRunner> scoring,
    IEnumerable<IDataChangeListener> listeners,
    IEnumerable<IStorageHousekeeping> housekeeping,
    IOptions<SyncOptions> options,
    TimeProvider time,
    ILogger<ValidatorSync> logger) : IValidatorSync
{
    public async Task<SyncReport> RunOnceAsync(IProgress<SyncProgress>? progress, CancellationToken cancellationToken)
    {
        var cycle = Guid.NewGuid();
        using var activity = IngestionTelemetry.Source.StartActivity("sync.cycle");
        activity?.SetTag("solstake.sync.cycle_id", cycle);
        var started = time.GetTimestamp();
        using var scope = Log.Scope(logger, cycle);
        Log.Started(logger, cycle);
        var warnings = new List<string>();

        // Required sources: without them there is nothing to store.
        EpochInfo epoch;
        VoteAccounts accounts;
        ObservationWriteResult written;
        try
        {
            progress?.Report(new SyncProgress("vote-accounts", 0));
            (epoch, accounts) = await rpc.GetEpochAndVoteAccountsAsync(cancellationToken).ConfigureAwait(false);
            Log.Phase(logger, cycle, "vote-accounts", accounts.Count, time.GetElapsedTime(started).TotalMilliseconds);
            written = await store.RecordObservationAsync(ClusterObservation.From(epoch, accounts.All(), time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SolanaRpcException or StorageException)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.Message);
            Log.Failed(logger, ex, cycle);
            await AuditFailureAsync(cycle, ex).ConfigureAwait(false);
            throw;
        }

        progress?.Report(new SyncProgress("slow-sources", 0.3));
        var slow = await CollectSlowSourcesAsync(cycle, warnings, cancellationToken).ConfigureAwait(false);
        progress?.Report(new SyncProgress("completed-epochs", 0.45));
        var (blockEpochs, rewardEpochs) = await FillCompletedEpochsAsync(cycle, epoch, accounts, warnings, cancellationToken).ConfigureAwait(false);
        progress?.Report(new SyncProgress("wallets", 0.6));
        var walletCount = await RefreshWalletsAsync(cycle, warnings, cancellationToken).ConfigureAwait(false);
        await listeners.NotifyAsync(DataChange.Validators, logger, cancellationToken).ConfigureAwait(false);

        long? runId = null;
        if (options.Value.ScoreAfterSync && scoring.SingleOrDefault() is { } runner)
        {
            progress?.Report(new SyncProgress("scoring", 0.7));
            var summary = await runner.RunAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            runId = summary?.RunId;
        }

        progress?.Report(new SyncProgress("housekeeping", 0.9));
        foreach (var keeper in housekeeping)
        {
            try
            {
                var pruned = await keeper.PruneAsync(time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                Log.Phase(logger, cycle, "housekeeping", pruned.Observations + pruned.AuditEntries + pruned.ScoringRuns + pruned.JobRuns + pruned.AbandonedScoringRuns + pruned.ThinnedScoringRuns, 0);
            }
            catch (StorageException ex)
            {
                warnings.Add($"housekeeping: {ex.Message}");
                Log.HousekeepingFailed(logger, ex, cycle);
            }
        }

        var report = new SyncReport
        {
            CycleId = cycle,
            Epoch = epoch.Epoch,
            Current = accounts.Current.Count,
            Delinquent = accounts.Delinquent.Count,
            Stored = written.Validators,
            SlowSourcesCollected = slow,
            BlockProductionEpochs = blockEpochs,
            RewardEpochs = rewardEpochs,
            WalletsRefreshed = walletCount,
            ScoringRunId = runId,
            Warnings = warnings,
            Duration = time.GetElapsedTime(started),
        };
        Log.Completed(logger, cycle, report.Epoch, report.Current, report.Delinquent, report.Stored, warnings.Count, report.Duration.TotalMilliseconds);
        return report;
    }

    private async Task<bool> CollectSlowSourcesAsync(Guid cycle, List<string> warnings, CancellationToken cancellationToken)
    {
        var (infoAt, versionsAt) = await store.GetSlowSourceTimesAsync(cancellationToken).ConfigureAwait(false);
        var due = time.GetUtcNow() - options.Value.SlowSourcesInterval;
        var collected = false;
        if (versionsAt is null || versionsAt <= due)
        {
            collected |= await OptionalAsync(cycle, "cluster-nodes", warnings, async ct =>
            {
                var nodes = await rpc.GetClusterNodesAsync(ct).ConfigureAwait(false);
                var versions = new Dictionary<Pubkey, string?>(nodes.Count);
                foreach (var node in nodes)
                {
                    versions[node.Pubkey] = node.Version;
                }

                await store.UpdateVersionsAsync(versions, time.GetUtcNow(), ct).ConfigureAwait(false);
                return nodes.Count;
            }, cancellationToken).ConfigureAwait(false);
        }

        if (infoAt is null || infoAt <= due)
        {
            collected |= await OptionalAsync(cycle, "validator-info", warnings, async ct =>
            {
                var infos = await rpc.GetValidatorInfoAsync(ct).ConfigureAwait(false);
                await store.UpdateValidatorInfoAsync(infos, time.GetUtcNow(), ct).ConfigureAwait(false);
                return infos.Count;
            }, cancellationToken).ConfigureAwait(false);
        }

        return collected;
    }

    private async Task<(IReadOnlyList<ulong> Blocks, IReadOnlyList<ulong> Rewards)> FillCompletedEpochsAsync(
        Guid cycle, EpochInfo current, VoteAccounts accounts, List<string> warnings, CancellationToken cancellationToken)
    {
        var known = (await store.ListEpochsAsync(options.Value.CompletedEpochsToFill + 1, cancellationToken).ConfigureAwait(false)).ToDictionary(e => e.Epoch);
        var firstSlot = current.AbsoluteSlot - current.SlotIndex;
        var blocks = new List<ulong>();
        var rewards = new List<ulong>();
        for (var back = 1; back <= options.Value.CompletedEpochsToFill && (ulong)back <= current.Epoch; back++)
        {
            var epoch = current.Epoch - (ulong)back;
            var record = known.GetValueOrDefault(epoch);
            // A completed epoch SolStake never observed is assumed to be as long as the current one (true after warm-up).
            var first = record is { SlotsInEpoch: > 0 } ? record.FirstSlot : firstSlot - ((ulong)back * current.SlotsInEpoch);
            var length = record is { SlotsInEpoch: > 0 } ? record.SlotsInEpoch : current.SlotsInEpoch;
            if (record?.BlockProductionFetchedAt is null &&
                await OptionalAsync(cycle, $"block-production:{epoch}", warnings, async ct =>
                {
                    var production = await rpc.GetBlockProductionAsync(new GetBlockProductionRequest { FirstSlot = first, LastSlot = first + length - 1 }, ct).ConfigureAwait(false);
                    return await store.RecordBlockProductionAsync(epoch, production, time.GetUtcNow(), complete: true, ct).ConfigureAwait(false);
                }, cancellationToken).ConfigureAwait(false))
            {
                blocks.Add(epoch);
            }

            if (options.Value.CollectInflationRewards && record?.RewardsFetchedAt is null &&
                await OptionalAsync(cycle, $"inflation-rewards:{epoch}", warnings, async ct =>
                {
                    var votes = accounts.All().Select(a => a.VotePubkey).Distinct().ToList();
                    var found = new List<KeyValuePair<Pubkey, InflationReward>>(votes.Count);
                    foreach (var batch in votes.Chunk(options.Value.InflationRewardBatchSize))
                    {
                        var answers = await rpc.GetInflationRewardAsync(batch, epoch, ct).ConfigureAwait(false);
                        for (var i = 0; i < batch.Length; i++)
                        {
                            if (answers[i] is { } reward)
                            {
                                found.Add(new(batch[i], reward));
                            }
                        }
                    }

                    return await store.RecordInflationRewardsAsync(epoch, found, time.GetUtcNow(), ct).ConfigureAwait(false);
                }, cancellationToken).ConfigureAwait(false))
            {
                rewards.Add(epoch);
            }
        }

        return (blocks, rewards);
    }

    private async Task<int> RefreshWalletsAsync(Guid cycle, List<string> warnings, CancellationToken cancellationToken)
    {
        var refreshed = 0;
        foreach (var wallet in await wallets.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await OptionalAsync(cycle, $"stake-accounts:{wallet}", warnings, async ct =>
                {
                    var stakes = await rpc.GetStakeAccountsAsync(wallet, StakeAuthority.Staker, ct).ConfigureAwait(false);
                    return await wallets.ReplaceStakeAccountsAsync(wallet, stakes, time.GetUtcNow(), ct).ConfigureAwait(false);
                }, cancellationToken).ConfigureAwait(false))
            {
                refreshed++;
            }
        }

        return refreshed;
    }

    // An optional source that fails leaves its data missing: the cycle goes on with a warning.
    private async Task<bool> OptionalAsync(Guid cycle, string source, List<string> warnings, Func<CancellationToken, Task<int>> collect, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        try
        {
            var count = await collect(cancellationToken).ConfigureAwait(false);
            Log.Phase(logger, cycle, source, count, time.GetElapsedTime(started).TotalMilliseconds);
            return true;
        }
        catch (SolanaRpcException ex)
        {
            warnings.Add($"{source}: {ex.Message}");
            Log.SourceFailed(logger, ex, cycle, source);
            return false;
        }
    }

    private async Task AuditFailureAsync(Guid cycle, Exception failure)
    {
        try
        {
            await audit.WriteAsync("sync.failed", "system", new Dictionary<string, string?>
            {
                ["cycleId"] = cycle.ToString(),
                ["error"] = failure.Message,
                ["transient"] = failure is Core.SolStakeException { IsTransient: true } ? "true" : "false",
            }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (StorageException ex)
        {
            // The database may be what failed; the cycle's own error is the one to report.
            Log.AuditFailed(logger, ex, cycle);
        }
    }

    private static partial class Log
    {
        public static readonly Func<ILogger, Guid, IDisposable?> Scope = LoggerMessage.DefineScope<Guid>("Sync cycle {CycleId}");

        [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Sync {CycleId} started")]
        public static partial void Started(ILogger logger, Guid cycleId);

        [LoggerMessage(EventId = 2102, Level = LogLevel.Information,
            Message = "Sync {CycleId} completed: epoch {Epoch}, {Current} current and {Delinquent} delinquent vote accounts, {Stored} validators stored, {Warnings} warnings, in {ElapsedMs:0} ms")]
        public static partial void Completed(ILogger logger, Guid cycleId, ulong epoch, int current, int delinquent, int stored, int warnings, double elapsedMs);

        [LoggerMessage(EventId = 2103, Level = LogLevel.Information, Message = "Sync {CycleId} phase {Phase}: {Count} items in {ElapsedMs:0} ms")]
        public static partial void Phase(ILogger logger, Guid cycleId, string phase, int count, double elapsedMs);

        [LoggerMessage(EventId = 2104, Level = LogLevel.Warning, Message = "Sync {CycleId}: optional source {Source} failed, its data stays missing")]
        public static partial void SourceFailed(ILogger logger, Exception exception, Guid cycleId, string source);

        [LoggerMessage(EventId = 2105, Level = LogLevel.Error, Message = "Sync {CycleId} failed")]
        public static partial void Failed(ILogger logger, Exception exception, Guid cycleId);

        [LoggerMessage(EventId = 2106, Level = LogLevel.Warning, Message = "Sync {CycleId}: the failure could not be written to the audit log")]
        public static partial void AuditFailed(ILogger logger, Exception exception, Guid cycleId);

        [LoggerMessage(EventId = 2107, Level = LogLevel.Warning, Message = "Sync {CycleId}: housekeeping failed; the cycle's data is stored")]
        public static partial void HousekeepingFailed(ILogger logger, Exception exception, Guid cycleId);
    }
}
