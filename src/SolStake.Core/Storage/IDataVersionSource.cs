namespace SolStake.Core.Storage;

/// <summary>
/// A number that changes whenever data is committed to the store, by any process: this one, a command-line verb,
/// another instance, a manual SQL fix. The API's response cache polls it so that its answers follow the data rather
/// than the process that wrote it. Registered by the storage packages.
/// </summary>
/// <remarks>
/// Compare values for equality only: they need not grow, and two processes may see different numbers for the same
/// data (SQLite counts commits per connection). A change may be announced that the API does not show (a job's own
/// history, say); a committed change the API shows is never missed.
/// </remarks>
public interface IDataVersionSource
{
    /// <summary>Reads the current version: one small query, cheap enough to run every second.</summary>
    ValueTask<long> ReadAsync(CancellationToken cancellationToken = default);
}
