namespace SolStake.Core.DependencyInjection;

/// <summary>The configuration sections SolStake packages bind their options from.</summary>
public static class SolStakeConfiguration
{
    /// <summary>The root section: <c>SolStake</c> (environment variables <c>SolStake__...</c>).</summary>
    public const string RootSection = "SolStake";

    /// <summary>Returns the path of a package's section, for example <c>SolStake:Storage</c>.</summary>
    public static string Section(string name) => $"{RootSection}:{name}";
}
