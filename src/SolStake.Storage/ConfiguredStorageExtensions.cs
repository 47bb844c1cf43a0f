using Microsoft.Extensions.Configuration;
using SolStake.Core.DependencyInjection;

namespace SolStake.Storage;

/// <summary>Chooses the storage provider from configuration, as the sample host does.</summary>
public static class ConfiguredStorageExtensions
{
    /// <summary>
    /// Adds PostgreSQL storage when <c>SolStake:Storage:Provider</c> is <c>Postgres</c>, or when it is unset and
    /// <c>SolStake:Storage:ConnectionString</c> (or <c>DATABASE_URL</c>) names a PostgreSQL server; otherwise adds
    /// SQLite storage, the embedded default.
    /// </summary>
    /// <exception cref="InvalidOperationException">The provider is neither <c>Postgres</c> nor <c>Sqlite</c>.</exception>
    public static ISolStakeBuilder AddConfiguredStorage(this ISolStakeBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return UsesPostgres(configuration) ? builder.AddPostgresStorage() : builder.AddSqliteStorage();
    }

    /// <summary>
    /// The Npgsql connection string <see cref="AddConfiguredStorage"/> would store in, or null when it would choose
    /// SQLite: for a host that puts other PostgreSQL state (the job scheduler's tables) in the same database.
    /// </summary>
    /// <exception cref="InvalidOperationException">The provider is neither <c>Postgres</c> nor <c>Sqlite</c>.</exception>
    /// <exception cref="FormatException">The PostgreSQL connection string cannot be read.</exception>
    public static string? ConfiguredPostgresConnectionString(IConfiguration configuration) =>
        UsesPostgres(configuration) && configuration.GetSection(StorageOptions.SectionName)["ConnectionString"] is { Length: > 0 } connectionString
            ? PostgresConnectionString.Normalize(connectionString)
            : null;

    private static bool UsesPostgres(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(StorageOptions.SectionName);
        var provider = section["Provider"];
        var connectionString = section["ConnectionString"];

        return provider switch
        {
            null or "" => connectionString is not null && LooksLikePostgres(connectionString),
            _ when provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase) || provider.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase) => true,
            _ when provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase) => false,
            _ => throw new InvalidOperationException($"{StorageOptions.SectionName}:Provider is '{provider}'; expected Postgres or Sqlite."),
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
