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
