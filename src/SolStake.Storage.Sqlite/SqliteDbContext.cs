using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SolStake.Storage.Model;

namespace SolStake.Storage.Sqlite;

internal sealed class SqliteDbContext(DbContextOptions<SqliteDbContext> options) : SolStakeDbContext(options)
{
    protected override string JsonColumnType => "TEXT";

    public static void Configure(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseSqlite(connectionString, sqlite => sqlite.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(SqliteConnectionSettings.Instance);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no timestamp type and EF cannot order or compare DateTimeOffset stored as text;
        // the binary (ticks + offset) form sorts and compares as a 64-bit integer.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}
