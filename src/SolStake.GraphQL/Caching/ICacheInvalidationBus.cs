namespace SolStake.GraphQL.Caching;

/// <summary>
/// Tells the other instances sharing a distributed cache that every cached response is stale, so that each drops its
/// in-memory copies. Implemented by SolStake.Redis (a pub/sub channel); without it, a clear reaches this instance
/// only. Failures are the implementation's to log: a cache that cannot tell its peers still answers.
/// </summary>
internal interface ICacheInvalidationBus
{
    /// <summary>Calls <paramref name="onInvalidated"/> whenever another instance (or this one) publishes.</summary>
    void Subscribe(Action onInvalidated);

    /// <summary>Tells every subscribed instance.</summary>
    Task PublishAsync(CancellationToken cancellationToken);
}
