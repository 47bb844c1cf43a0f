using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using GraphQLParser.AST;
using GraphQLParser.Visitors;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SolStake.Core.Storage;

namespace SolStake.GraphQL.Caching;

/// <summary>What <c>GET /cache/status</c> and <c>cacheStatus</c> report.</summary>
/// <param name="TotalKeys">Responses this instance cached that are still live.</param>
/// <param name="MemoryUsage">Their size, as the earlier design printed it (<c>2.5M</c>).</param>
/// <param name="HitRate">Hits over lookups since start, or <c>null</c> before the first lookup.</param>
/// <param name="MemoryBudget">What their size may reach (<see cref="ResponseCacheOptions.MemoryBudgetBytes"/>), printed the same way.</param>
/// <param name="CallerShare">What one caller's entries may reach (<see cref="ResponseCacheOptions.MaxCallerShare"/>), printed the same way.</param>
internal sealed record CacheStatus(int TotalKeys, string MemoryUsage, double? HitRate, string MemoryBudget, string CallerShare);

/// <summary>What a cache operation reports, as in the earlier design (GraphQL and <c>POST /cache/clear</c>).</summary>
internal sealed record CacheOperationResult(bool Success, string Message, DateTimeOffset Timestamp);

/// <summary>
/// Caches serialised query responses in HybridCache (in memory, and in Redis when an <c>IDistributedCache</c> is
/// registered). Every entry carries one tag, so new validator data or a completed scoring run drops them all at once,
/// on every instance sharing the Redis server (SolStake.Redis).
/// </summary>
internal sealed partial class GraphQLResponseCache : IDataChangeListener
{
    /// <summary>The tag of every cached response.</summary>
    public const string Tag = "graphql";

    private static readonly HybridCacheEntryOptions ReadOnly = new()
    {
        Flags = HybridCacheEntryFlags.DisableUnderlyingData | HybridCacheEntryFlags.DisableLocalCacheWrite | HybridCacheEntryFlags.DisableDistributedCacheWrite,
    };

    private static readonly string[] Tags = [Tag];

    // What this instance wrote, oldest first, for the memory budget and the status report (HybridCache neither
    // enumerates its entries nor bounds their total size). Guarded by _budgetLock.
    private readonly Dictionary<string, LinkedListNode<Written>> _written = new(StringComparer.Ordinal);
    private readonly LinkedList<Written> _order = new();
    private readonly Dictionary<string, long> _bytesByCaller = new(StringComparer.Ordinal);
    private readonly Lock _budgetLock = new();
    private long _totalBytes;
    private readonly HybridCache _cache;
    private readonly IOptions<ResponseCacheOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<GraphQLResponseCache> _logger;
    private readonly ICacheInvalidationBus? _peers;
    private readonly IDataVersionSource? _versions;
    // One version check or in-process change at a time: each reads the version, then clears, then records it.
    private readonly SemaphoreSlim _versionGate = new(1, 1);
    private long? _seenVersion;
    private bool _versionUnreadable;
    private long _hits;
    private long _misses;
    private long _generation;

    /// <summary>Lookups answered from the cache since start.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Lookups the cache could not answer since start.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    // HybridCache's tag invalidation reaches the distributed cache but not the memory of the other instances, so every
    // clear is also published on the bus (SolStake.Redis) and each instance drops its own copies when it hears it.
    public GraphQLResponseCache(
        [Microsoft.Extensions.DependencyInjection.FromKeyedServices(SolStakeCaching.ServiceKey)] HybridCache cache, IOptions<ResponseCacheOptions> options, TimeProvider time, ILogger<GraphQLResponseCache> logger,
        ICacheInvalidationBus? peers = null, IDataVersionSource? versions = null)
    {
        _cache = cache;
        _options = options;
        _time = time;
        _logger = logger;
        _peers = peers;
        _versions = versions;
        _peers?.Subscribe(() => _ = ClearLocalAsync(CancellationToken.None).AsTask());
    }

    public bool Enabled => _options.Value.Enabled;

