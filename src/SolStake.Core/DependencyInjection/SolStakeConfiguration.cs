using Microsoft.Extensions.Configuration;

namespace SolStake.Core.DependencyInjection;

/// <summary>
/// The configuration sections SolStake packages bind their options from: each package's section under one root,
/// <c>SolStake</c> unless the host names another (<c>AddSolStake("Staking:SolStake")</c> or
/// <c>AddSolStake(configuration.GetSection(...))</c>).
/// </summary>
public static class SolStakeConfiguration
{
    /// <summary>The default root section: <c>SolStake</c> (environment variables <c>SolStake__...</c>).</summary>
    public const string RootSection = "SolStake";

    /// <summary>Returns the path of a package's section under the default root, for example <c>SolStake:Storage</c>.</summary>
    public static string Section(string name) => $"{RootSection}:{name}";
}

/// <summary>
/// Where <typeparamref name="TOptions"/> were bound from, for messages that name the key a host actually set
/// (<c>Staking:SolStake:Auth:SecretKey</c> rather than the default). Registered by
/// <see cref="SolStakeBuilderOptionsExtensions.AddSolStakeOptions{TOptions}"/>.
/// </summary>
/// <typeparam name="TOptions">The options type.</typeparam>
public sealed class SolStakeSection<TOptions>
    where TOptions : class
{
    /// <summary>Creates the record of a section.</summary>
    public SolStakeSection(string path) => Path = path;

    /// <summary>The configuration path, for example <c>SolStake:Auth</c>.</summary>
    public string Path { get; }

    /// <summary>The full key of <paramref name="setting"/> in this section, for example <c>SolStake:Auth:SecretKey</c>.</summary>
    public string Key(string setting) => Path.Length == 0 ? setting : $"{Path}:{setting}";
}

/// <summary>The root every SolStake section is under, as <c>AddSolStake</c> was given it.</summary>
internal sealed class SolStakeConfigurationRoot(string path, IConfiguration? configuration)
{
    public string Path { get; } = path;

    /// <summary>The section given as an object, bound directly; <c>null</c> when a path of the host's configuration was given.</summary>
    public IConfiguration? Configuration { get; } = configuration;

    /// <summary>Moves a default path (<c>SolStake:X</c>) under this root; any other path stays as given.</summary>
    public string Rebase(string defaultPath) =>
        Relative(defaultPath) is not { } relative ? defaultPath
        : Path.Length == 0 ? relative
        : $"{Path}:{relative}";

    /// <summary>The part of a default path under the root (<c>X</c> of <c>SolStake:X</c>); <c>null</c> for any other path.</summary>
    public static string? Relative(string defaultPath)
    {
        const string prefix = SolStakeConfiguration.RootSection + ":";
        return defaultPath.StartsWith(prefix, StringComparison.Ordinal) ? defaultPath[prefix.Length..] : null;
    }
}
