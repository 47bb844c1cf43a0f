using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SolStake.Core.DependencyInjection;

// In the namespace of IServiceCollection, like the Add* methods of the .NET libraries: a host needs no extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers SolStake in a service collection.</summary>
public static class SolStakeServiceCollectionExtensions
{
    /// <summary>
    /// Adds the services every SolStake package relies on and returns the builder the packages extend. Options of
    /// every package bind from the <c>SolStake</c> configuration section (see <see cref="SolStakeConfiguration"/>),
    /// and are validated when the host starts. Calling this more than once is harmless.
    /// </summary>
    public static ISolStakeBuilder AddSolStake(this IServiceCollection services) => AddSolStake(services, SolStakeConfiguration.RootSection);

    /// <summary>
    /// Adds SolStake with every package's options under <paramref name="configSectionPath"/> of the host's
    /// configuration (for example <c>Staking:SolStake</c>: the storage binds <c>Staking:SolStake:Storage</c>, the API
    /// <c>Staking:SolStake:GraphQL</c>, <c>:Auth</c>, <c>:RateLimit</c>, <c>:Cache</c>, ...). Call it before the packages'
    /// <c>Add*</c>; the first root given is kept.
    /// </summary>
    public static ISolStakeBuilder AddSolStake(this IServiceCollection services, string configSectionPath)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(configSectionPath);
        return Add(services, new SolStakeConfigurationRoot(configSectionPath, null));
    }

    /// <summary>
    /// Adds SolStake with every package's options bound from subsections of <paramref name="configuration"/> (for example
    /// <c>builder.Configuration.GetSection("Staking")</c>: the storage binds its <c>Storage</c> subsection).
    /// </summary>
    public static ISolStakeBuilder AddSolStake(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        return Add(services, new SolStakeConfigurationRoot((configuration as IConfigurationSection)?.Path ?? string.Empty, configuration));
    }

    private static SolStakeBuilder Add(IServiceCollection services, SolStakeConfigurationRoot root)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(root);
        return new SolStakeBuilder(services);
    }

    private sealed class SolStakeBuilder(IServiceCollection services) : ISolStakeBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}
