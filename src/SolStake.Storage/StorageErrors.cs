using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using SolStake.Core.Storage;

namespace SolStake.Storage;

/// <summary>Turns provider exceptions into <see cref="StorageException"/> with an honest <c>IsTransient</c>.</summary>
internal sealed class StorageErrors(StorageProvider provider)
{
    /// <summary>Returns the translated exception, or null for exceptions that are not database failures (cancellation among them).</summary>
    public StorageException? Translate(Exception exception, string operation) => exception switch
    {
        OperationCanceledException => null,
        StorageException => null,
        _ when provider.IsMissingTable(exception) => new StorageException(
            $"{provider.DisplayName} failed while {operation}: SolStake's tables do not exist in this database. Apply the migrations first: "
            + "set SolStake:Storage:MigrateOnStart to true (StorageOptions.MigrateOnStart), or call IStorageMigrator.MigrateAsync "
            + $"(the sample host's 'migrate' verb does). ({exception.Message})",
            isTransient: false,
            exception),
        _ when provider.Translate(exception, operation) is { } translated => translated,
        DbUpdateException { InnerException: { } inner } when Translate(inner, operation) is { } translated => translated,
        DbException db => new StorageException($"The database failed while {operation}: {db.Message}", db.IsTransient, db),
        InvalidOperationException { InnerException: DbException db } => new StorageException($"The database failed while {operation}: {db.Message}", db.IsTransient, exception),
        _ => null,
    };
}
