using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using SolStake.Storage.Model;

namespace SolStake.Storage;

/// <summary>
/// How every store reaches the database: a pooled context per operation, an open connection, an optional
/// transaction, and provider failures translated into <c>StorageException</c> naming the operation.
/// </summary>
internal sealed class Database<TContext>(IDbContextFactory<TContext> contexts, StorageErrors errors, StorageProvider provider)
    where TContext : SolStakeDbContext
{
    /// <summary>Runs <paramref name="action"/> with a context whose connection is open.</summary>
    public async Task<T> RunAsync<T>(string operation, Func<TContext, CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        using var activity = StorageTelemetry.Source.StartActivity(operation, ActivityKind.Client);
        activity?.SetTag("db.system.name", provider.SystemName);
        try
        {
            var context = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            await using (context.ConfigureAwait(false))
            {
                await context.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                return await action(context, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (errors.Translate(ex, operation) is { } translated)
        {
            activity?.SetStatus(ActivityStatusCode.Error, translated.Message);
            throw translated;
        }
    }

    /// <summary>Runs <paramref name="action"/> in a transaction, committed when it returns.</summary>
    public Task<T> TransactAsync<T>(string operation, Func<DbConnection, DbTransaction, CancellationToken, Task<T>> action, CancellationToken cancellationToken) =>
        RunAsync(operation, async (context, ct) =>
        {
            var transaction = await context.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var result = await action(context.Database.GetDbConnection(), transaction.GetDbTransaction(), ct).ConfigureAwait(false);
                await transaction.CommitAsync(ct).ConfigureAwait(false);
                return result;
            }
        }, cancellationToken);
}
