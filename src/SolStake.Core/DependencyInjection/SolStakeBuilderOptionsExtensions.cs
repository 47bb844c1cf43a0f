using Microsoft.Extensions.DependencyInjection;

namespace SolStake.Core.DependencyInjection;

/// <summary>The options convention every SolStake <c>Add*</c> follows, for packages that extend <see cref="ISolStakeBuilder"/>.</summary>
public static class SolStakeBuilderOptionsExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TOptions"/> the SolStake way: bound from <paramref name="configSectionPath"/> (or
    /// <paramref name="defaultSectionPath"/>) and validated when the host starts, then changed by
    /// <paramref name="configure"/> (code wins over configuration). A later call adds only its callback.
    /// </summary>
    /// <returns>True the first time, when the caller registers the rest of its services.</returns>
    public static bool AddSolStakeOptions<TOptions>(this ISolStakeBuilder builder, string defaultSectionPath, Action<TOptions>? configure, string? configSectionPath)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var first = !services.Any(static d => d.ServiceType == typeof(Registered<TOptions>));
        if (first)
        {
            services.AddSingleton<Registered<TOptions>>();
            services.AddOptionsWithValidateOnStart<TOptions>().BindConfiguration(configSectionPath ?? defaultSectionPath);
        }

        if (configure is not null)
        {
            services.Configure(configure);
        }

        return first;
    }

    // Marks options registered through AddSolStakeOptions.
    private sealed class Registered<TOptions>;
}
