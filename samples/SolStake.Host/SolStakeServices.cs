using SolStake.Core.Configuration;
using SolStake.Core.DependencyInjection;

namespace SolStake.Host;

/// <summary>How the sample host composes the SolStake packages; the web server and every verb share it.</summary>
internal static class SolStakeServices
{
    /// <summary>
    /// Storage (PostgreSQL or the embedded SQLite, as <see cref="UsesPostgres"/> decides), ingestion, scoring and the
    /// scheduled jobs. Every package reads its own <c>SolStake:*</c> section; the earlier deployment's variables
    /// (<c>DATABASE_URL</c>, <c>REDIS_URL</c>, <c>JWT_SECRET_KEY</c>, ...) are mapped onto those sections first.
    /// </summary>
    public static ISolStakeBuilder AddSolStakeHost(this IHostApplicationBuilder builder)
    {
        builder.Configuration.AddSolStakeLegacyEnvironmentVariables();
        var solStake = builder.Services.AddSolStake();
        _ = UsesPostgres(builder.Configuration) ? solStake.AddPostgresStorage() : solStake.AddSqliteStorage();
        return solStake
            .AddRpcIngestion()
            .AddScoring()
            .AddJobs();
    }

    /// <summary>
    /// Which database this host uses: <c>SolStake:Storage:Provider</c> (<c>Postgres</c> or <c>Sqlite</c>), or when it is
    /// unset, PostgreSQL when the connection string names a PostgreSQL server (as <c>DATABASE_URL</c> does).
    /// </summary>
    internal static bool UsesPostgres(IConfiguration configuration)
    {
        var section = configuration.GetSection("SolStake:Storage");
        var provider = section["Provider"];
        return provider switch
        {
            null or "" => section["ConnectionString"] is { } connectionString && LooksLikePostgres(connectionString),
            _ when provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase) || provider.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase) => true,
            _ when provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase) => false,
            _ => throw new InvalidOperationException($"SolStake:Storage:Provider is '{provider}'; expected Postgres or Sqlite."),
        };
    }

    private static bool LooksLikePostgres(string connectionString)
    {
        var s = connectionString.TrimStart();
        return s.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || s.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            || s.Contains("Host=", StringComparison.OrdinalIgnoreCase)
            || s.Contains("Server=", StringComparison.OrdinalIgnoreCase);
    }
}
