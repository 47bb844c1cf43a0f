using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SolStake.Storage.Model;

namespace SolStake.Storage;

internal sealed partial class EfStorageMigrator<TContext>(IDbContextFactory<TContext> contexts, StorageErrors errors, ILogger<EfStorageMigrator<TContext>> logger) : IStorageMigrator
    where TContext : SolStakeDbContext
{
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var context = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            await using (context.ConfigureAwait(false))
            {
                var pending = (await context.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false)).ToList();
                if (pending.Count > 0)
                {
                    await context.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
                    Log.Applied(logger, pending.Count, string.Join(", ", pending));
                }

                return pending;
            }
        }
        catch (Exception ex) when (errors.Translate(ex, "migrating the schema") is { } translated)
        {
            throw translated;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Applied {Count} migrations: {Migrations}")]
        public static partial void Applied(ILogger logger, int count, string migrations);
    }
}
