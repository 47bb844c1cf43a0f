namespace SolStake.Storage;

/// <summary>Brings the database schema up to date.</summary>
public interface IStorageMigrator
{
    /// <summary>Applies every pending migration; does nothing when the schema is current.</summary>
    /// <returns>The names of the migrations applied.</returns>
    Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default);
}
