namespace SolStake.Core;

/// <summary>
/// The names SolStake's packages publish traces and metrics under: one <c>ActivitySource</c> and one <c>Meter</c>
/// per package, each named after it. A host exports them with OpenTelemetry (<c>AddSource</c>/<c>AddMeter</c> with
/// <see cref="Wildcard"/>, or the names one by one).
/// </summary>
public static class SolStakeTelemetry
{
    /// <summary>Every SolStake source and meter: <c>SolStake.*</c>.</summary>
    public const string Wildcard = "SolStake.*";

    /// <summary>Sync cycles and RPC calls.</summary>
    public const string Ingestion = "SolStake.Ingestion";

    /// <summary>Scheduled jobs: executions, failures, durations and the scheduler's state.</summary>
    public const string Jobs = "SolStake.Jobs";

    /// <summary>Database operations.</summary>
    public const string Storage = "SolStake.Storage";

    /// <summary>Scoring runs.</summary>
    public const string Scoring = "SolStake.Scoring";

    /// <summary>The API: response cache, rate limiting, and the data gauges (validators by state, scores, last sync).</summary>
    public const string Api = "SolStake.GraphQL";
}

/// <summary>The tags SolStake's health checks carry.</summary>
public static class SolStakeHealth
{
    /// <summary>The checks <c>GET /health/ready</c> runs: database, Redis, scheduler, data freshness.</summary>
    public const string ReadyTag = "ready";
}
