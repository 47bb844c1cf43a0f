using SolStake.Core.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace SolStake.Core.DependencyInjection;

/// <summary>The options convention every SolStake <c>Add*</c> follows, for packages that extend <see cref="ISolStakeBuilder"/>.</summary>
public static class SolStakeBuilderOptionsExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TOptions"/> the SolStake way: bound from <paramref name="configSectionPath"/> (or
    /// <paramref name="defaultSectionPath"/>, a <c>SolStake:X</c> path moved under the root <c>AddSolStake</c> was
    /// given) and validated when the host starts, then changed by <paramref name="configure"/> (code wins over
    /// configuration). Records the path as <see cref="SolStakeSection{TOptions}"/>. A later call adds only its callback.
    /// </summary>
    /// <returns>True the first time, when the caller registers the rest of its services.</returns>
    public static bool AddSolStakeOptions<TOptions>(this ISolStakeBuilder builder, string defaultSectionPath, Action<TOptions>? configure, string? configSectionPath)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(defaultSectionPath);
        var services = builder.Services;
        var first = !services.Any(static d => d.ServiceType == typeof(SolStakeSection<TOptions>));
        if (first)
        {
            var root = Root(services);
            var options = services.AddOptionsWithValidateOnStart<TOptions>();
            var given = services.FirstOrDefault(static d => d.ServiceType == typeof(GivenSection<TOptions>));
            if (given?.ImplementationInstance is GivenSection<TOptions> section)
            {
                services.Remove(given);
                options.Bind(section.Configuration);
                services.AddSingleton(new SolStakeSection<TOptions>((section.Configuration as IConfigurationSection)?.Path ?? string.Empty));
            }
            else if (configSectionPath is not null)
            {
                options.BindConfiguration(configSectionPath);
                services.AddSingleton(new SolStakeSection<TOptions>(configSectionPath));
            }
            else if (root.Configuration is { } rootSection)
            {
                // A section object: bound from it directly, so a host's configuration it does not belong to is never read.
                var relative = SolStakeConfigurationRoot.Relative(defaultSectionPath) ?? defaultSectionPath;
                options.Bind(rootSection.GetSection(relative));
                services.AddSingleton(new SolStakeSection<TOptions>(root.Rebase(defaultSectionPath)));
            }
            else
            {
                var path = root.Rebase(defaultSectionPath);
                options.BindConfiguration(path);
                services.AddSingleton(new SolStakeSection<TOptions>(path));
            }
        }

        if (configure is not null)
        {
            services.Configure(configure);
        }

        return first;
    }

    /// <summary>
    /// Makes the next <see cref="AddSolStakeOptions{TOptions}"/> bind <typeparamref name="TOptions"/> from
    /// <paramref name="configuration"/> (a section object, as <c>AddXxx(IConfiguration)</c> overloads take) instead of a
    /// path. Does nothing once <typeparamref name="TOptions"/> are registered: the first call's binding stays.
    /// </summary>
    public static ISolStakeBuilder BindOptionsTo<TOptions>(this ISolStakeBuilder builder, IConfiguration configuration)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        if (!builder.Services.Any(static d => d.ServiceType == typeof(SolStakeSection<TOptions>)))
        {
            builder.Services.RemoveAll<GivenSection<TOptions>>();
            builder.Services.AddSingleton(new GivenSection<TOptions>(configuration));
        }

        return builder;
    }

    // A section given as an object for TOptions, consumed by the AddSolStakeOptions call that registers them.
    private sealed record GivenSection<TOptions>(IConfiguration Configuration);

    /// <summary>
    /// The configuration path a package binds <paramref name="defaultSectionPath"/> (<c>SolStake:X</c>) from: moved under
    /// the root <c>AddSolStake</c> was given, for packages that read a section themselves.
    /// </summary>
    public static string SectionPath(this ISolStakeBuilder builder, string defaultSectionPath)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(defaultSectionPath);
        return Root(builder.Services).Rebase(defaultSectionPath);
    }

    // The root AddSolStake registered (the default one when a package is added to a bare service collection in a test).
    internal static SolStakeConfigurationRoot Root(IServiceCollection services) =>
        services.FirstOrDefault(static d => d.ServiceType == typeof(SolStakeConfigurationRoot))?.ImplementationInstance as SolStakeConfigurationRoot
        ?? new SolStakeConfigurationRoot(SolStakeConfiguration.RootSection, null);
}
