using Microsoft.Extensions.Diagnostics.HealthChecks;
using SolStake.Core;
using SolStake.Jobs;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds SolStake's scheduler and data freshness to a host's health checks.</summary>
public static class JobsHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds two checks, tagged <see cref="SolStakeHealth.ReadyTag"/> unless <paramref name="tags"/> are given:
    /// <c>{namePrefix}scheduler</c>, unhealthy unless the scheduler runs (only when <see cref="JobsOptions.RunScheduler"/>
    /// is on), and <c>{namePrefix}freshness</c>, degraded when the last successful fetch on any instance is older than
    /// two fetch intervals (off with <see cref="JobsOptions.CheckFreshness"/>). Needs <c>AddJobs()</c>.
    /// </summary>
    public static IHealthChecksBuilder AddSolStakeJobs(this IHealthChecksBuilder builder, string namePrefix = "solstake-", IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var checkTags = tags?.ToArray() ?? [SolStakeHealth.ReadyTag];
        return builder
            .AddCheck<SchedulerHealthCheck>(namePrefix + "scheduler", tags: checkTags, timeout: TimeSpan.FromSeconds(5))
            .AddCheck<FreshnessHealthCheck>(namePrefix + "freshness", HealthStatus.Degraded, checkTags, TimeSpan.FromSeconds(10));
    }
}
