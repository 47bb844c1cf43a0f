using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SolStake.Core.Storage;
using SolStake.Storage.Model;

namespace SolStake.Storage;

internal sealed class EfAuditLog<TContext>(Database<TContext> database, TimeProvider time) : IAuditLog
    where TContext : SolStakeDbContext
{
    public async Task WriteAsync(string action, string? actorId, IReadOnlyDictionary<string, string?> metadata, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        ArgumentNullException.ThrowIfNull(metadata);
        await database.RunAsync("writing the audit log", (context, ct) =>
        {
            context.AuditLogs.Add(new AuditLogEntity
            {
                Action = action,
                ActorId = actorId,
                Metadata = JsonSerializer.Serialize(metadata.ToDictionary(), StorageJsonContext.Default.DictionaryStringString),
                CreatedAt = time.GetUtcNow(),
            });
            return context.SaveChangesAsync(ct);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<AuditEntry>> RecentAsync(int limit, CancellationToken cancellationToken = default) =>
        await database.RunAsync("reading the audit log", async (context, ct) =>
        {
            var rows = await context.AuditLogs.AsNoTracking().OrderByDescending(a => a.Id).Take(limit).ToListAsync(ct).ConfigureAwait(false);
            return (IReadOnlyList<AuditEntry>)rows.ConvertAll(a => new AuditEntry(a.Id, a.Action, a.ActorId,
                JsonSerializer.Deserialize(a.Metadata, StorageJsonContext.Default.DictionaryStringString) ?? [], a.CreatedAt));
        }, cancellationToken).ConfigureAwait(false);
}
