using Microsoft.Extensions.Logging;

namespace SolStake.Core.Storage;

/// <summary>Told when stored validator data or scores change (the API's response cache listens, to drop stale answers at once).</summary>
public interface IDataChangeListener
{
    /// <summary>Called after the change is committed.</summary>
    ValueTask OnDataChangedAsync(DataChange change, CancellationToken cancellationToken = default);
}

/// <summary>What changed.</summary>
public enum DataChange
{
    /// <summary>Validators or their history.</summary>
    Validators,

    /// <summary>A scoring run completed.</summary>
    Scores,

    /// <summary>Wallets or stake accounts.</summary>
    Wallets,
}

/// <summary>Telling every registered listener.</summary>
public static partial class DataChangeListeners
{
    /// <summary>
    /// Calls each listener in turn with <paramref name="change"/>, after the change is committed. A listener that fails
    /// is logged with its exception through <paramref name="logger"/> and the others are still told: the change is
    /// stored whatever a listener does, so its failure must neither undo nor fail what committed it.
    /// </summary>
    public static async Task NotifyAsync(this IEnumerable<IDataChangeListener> listeners, DataChange change, ILogger logger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listeners);
        ArgumentNullException.ThrowIfNull(logger);
        foreach (var listener in listeners)
        {
            try
            {
                await listener.OnDataChangedAsync(change, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Log.ListenerFailed(logger, ex, listener.GetType().FullName ?? listener.GetType().Name, change);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "Data change listener {Listener} failed on {Change}; the change is stored and the other listeners were told")]
        public static partial void ListenerFailed(ILogger logger, Exception exception, string listener, DataChange change);
    }
}
