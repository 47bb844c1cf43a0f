using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SolStake.Core.DependencyInjection;
using SolStake.Core.Storage;
using SolStake.Scoring;

// In the namespace of IServiceCollection, like the Add* methods of the .NET libraries: a host needs no extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers scoring.</summary>
public static class ScoringBuilderExtensions
{
    /// <summary>
    /// Adds scoring of stored data: the profiles (see <see cref="AddScoringProfiles"/>) and an <see cref="IScoringRunner"/>
    /// that loads the history from the registered store, scores it and stores the run. Needs a storage package.
    /// </summary>
    public static ISolStakeBuilder AddScoring(this ISolStakeBuilder builder, Action<ScoringOptions>? configure = null)
    {
        builder.AddScoringProfiles(configure);
        builder.Services.TryAddSingleton<IScoringRunner, ScoringRunner>();
        return builder;
    }

    /// <summary>Adds <see cref="IScoringProfiles"/> alone, with options from <c>SolStake:Scoring</c> then <paramref name="configure"/>. Harmless twice.</summary>
    public static ISolStakeBuilder AddScoringProfiles(this ISolStakeBuilder builder, Action<ScoringOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var first = !builder.Services.Any(d => d.ServiceType == typeof(IScoringProfiles));
        if (first)
        {
            // Configuration binds first; code configures last, so code wins.
            builder.Services.AddOptions<ScoringOptions>().BindConfiguration(ScoringOptions.SectionName).ValidateOnStart();
        }

        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }

        if (!first)
        {
            return builder;
        }

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ScoringOptions>, ScoringOptionsValidator>());
        builder.Services.TryAddSingleton<IScoringProfiles, ScoringProfiles>();
        return builder;
    }
}