    /// <summary>
    /// Counts the clears. A request reads it before it reads any data and passes it to <see cref="SetAsync"/>: an
    /// answer computed before a clear must not be stored after it, or a stale answer would outlive the change.
    /// </summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>Fields whose answer changes without a data change (the cache's own state, the scheduler's): never cached.</summary>
    public static readonly IReadOnlySet<string> LiveFields = new HashSet<string>(StringComparer.Ordinal) { "cacheStatus", "jobs", "jobRuns" };

    private static bool SelectsLiveField(GraphQLDocument document)
    {
        foreach (var definition in document.Definitions)
        {
            var selections = definition switch
            {
                GraphQLOperationDefinition operation => operation.SelectionSet,
                GraphQLFragmentDefinition fragment => fragment.SelectionSet,
                _ => null,
            };
            if (selections is not null && Selects(selections))
            {
                return true;
            }
        }

        return false;

        static bool Selects(GraphQLSelectionSet set) => set.Selections.Any(selection => selection switch
        {
            GraphQLField field => LiveFields.Contains(field.Name.StringValue) || (field.SelectionSet is { } inner && Selects(inner)),
            GraphQLInlineFragment inline => Selects(inline.SelectionSet),
            _ => false,
        });
    }

    /// <summary>
    /// The cache key of a request: <c>graphql:</c> and the SHA-256 of the query as printed from its syntax tree
    /// (so whitespace and comments do not matter), the variables, the operation name and the caller's permissions
    /// (<paramref name="permissions"/>: what every protected field decides access by, so no answer reaches a caller
    /// who could not have asked for it; an anonymous caller has none).
    /// <c>null</c> when the request must not be cached: it holds a mutation or subscription, or asks for live state
    /// that no data change announces (<see cref="LiveFields"/>).
    /// </summary>
    public static string? KeyOf(GraphQLDocument document, string? variablesJson, string? operationName, IReadOnlySet<string> permissions)
    {
        if (document.Definitions.OfType<GraphQLOperationDefinition>().Any(o => o.Operation != OperationType.Query) || SelectsLiveField(document))
        {
            return null;
        }

        var printed = new SDLPrinter().Print(document);
        // Granted permissions only; a caller with none shares the anonymous entries, which need none.
        var scope = string.Join(',', permissions.Order(StringComparer.Ordinal));
        var material = string.Join('\u001f', printed, variablesJson ?? string.Empty, operationName ?? string.Empty, scope);
        return "graphql:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(material)));
    }

    /// <summary>The cached response, or <c>null</c> (a miss). Never throws for a broken cache: that is a miss too.</summary>
    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        byte[]? found = null;
        try
        {
            found = (await _cache.GetOrCreateAsync<CachedAnswer?>(key, static _ => ValueTask.FromResult<CachedAnswer?>(null), ReadOnly, cancellationToken: cancellationToken)
                .ConfigureAwait(false))?.Bytes;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.CacheFailed(_logger, ex, "read");
        }

