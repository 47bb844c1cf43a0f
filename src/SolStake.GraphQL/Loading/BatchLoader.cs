using GraphQL.DataLoader;

namespace SolStake.GraphQL.Loading;

/// <summary>
/// Collects the keys that resolvers of one request ask for and loads them with one call when the first result is
/// read, so a nested query costs one query per level instead of one per item. Written here because
/// GraphQL.DataLoader is not served; GraphQL.NET's execution strategy already defers
/// <see cref="IDataLoaderResult"/> values until a level has been walked. One instance serves one request.
/// </summary>
internal sealed class BatchLoader<TKey, TValue>(Func<IReadOnlyCollection<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> fetch)
    where TKey : notnull
{
    private readonly HashSet<TKey> _pending = [];
    private readonly Dictionary<TKey, TValue> _loaded = [];
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Records a value already read (by a list query), so that resolving it needs no query.</summary>
    public void Prime(TKey key, TValue value)
    {
        lock (_pending)
        {
            _loaded[key] = value;
            _pending.Remove(key);
        }
    }

    /// <summary>Makes room for <paramref name="count"/> primed values at once (a list primes one per row).</summary>
    public void Reserve(int count)
    {
        lock (_pending)
        {
            _loaded.EnsureCapacity(count);
        }
    }

    /// <summary>
    /// The value when it is loaded already (primed by a list, or read by an earlier batch), else a deferred result that
    /// joins the next batch. A list's 1,351 primed scores so resolve without a deferred node, a task and a result
    /// object each (what GraphQL.NET allocates for every <see cref="IDataLoaderResult"/>).
    /// </summary>
    public object? Resolve(TKey key)
    {
        lock (_pending)
        {
            if (_loaded.TryGetValue(key, out var value))
            {
                return value;
            }
        }

        return Load(key);
    }

    /// <summary>A deferred result, for a resolver that maps the value (<see cref="MappedResult{TIn, TOut}"/>).</summary>
    public IDataLoaderResult<TValue?> Load(TKey key)
    {
        lock (_pending)
        {
            if (!_loaded.ContainsKey(key))
            {
                _pending.Add(key);
            }
        }

        return new Result(this, key);
    }

    private async Task<TValue?> GetAsync(TKey key, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            TKey[] batch;
            lock (_pending)
            {
                batch = _pending.Count == 0 ? [] : [.. _pending];
                _pending.Clear();
            }

            var values = batch.Length > 0 ? await fetch(batch, cancellationToken).ConfigureAwait(false) : null;
            // Under the same lock as Resolve and Load, which read the loaded values from resolvers running meanwhile.
            lock (_pending)
            {
                foreach (var k in batch)
                {
                    // Keys without a value are remembered too: asking again would not find one either.
                    _loaded[k] = values!.TryGetValue(k, out var value) ? value : default!;
                }

                return _loaded.GetValueOrDefault(key);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private sealed class Result(BatchLoader<TKey, TValue> loader, TKey key) : IDataLoaderResult<TValue?>
    {
        public Task<TValue?> GetResultAsync(CancellationToken cancellationToken = default) => loader.GetAsync(key, cancellationToken);

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) =>
            await GetResultAsync(cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>Maps a deferred result without reading it early (reading it inside a resolver would start the batch too soon).</summary>
internal sealed class MappedResult<TIn, TOut>(IDataLoaderResult<TIn> inner, Func<TIn, TOut> map) : IDataLoaderResult<TOut>
{
    public async Task<TOut> GetResultAsync(CancellationToken cancellationToken = default) =>
        map(await inner.GetResultAsync(cancellationToken).ConfigureAwait(false));

    async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) =>
        await GetResultAsync(cancellationToken).ConfigureAwait(false);
}

/// <summary>A value computed from several deferred results, read together when GraphQL.NET reads the level's results.</summary>
internal sealed class DeferredResult<T>(Func<CancellationToken, Task<T>> get) : IDataLoaderResult<T>
{
    public Task<T> GetResultAsync(CancellationToken cancellationToken = default) => get(cancellationToken);

    async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) =>
        await GetResultAsync(cancellationToken).ConfigureAwait(false);
}
