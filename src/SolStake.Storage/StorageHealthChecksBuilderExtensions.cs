using Microsoft.Extensions.Diagnostics.HealthChecks;
using SolStake.Core;
using SolStake.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds SolStake's database to a host's health checks.</summary>
public static class StorageHealthChecksBuilderExtensions
{
    /// <summary>
    /// Checks that the database answers a query on SolStake's own tables (so it is up and migrated). Tagged
    /// <see cref="SolStakeHealth.ReadyTag"/> unless <paramref name="tags"/> are given. Needs a storage package
    /// (<c>AddPostgresStorage</c> or <c>AddSqliteStorage</c>).
    /// </summary>
    public static IHealthChecksBuilder AddSolStakeDatabase(
        this IHealthChecksBuilder builder,
        string name = "solstake-database",
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null,
        TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddCheck<DatabaseHealthCheck>(name, failureStatus, tags ?? [SolStakeHealth.ReadyTag], timeout ?? TimeSpan.FromSeconds(10));
    }
}
