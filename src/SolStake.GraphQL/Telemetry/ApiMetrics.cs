using System.Diagnostics.Metrics;
using SolStake.Core;
using SolStake.GraphQL.Caching;

namespace SolStake.GraphQL.Telemetry;

/// <summary>The API's instruments: response cache hits and misses, rate-limit rejections.</summary>
internal sealed class ApiMetrics
{
    private readonly Counter<long> _rejections;

    public ApiMetrics(IMeterFactory meters, GraphQLResponseCache cache)
    {
        var meter = meters.Create(SolStakeTelemetry.Api);
        meter.CreateObservableCounter("solstake.cache.hits", () => cache.Hits, "{lookup}", "GraphQL response cache lookups answered from the cache.");
        meter.CreateObservableCounter("solstake.cache.misses", () => cache.Misses, "{lookup}", "GraphQL response cache lookups not answered from the cache.");
        _rejections = meter.CreateCounter<long>("solstake.ratelimit.rejections", "{request}", "Requests refused with 429 by the rate limiter.");
    }

    public void RateLimited() => _rejections.Add(1);
}
