using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SolStake.Core.DependencyInjection;
using SolStake.Dashboard;

// In the namespace of IServiceCollection, like the Add* methods of the .NET libraries: a host needs no extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers SolStake's web dashboard and GraphQL explorer.</summary>
public static class DashboardBuilderExtensions
{
    /// <summary>
    /// <see cref="AddDashboard(ISolStakeBuilder, Action{DashboardOptions}?, string?)"/> with its options bound from <paramref name="configuration"/>
    /// (a section object, for example <c>builder.Configuration.GetSection("Staking:Dashboard")</c>). Calling it
    /// again binds nothing: the first call's binding stays.
    /// </summary>
    public static ISolStakeBuilder AddDashboard(this ISolStakeBuilder builder, IConfiguration configuration) =>
        builder.BindOptionsTo<DashboardOptions>(configuration).AddDashboard();

    /// <summary>
    /// Adds the dashboard's pages and the explorer that a browser gets at the GraphQL path. Options bind from
    /// <paramref name="configSectionPath"/> (default <c>SolStake:Dashboard</c>), then <paramref name="configure"/>. Map
    /// the pages with <c>MapSolStakeDashboard()</c>; they read the API mapped by <c>MapSolStakeGraphQL()</c> (from
    /// <c>AddGraphQLApi()</c>). Calling it again adds only <paramref name="configure"/>.
    /// </summary>
    public static ISolStakeBuilder AddDashboard(this ISolStakeBuilder builder, Action<DashboardOptions>? configure = null, string? configSectionPath = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.AddSolStakeOptions(DashboardOptions.SectionName, configure, configSectionPath))
        {
            return builder;
        }

        var services = builder.Services;
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DashboardOptions>, DashboardOptionsValidator>());
        services.TryAddSingleton<DashboardPages>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, ExplorerMatcherPolicy>());
        return builder;
    }
}
