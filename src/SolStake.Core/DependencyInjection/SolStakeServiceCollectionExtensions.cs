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
    public static ISolStakeBuilder AddSolStake(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        return new SolStakeBuilder(services);
    }

    private sealed class SolStakeBuilder(IServiceCollection services) : ISolStakeBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}
