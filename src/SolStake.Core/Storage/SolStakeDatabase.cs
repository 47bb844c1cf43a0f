namespace SolStake.Core.Storage;

/// <summary>
/// Which database the storage package keeps SolStake's data in, registered by that package. Other packages read it
/// to keep their own state beside the data: the jobs package clusters its scheduler in the same PostgreSQL database,
/// through the <see cref="System.Data.Common.DbDataSource"/> registered under <see cref="DataSourceKey"/>.
/// </summary>
/// <param name="Provider"><see cref="PostgreSQL"/> or <see cref="Sqlite"/> (or a custom store's own name).</param>
public sealed record SolStakeDatabase(string Provider)
{
    /// <summary>The service key of the <see cref="System.Data.Common.DbDataSource"/> a server database's storage package registers.</summary>
    public const string DataSourceKey = "SolStake";

    /// <summary>The provider name of <c>SolStake.Storage.PostgreSQL</c>.</summary>
    public const string PostgreSQL = "PostgreSQL";

    /// <summary>The provider name of <c>SolStake.Storage.Sqlite</c>.</summary>
    public const string Sqlite = "SQLite";

    /// <summary>Whether several processes can share this database's state (a server database, not an embedded file).</summary>
    public bool IsShared => Provider == PostgreSQL;
}
