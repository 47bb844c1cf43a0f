using Microsoft.EntityFrameworkCore;
using SolStake.Storage.Model;

namespace SolStake.Storage.PostgreSQL;

internal sealed class PostgresDbContext(DbContextOptions<PostgresDbContext> options) : SolStakeDbContext(options)
{
    protected override string JsonColumnType => "json";

    public static void Configure(DbContextOptionsBuilder builder, Npgsql.NpgsqlDataSource dataSource) =>
        builder.UseNpgsql(dataSource, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention();
}
