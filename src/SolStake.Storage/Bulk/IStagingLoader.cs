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

    /// <summary>
    /// Waits until no other transaction holds the write lock <paramref name="name"/>, and holds it until this one ends:
    /// writes that keep running totals (read, then written) take it so that two of them never add to the same total from
    /// the same reading. SQLite needs none: its transactions begin as writers, one at a time.
    /// </summary>
    Task LockAsync(DbConnection connection, DbTransaction transaction, string name, CancellationToken cancellationToken);
}
