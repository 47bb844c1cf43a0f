using Microsoft.EntityFrameworkCore;
using SolStake.Storage.Model;

namespace SolStake.Storage.PostgreSQL;

internal sealed class PostgresDbContext(DbContextOptions<PostgresDbContext> options) : SolStakeDbContext(options)
{
    protected override string JsonColumnType => "json";

    // PostgreSQL checks a foreign key row by row, locking the referenced row each time: a run's 1,351 scores took the
    // run's row 1,351 times and each validator's row once, 16 of the 25 ms that inserting them took inside the server;
    // the observations' key took 5 of 12 ms (benchmarks/results/history-at-scale-2026-11-29.md, "Persisting a cycle").
    protected override bool HistoryHasForeignKeys => false;

    public static void Configure(DbContextOptionsBuilder builder, Npgsql.NpgsqlDataSource dataSource) =>
        builder.UseNpgsql(dataSource, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention();
}
