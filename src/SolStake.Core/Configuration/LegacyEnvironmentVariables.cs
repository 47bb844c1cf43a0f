using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace SolStake.Core.Configuration;

/// <summary>
/// Keeps the environment variables of SolStake's Node.js deployments working (<c>DATABASE_URL</c>,
/// <c>REDIS_URL</c>, <c>SOLANA_RPC_URL</c>, ...) by mapping each onto its <c>SolStake:...</c> configuration key.
/// </summary>
public static class LegacyEnvironmentVariables
{
    /// <summary>Each legacy variable and the configuration key it sets.</summary>
    public static IReadOnlyDictionary<string, string> Map { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["DATABASE_URL"] = "SolStake:Storage:ConnectionString",
        ["REDIS_URL"] = "SolStake:Redis:ConnectionString",
        ["SOLANA_RPC_URL"] = "SolStake:Solana:RpcUrl",
        ["SOLANA_RPC_SECONDARY"] = "SolStake:Solana:SecondaryRpcUrl",
        ["JWT_SECRET_KEY"] = "SolStake:Auth:SecretKey",
        ["JWT_EXPIRY"] = "SolStake:Auth:Expiry",
        ["PORT"] = "SolStake:Http:Port",
    };

    /// <summary>
    /// Adds the legacy variables as a configuration source. It goes just before the first unprefixed environment-variable
    /// source already in the builder, so appsettings files are overridden by the legacy variables, and an explicit
    /// <c>SolStake__...</c> variable overrides both.
    /// </summary>
    public static IConfigurationBuilder AddSolStakeLegacyEnvironmentVariables(this IConfigurationBuilder builder)
        => builder.AddSolStakeLegacyEnvironmentVariables(Environment.GetEnvironmentVariable);

    /// <summary>As <see cref="AddSolStakeLegacyEnvironmentVariables(IConfigurationBuilder)"/>, reading variables through <paramref name="getVariable"/>.</summary>
    public static IConfigurationBuilder AddSolStakeLegacyEnvironmentVariables(this IConfigurationBuilder builder, Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(getVariable);

        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (variable, key) in Map)
        {
            var value = getVariable(variable);
            if (!string.IsNullOrWhiteSpace(value))
            {
                values[key] = value.Trim();
            }
        }

        var source = new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = values };
        var index = IndexOfFirstEnvironmentSource(builder.Sources);
        if (index < 0)
        {
            builder.Sources.Add(source);
        }
        else
        {
            builder.Sources.Insert(index, source);
        }

        return builder;
    }

    private static int IndexOfFirstEnvironmentSource(IList<IConfigurationSource> sources)
    {
        for (var i = 0; i < sources.Count; i++)
        {
            // Prefixed sources (DOTNET_, ASPNETCORE_) hold host settings and come before appsettings; skip them.
            if (sources[i] is EnvironmentVariablesConfigurationSource { Prefix: null or "" })
            {
                return i;
            }
        }

        return -1;
    }
}
