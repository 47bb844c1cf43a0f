using Microsoft.Extensions.Logging;
using SolStake.Core.Storage;
using SolStake.Ingestion.Rpc;

namespace SolStake.Ingestion.Sync;

internal sealed partial class ValidatorSync(
    ISolanaRpcClient rpc,
    IValidatorStore store,
    TimeProvider timeProvider,
    ILogger<ValidatorSync> logger) : IValidatorSync
{
    public async Task<SyncReport> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var started = timeProvider.GetTimestamp();
        Log.Started(logger);

        var epoch = await rpc.GetEpochInfoAsync(cancellationToken).ConfigureAwait(false);
        var accounts = await rpc.GetVoteAccountsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var written = await store.RecordObservationAsync(ClusterObservation.From(epoch, accounts.All(), timeProvider.GetUtcNow()), cancellationToken)
            .ConfigureAwait(false);

        var report = new SyncReport(accounts.Current.Count, accounts.Delinquent.Count, written.Validators, timeProvider.GetElapsedTime(started));
        Log.Completed(logger, report.Current, report.Delinquent, report.Stored, report.Duration.TotalMilliseconds);
        return report;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Sync started")]
        public static partial void Started(ILogger logger);

        [LoggerMessage(EventId = 2102, Level = LogLevel.Information,
            Message = "Sync completed: {Current} current and {Delinquent} delinquent vote accounts, {Stored} validators stored in {ElapsedMs:0} ms")]
        public static partial void Completed(ILogger logger, int current, int delinquent, int stored, double elapsedMs);
    }
}
