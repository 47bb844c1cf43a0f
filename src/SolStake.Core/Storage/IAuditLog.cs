namespace SolStake.Core.Storage;

/// <summary>The audit trail of operations: admin actions, wallet registrations, failed jobs.</summary>
public interface IAuditLog
{
    /// <summary>Appends an entry. <paramref name="metadata"/> is stored as a JSON object of strings.</summary>
    Task WriteAsync(string action, string? actorId, IReadOnlyDictionary<string, string?> metadata, CancellationToken cancellationToken = default);

    /// <summary>The most recent entries, newest first.</summary>
    Task<IReadOnlyList<AuditEntry>> RecentAsync(int limit, CancellationToken cancellationToken = default);
}

/// <summary>An audit entry.</summary>
/// <param name="Id">The entry's id.</param>
/// <param name="Action">What happened (for example <c>sync.failed</c>, <c>cache.clear</c>).</param>
/// <param name="ActorId">Who did it (a user id, or <c>system</c>).</param>
/// <param name="Metadata">Details.</param>
/// <param name="CreatedAt">When.</param>
public sealed record AuditEntry(long Id, string Action, string? ActorId, IReadOnlyDictionary<string, string?> Metadata, DateTimeOffset CreatedAt);