        Interlocked.Increment(ref found is null ? ref _misses : ref _hits);
        return found;
    }

    /// <summary>
    /// Stores <paramref name="response"/> for <paramref name="caller"/> (a user id, or the client's address), unless the
    /// cache was cleared since <paramref name="generation"/>. The entries this instance wrote stay within
    /// <see cref="ResponseCacheOptions.MemoryBudgetBytes"/>, and one caller's within its share of it: the oldest entries
    /// (the caller's own first, when its share is full) are evicted to make room.
    /// </summary>
    public async ValueTask SetAsync(string key, byte[] response, long generation, string caller, CancellationToken cancellationToken)
    {
        var o = _options.Value;
        var share = (long)(o.MemoryBudgetBytes * o.MaxCallerShare);
        if (response.Length > o.MaxResponseBytes || response.Length > share || generation != Generation)
        {
            return;
        }

        var evicted = Reserve(key, response.Length, caller, o, share);
        try
        {
            foreach (var old in evicted)
            {
                await _cache.RemoveAsync(old, cancellationToken).ConfigureAwait(false);
            }

            await _cache.SetAsync(key, new CachedAnswer(response), new HybridCacheEntryOptions { Expiration = o.Ttl, LocalCacheExpiration = o.Ttl }, Tags, cancellationToken)
                .ConfigureAwait(false);
            if (generation != Generation)
            {
                // A clear ran while this was written: it may have missed the entry.
                Forget(key);
                await _cache.RemoveAsync(key, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Forget(key);
            Log.CacheFailed(_logger, ex, "write");
        }
    }

    /// <summary>Counts the entry in, and returns the keys evicted to keep the budget and the caller's share.</summary>
    private List<string> Reserve(string key, int bytes, string caller, ResponseCacheOptions o, long share)
    {
        var evicted = new List<string>();
        lock (_budgetLock)
        {
            DropExpired(_time.GetUtcNow().ToUnixTimeMilliseconds());
            Remove(key);
            // The caller's own oldest entries make room for its new one: a caller filling its share recycles it and
            // never pushes out what others cached.
            for (var node = _order.First; node is not null && _bytesByCaller.GetValueOrDefault(caller) + bytes > share;)
            {
                var next = node.Next;
                if (node.Value.Caller == caller)
                {
                    evicted.Add(node.Value.Key);
                    Remove(node.Value.Key);
                }

                node = next;
            }

            while (_totalBytes + bytes > o.MemoryBudgetBytes && _order.First is { } oldest)
            {
                evicted.Add(oldest.Value.Key);
                Remove(oldest.Value.Key);
            }

            var entry = new Written(key, _time.GetUtcNow().Add(o.Ttl).ToUnixTimeMilliseconds(), bytes, caller);
            _written[key] = _order.AddLast(entry);
            _totalBytes += bytes;
            _bytesByCaller[caller] = _bytesByCaller.GetValueOrDefault(caller) + bytes;
        }

        return evicted;
    }

    private void Forget(string key)
    {
        lock (_budgetLock)
        {
            Remove(key);
        }
    }

    // Under _budgetLock.
    private void Remove(string key)
    {
        if (!_written.Remove(key, out var node))
        {
            return;
        }

        _order.Remove(node);
        _totalBytes -= node.Value.Bytes;
        var left = _bytesByCaller[node.Value.Caller] - node.Value.Bytes;
        if (left == 0)
        {
            _bytesByCaller.Remove(node.Value.Caller);
        }
        else
        {
            _bytesByCaller[node.Value.Caller] = left;
        }
    }

    // Under _budgetLock. HybridCache drops an expired entry itself; this forgets its size. Every entry lives the same
    // TTL (the options are read once), so the list in write order is in expiry order too: only its front is looked at.
    private void DropExpired(long now)
    {
        while (_order.First is { } oldest && oldest.Value.ExpiresAt <= now)
        {
            Remove(oldest.Value.Key);
        }
    }

    private sealed record Written(string Key, long ExpiresAt, int Bytes, string Caller);

    /// <summary>Drops every cached response (here and, through the tag, on every instance sharing Redis).</summary>
    public async ValueTask ClearAsync(CancellationToken cancellationToken = default)
    {
        await ClearLocalAsync(cancellationToken).ConfigureAwait(false);
        if (_peers is not null)
        {
            await _peers.PublishAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Drops every cached response here and in the shared cache, without telling the other instances.</summary>
    internal async ValueTask ClearLocalAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _generation);
        lock (_budgetLock)
        {
            _written.Clear();
            _order.Clear();
            _bytesByCaller.Clear();
            _totalBytes = 0;
        }

        try
        {
            await _cache.RemoveByTagAsync(Tag, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.CacheFailed(_logger, ex, "invalidate");
        }
    }

    /// <summary>Clears at an administrator's request: written to the audit log with who asked and how.</summary>
    public async Task<CacheOperationResult> ClearForAsync(string action, string message, string? actorId, string via, IAuditLog audit, CancellationToken cancellationToken)
    {
        await ClearAsync(cancellationToken).ConfigureAwait(false);
        await audit.WriteAsync(action, actorId, new Dictionary<string, string?> { ["via"] = via }, cancellationToken).ConfigureAwait(false);
        return new CacheOperationResult(true, message, _time.GetUtcNow());
    }

    public CacheStatus Status()
    {
        int keys;
        long bytes;
        lock (_budgetLock)
        {
            DropExpired(_time.GetUtcNow().ToUnixTimeMilliseconds());
            keys = _written.Count;
            bytes = _totalBytes;
        }

        var hits = Interlocked.Read(ref _hits);
        var lookups = hits + Interlocked.Read(ref _misses);
        var o = _options.Value;
        return new CacheStatus(keys, HumanBytes(bytes), lookups == 0 ? null : (double)hits / lookups, HumanBytes(o.MemoryBudgetBytes),
            HumanBytes((long)(o.MemoryBudgetBytes * o.MaxCallerShare)));
    }

    /// <summary>New validator data, scores or wallets written by this process: what was cached is stale.</summary>
    public async ValueTask OnDataChangedAsync(DataChange change, CancellationToken cancellationToken = default)
    {
        // The version is read with the clear, so that the next check does not clear a second time for this change.
        await FollowDataVersionAsync(changedHere: true, cancellationToken).ConfigureAwait(false);
        if (_peers is not null)
        {
            await _peers.PublishAsync(cancellationToken).ConfigureAwait(false);
        }

        Log.Invalidated(_logger, change);
    }

    /// <summary>
    /// Reads the stored data's version and drops every cached response when it changed since the last read (or when
    /// <paramref name="changedHere"/>). The version is read before the clear: a commit after the read changes the
    /// version the next check sees, and one before it is covered by the clear. Without a version source (no storage
    /// package), only <paramref name="changedHere"/> clears. Returns whether the data changed elsewhere (the version moved
    /// since the last read, or became readable again), which the cost model's sizes follow too.
    /// </summary>
    internal async ValueTask<bool> FollowDataVersionAsync(bool changedHere, CancellationToken cancellationToken)
    {
        await _versionGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            long? version = null;
            var unreadable = false;
            if (_versions is not null)
            {
                try
                {
                    version = await _versions.ReadAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    if (!_versionUnreadable)
                    {
                        Log.VersionUnreadable(_logger, ex);
                    }

                    unreadable = true;
                }
            }

            // After a failed read nobody knows what changed meanwhile: drop everything once it reads again.
            var changedElsewhere = version is { } v && ((_seenVersion is { } seen && seen != v) || _versionUnreadable);
            if (changedHere || changedElsewhere)
            {
                await ClearLocalAsync(cancellationToken).ConfigureAwait(false);
            }

            if (changedElsewhere && !changedHere)
            {
                Log.ChangedElsewhere(_logger);
            }

            if (_versionUnreadable && !unreadable)
            {
                Log.VersionReadable(_logger);
            }

            _versionUnreadable = unreadable;
            _seenVersion = unreadable ? _seenVersion : version;
            return changedElsewhere;
        }
        finally
        {
            _versionGate.Release();
        }
    }

    /// <summary>Bytes the way Redis's <c>used_memory_human</c> prints them, which the earlier design passed on.</summary>
    internal static string HumanBytes(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes}B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.##}K"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.##}M"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.##}G"),
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 5201, Level = LogLevel.Warning, Message = "The response cache failed to {Operation}; answering from the database")]
        public static partial void CacheFailed(ILogger logger, Exception exception, string operation);

        [LoggerMessage(EventId = 5202, Level = LogLevel.Information, Message = "Cached responses dropped: {Change} changed")]
        public static partial void Invalidated(ILogger logger, DataChange change);

        [LoggerMessage(EventId = 5203, Level = LogLevel.Debug, Message = "The stored data changed in another process; cached responses dropped")]
        public static partial void ChangedElsewhere(ILogger logger);

        [LoggerMessage(EventId = 5204, Level = LogLevel.Warning,
            Message = "Cannot read the stored data's version, so changes made by other processes may be answered from the cache until its TTL")]
        public static partial void VersionUnreadable(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 5205, Level = LogLevel.Information, Message = "The stored data's version reads again; cached responses dropped")]
        public static partial void VersionReadable(ILogger logger);
    }
}
