using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SolStake.Core.Storage;
using SolStake.Storage.Model;

namespace SolStake.Storage;

internal sealed class EfAuditLog<TContext>(IDbContextFactory<TContext> contexts, StorageErrors errors, TimeProvider time) : IAuditLog
    where TContext : SolStakeDbContext
{
    public async Task WriteAsync(string action, string? actorId, IReadOnlyDictionary<string, string?> metadata, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        try
        {
            var context = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            await using (context.ConfigureAwait(false))
            {
                context.AuditLogs.Add(new AuditLogEntity
                {
                    Action = action,
                    ActorId = actorId,
                    Metadata = JsonSerializer.Serialize(metadata.ToDictionary(), StorageJsonContext.Default.DictionaryStringString),
                    CreatedAt = time.GetUtcNow(),
                });
                await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (errors.Translate(ex, "writing the audit log") is { } translated)
        {
            throw translated;
        }
    }

    public async Task<IReadOnlyList<AuditEntry>> RecentAsync(int limit, CancellationToken cancellationToken = default)
    {
        try
        {
            var context = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            await using (context.ConfigureAwait(false))
            {
                var rows = await context.AuditLogs.AsNoTracking().OrderByDescending(a => a.Id).Take(limit).ToListAsync(cancellationToken).ConfigureAwait(false);
                return rows.ConvertAll(a => new AuditEntry(a.Id, a.Action, a.ActorId,
                    JsonSerializer.Deserialize(a.Metadata, StorageJsonContext.Default.DictionaryStringString) ?? [], a.CreatedAt));
            }
        }
        catch (Exception ex) when (errors.Translate(ex, "reading the audit log") is { } translated)
        {
            throw translated;
        }
    }
}
