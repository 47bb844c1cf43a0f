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
public static class DataChangeListeners
{
    /// <summary>Calls each listener in turn with <paramref name="change"/>.</summary>
    public static async Task NotifyAsync(this IEnumerable<IDataChangeListener> listeners, DataChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listeners);
        foreach (var listener in listeners)
        {
            await listener.OnDataChangedAsync(change, cancellationToken).ConfigureAwait(false);
        }
    }
}
