using System.Data.Common;

namespace SolStake.Storage.Bulk;

/// <summary>The provider-specific part of a set-based write: how staging tables are filled, and how values are bound.</summary>
internal interface IStagingLoader
{
    /// <summary>Creates the temporary table (empty) and loads its rows, inside the caller's transaction.</summary>
    Task LoadAsync(DbConnection connection, DbTransaction transaction, StagingTable table, CancellationToken cancellationToken);

    /// <summary>Appends the rows to an existing table (no conflict handling: for rows that are new by construction).</summary>
    Task AppendAsync(DbConnection connection, DbTransaction transaction, StagingTable table, CancellationToken cancellationToken);

    /// <summary>A timestamp as the provider stores it (SQLite keeps DateTimeOffset as a sortable 64-bit number).</summary>
    object Timestamp(DateTimeOffset value);

    /// <summary>Reads a stored timestamp back.</summary>
    DateTimeOffset ReadTimestamp(object value);
}
