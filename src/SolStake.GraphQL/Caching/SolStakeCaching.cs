namespace SolStake.GraphQL.Caching;

/// <summary>
/// The keys of the cache services SolStake owns, beside the host's own: its <c>HybridCache</c>
/// (<c>GetRequiredKeyedService&lt;HybridCache&gt;(ServiceKey)</c>, with named <c>HybridCacheOptions</c> of the same name)
/// and that cache's second level (<c>IDistributedCache</c> keyed <see cref="DistributedCacheServiceKey"/>; in memory
/// unless SolStake.Redis's <c>AddRedis()</c> puts it in Redis).
/// </summary>
public static class SolStakeCaching
{
    /// <summary>The service key and options name of SolStake's HybridCache.</summary>
    public const string ServiceKey = "SolStake";

    /// <summary>The service key of the distributed cache SolStake's HybridCache keeps its second level in.</summary>
    public const string DistributedCacheServiceKey = "SolStake.Distributed";
}
