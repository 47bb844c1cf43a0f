using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using SolStake.Storage.PostgreSQL;
using SolStake.Storage.Sqlite;

namespace SolStake.Storage.Design;

// Design-time only: `dotnet ef migrations add` builds the contexts here, so the packages carry no design-time code
// (and no runtimeconfig.json, which the EF Core design package would add to them).

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

/// <summary>Lets <c>dotnet ef migrations add</c> build the context without a host.</summary>
internal sealed class SqliteDbContextDesignFactory : IDesignTimeDbContextFactory<SqliteDbContext>
{
    public SqliteDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<SqliteDbContext>();
        SqliteDbContext.Configure(builder, "Data Source=design.db");
        return new SqliteDbContext(builder.Options);
    }
}
