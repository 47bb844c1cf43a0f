using System.Data.Common;

namespace SolStake.Storage.Model;

/// <summary>The provider-specific set-based upsert of validators (EF Core has no bulk upsert).</summary>
internal interface IValidatorWriter
{
    Task UpsertAsync(DbConnection connection, DbTransaction transaction, ValidatorRows rows, DateTimeOffset observedAt, CancellationToken cancellationToken);
}
