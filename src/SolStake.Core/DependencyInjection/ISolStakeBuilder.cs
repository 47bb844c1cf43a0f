using Microsoft.Extensions.DependencyInjection;

namespace SolStake.Core.DependencyInjection;

/// <summary>
/// Returned by <see cref="SolStakeServiceCollectionExtensions.AddSolStake(IServiceCollection)"/>. Each SolStake
/// package adds its capabilities as extension methods on this builder (<c>AddSqliteStorage</c>,
/// <c>AddRpcIngestion</c>, <c>AddGraphQLApi</c>, ...).
/// </summary>
public interface ISolStakeBuilder
{
    /// <summary>The service collection the packages register into.</summary>
    IServiceCollection Services { get; }
}
