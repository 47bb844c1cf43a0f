using System.Diagnostics;
using System.Diagnostics.Metrics;
using SolStake.Core;

namespace SolStake.Ingestion;

/// <summary>The ingestion package's trace source.</summary>
internal static class IngestionTelemetry
{
    public static readonly ActivitySource Source = new(SolStakeTelemetry.Ingestion, typeof(IngestionTelemetry).Assembly.GetName().Version?.ToString());
}

/// <summary>
/// The ingestion package's instruments, made by the host's <see cref="IMeterFactory"/> so that two hosts in one
/// process (tests, or a host embedding two SolStake instances) keep separate measurements.
/// </summary>
internal sealed class IngestionMetrics
{
    private readonly Counter<long> _rpcCalls;
    private readonly Counter<long> _rpcErrors;
    private readonly Histogram<double> _rpcDuration;

    public IngestionMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(SolStakeTelemetry.Ingestion);
        _rpcCalls = meter.CreateCounter<long>("solstake.rpc.calls", "{call}", "Solana RPC calls, by method and endpoint (primary, secondary).");
        _rpcErrors = meter.CreateCounter<long>("solstake.rpc.errors", "{call}", "Solana RPC calls that failed, by method, endpoint and failure.");
        _rpcDuration = meter.CreateHistogram<double>("solstake.rpc.duration", "s", "Solana RPC call latency, by method and endpoint.");
    }

    public void RpcCall(string method, string endpoint, TimeSpan elapsed, string? failure)
    {
        var tags = new TagList { { "method", method }, { "endpoint", endpoint } };
        _rpcCalls.Add(1, tags);
        _rpcDuration.Record(elapsed.TotalSeconds, tags);
        if (failure is not null)
        {
            tags.Add("failure", failure);
            _rpcErrors.Add(1, tags);
        }
    }
}
