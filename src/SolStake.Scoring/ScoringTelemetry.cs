using System.Diagnostics;
using SolStake.Core;

namespace SolStake.Scoring;

/// <summary>The scoring package's trace source: one span per scoring run.</summary>
internal static class ScoringTelemetry
{
    public static readonly ActivitySource Source = new(SolStakeTelemetry.Scoring, typeof(ScoringTelemetry).Assembly.GetName().Version?.ToString());
}
