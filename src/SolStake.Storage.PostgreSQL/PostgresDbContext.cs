using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using SolStake.Storage.Model;

namespace SolStake.Storage.PostgreSQL;

internal sealed class PostgresDbContext(DbContextOptions<PostgresDbContext> options) : SolStakeDbContext(options)
{
    protected override string JsonColumnType => "json";

    public static void Configure(DbContextOptionsBuilder builder, Npgsql.NpgsqlDataSource dataSource) =>
        builder.UseNpgsql(dataSource, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention();
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the context without a host.</summary>
internal sealed class PostgresDbContextDesignFactory : IDesignTimeDbContextFactory<PostgresDbContext>
{
    public PostgresDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<PostgresDbContext>();
        var dataSource = Npgsql.NpgsqlDataSource.Create("Host=localhost;Database=solstake_design");
        PostgresDbContext.Configure(builder, dataSource);
        return new PostgresDbContext(builder.Options);
    }
}
