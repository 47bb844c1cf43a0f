using Microsoft.Extensions.Diagnostics.HealthChecks;
using SolStake.Core.Storage;

namespace SolStake.Storage;

/// <summary>
/// The database answers a query on SolStake's own tables (so it is up and migrated). Registered with the store, so
/// every host that stores data reports it: the API's readiness and the <c>metrics health</c> verb alike.
/// </summary>
internal sealed class DatabaseHealthCheck(IValidatorStore store, IStorageStartup startup) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!startup.IsComplete)
        {
            // Started before its database answered (MigrateOnStartService): not ready until its start-up work is done.
            return new HealthCheckResult(context.Registration.FailureStatus, "SolStake's storage is starting: waiting for the database.");
        }

        try
        {
            var validators = await store.CountValidatorsAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"{validators} validators stored.", new Dictionary<string, object> { ["validators"] = validators });
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The database did not answer.", ex);
        }
    }
}
