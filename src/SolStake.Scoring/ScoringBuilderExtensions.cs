using Microsoft.Extensions.Configuration;
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
    /// <see cref="AddScoring(ISolStakeBuilder, Action{ScoringOptions}?, string?)"/> with its options bound from <paramref name="configuration"/>
    /// (a section object, for example <c>builder.Configuration.GetSection("Staking:Scoring")</c>). Calling it
    /// again binds nothing: the first call's binding stays.
    /// </summary>
    public static ISolStakeBuilder AddScoring(this ISolStakeBuilder builder, IConfiguration configuration) =>
        builder.BindOptionsTo<ScoringOptions>(configuration).AddScoring();

    /// <summary>
    /// Adds scoring of stored data: the profiles (see <see cref="AddScoringProfiles"/>) and an <see cref="IScoringRunner"/>
    /// that loads the history from the registered store, scores it and stores the run. Options bind from
    /// <paramref name="configSectionPath"/> (default <c>SolStake:Scoring</c>), then <paramref name="configure"/>. Needs a
    /// storage package. Calling it again adds only <paramref name="configure"/>.
    /// </summary>
    public static ISolStakeBuilder AddScoring(this ISolStakeBuilder builder, Action<ScoringOptions>? configure = null, string? configSectionPath = null)
    {
        builder.AddScoringProfiles(configure, configSectionPath);
        builder.Services.TryAddSingleton<ScoringRunner>();
        builder.Services.TryAddSingleton<IScoringRunner>(static sp => sp.GetRequiredService<ScoringRunner>());
        builder.Services.TryAddSingleton<IScoringPreview>(static sp => sp.GetRequiredService<ScoringRunner>());
        return builder;
    }

    /// <summary>
    /// Adds <see cref="IScoringProfiles"/> alone (no store needed), with options from <paramref name="configSectionPath"/>
    /// (default <c>SolStake:Scoring</c>) then <paramref name="configure"/>. Harmless twice.
    /// </summary>
    public static ISolStakeBuilder AddScoringProfiles(this ISolStakeBuilder builder, Action<ScoringOptions>? configure = null, string? configSectionPath = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.AddSolStakeOptions(ScoringOptions.SectionName, configure, configSectionPath))
        {
            return builder;
        }

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ScoringOptions>, ScoringOptionsValidator>());
        builder.Services.TryAddSingleton<IScoringProfiles, ScoringProfiles>();
        return builder;
    }
}

