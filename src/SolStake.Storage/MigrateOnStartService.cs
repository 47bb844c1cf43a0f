using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SolStake.Core.Storage;

namespace SolStake.Storage;

/// <summary>
/// Prepares the store: applies pending migrations (when <see cref="StorageOptions.MigrateOnStart"/> is set) and marks
/// scoring runs left <c>running</c> by a crash as failed. Done before the host serves when the database answers; while
/// it does not (an orchestrator starting the service beside its database), the host starts anyway, reports not ready
/// (<see cref="DatabaseHealthCheck"/>), and this retries in the background until it does. A failure that is not the
/// database being out of reach (a migration that fails) still stops the host.
/// </summary>
internal sealed partial class MigrateOnStartService(
    IStorageMigrator migrator, IScoringStore scoring, IOptions<StorageOptions> options, TimeProvider time,
    StorageStartup startup, ILogger<MigrateOnStartService> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(30);
    private readonly CancellationTokenSource _stopping = new();
    private Task? _retrying;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        startup.Begin();
        try
        {
            await PrepareAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Unreachable(ex) && !cancellationToken.IsCancellationRequested)
        {
            Log.Waiting(logger, ex);
            _retrying = RetryAsync(_stopping.Token);
        }
        catch (Exception ex)
        {
            startup.Fail(ex);
            throw;
        }
    }

    private async Task PrepareAsync(CancellationToken cancellationToken)
    {
        if (options.Value.MigrateOnStart)
        {
            await migrator.MigrateAsync(cancellationToken).ConfigureAwait(false);
        }

        var now = time.GetUtcNow();
        await scoring.FailAbandonedRunsAsync(now - options.Value.AbandonedRunAfter, now, cancellationToken).ConfigureAwait(false);
        startup.Complete();
    }

    private async Task RetryAsync(CancellationToken stopping)
    {
        var delay = FirstRetry;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(delay, time, stopping).ConfigureAwait(false);
                await PrepareAsync(stopping).ConfigureAwait(false);
                Log.Ready(logger);
                return;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (Unreachable(ex))
            {
                Log.StillWaiting(logger, ex, delay.TotalSeconds);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestRetry.Ticks));
            }
            catch (Exception ex)
            {
                // Reached, and failed for another reason: the host stays up and unready; the log says why.
                Log.Failed(logger, ex);
                startup.Fail(ex);
                return;
            }
        }
    }

    // The database is out of reach (refused, timed out, not resolvable): a state to wait out, not a failure.
    internal static bool Unreachable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SocketException or TimeoutException or StorageException { IsTransient: true } or DbException { IsTransient: true })
            {
                return true;
            }
        }

        return false;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_retrying is { } retrying)
        {
            await retrying.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _stopping.Dispose();

    private static partial class Log
    {
        [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "The database does not answer; SolStake starts unready and prepares its storage when it does")]
        public static partial void Waiting(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 3003, Level = LogLevel.Debug, Message = "The database still does not answer; trying again in {DelaySeconds} s")]
        public static partial void StillWaiting(ILogger logger, Exception exception, double delaySeconds);

        [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "The database answers; SolStake's storage is prepared")]
        public static partial void Ready(ILogger logger);

        [LoggerMessage(EventId = 3005, Level = LogLevel.Error, Message = "SolStake's storage could not be prepared; the host stays unready")]
        public static partial void Failed(ILogger logger, Exception exception);
    }
}

/// <summary>
/// The storage's start-up state (<see cref="IStorageStartup"/>): pending from when the host starts its hosted services
/// until the work is done. Where no host runs them (an operator verb that only reads), nothing is pending.
/// </summary>
internal sealed class StorageStartup : IStorageStartup
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _begun;

    public bool IsComplete => !_begun || _done.Task.IsCompletedSuccessfully;

    public void Begin() => _begun = true;

    public void Complete() => _done.TrySetResult();

    public void Fail(Exception exception) => _done.TrySetException(exception);

    public Task WhenCompleteAsync(CancellationToken cancellationToken = default) =>
        _begun ? _done.Task.WaitAsync(cancellationToken) : Task.CompletedTask;
}
