using SolStake.Core.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using SolStake.Core.Storage;
using SolStake.Storage.Bulk;

namespace SolStake.Storage.PostgreSQL;

internal sealed class PostgresProvider : StorageProvider
{
    // 42P01: undefined_table.
    private const string UndefinedTable = "42P01";

    public static readonly PostgresProvider Instance = new();

    public override string SystemName => "postgresql";

    public override string DisplayName => "PostgreSQL";

    public override IStagingLoader Staging { get; } = new PostgresStagingLoader();

    public override void ConfigureContext(DbContextOptionsBuilder builder, IServiceProvider services) =>
        PostgresDbContext.Configure(builder, services.GetRequiredKeyedService<NpgsqlDataSource>(SolStakeDatabase.DataSourceKey));

    public override bool IsMissingTable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: UndefinedTable })
            {
                return true;
            }
        }

        return false;
    }

    public override StorageException? Translate(Exception exception, string operation) => exception is NpgsqlException npgsql
        ? new StorageException($"PostgreSQL failed while {operation}: {npgsql.Message}", npgsql.IsTransient, npgsql)
        : null;
}

internal sealed class PostgresStorageOptionsValidator(SolStakeSection<StorageOptions> section) : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail(
                $"{section.Key("ConnectionString")} is required for PostgreSQL storage (environment variable {section.Key("ConnectionString").Replace(":", "__", StringComparison.Ordinal)}, or DATABASE_URL in a host that calls AddSolStakeLegacyEnvironmentVariables()).");
        }

        try
        {
            _ = PostgresConnectionString.Normalize(options.ConnectionString);
            return ValidateOptionsResult.Success;
        }
        catch (FormatException ex)
        {
            return ValidateOptionsResult.Fail(ex.Message);
        }
    }
}
