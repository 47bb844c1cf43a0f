using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SolStake.Storage.Model;

namespace SolStake.Storage.Tests;

/// <summary>
/// The migrations as a SQL script (<c>dotnet ef migrations script</c>), for a team whose database administrator
/// applies schema changes: the script runs whole on an empty database and leaves the schema the migrator leaves.
/// </summary>
[TestFixture("Sqlite")]
[TestFixture("Postgres")]
public class MigrationScriptTests(string provider)
{
    [Test]
    public async Task The_script_of_every_migration_builds_the_schema_the_migrator_builds()
    {
        await using var migrated = await StorageProvider.CreateAsync(provider);
        await migrated.Get<IStorageMigrator>().MigrateAsync();
        await using var scripted = await StorageProvider.CreateAsync(provider);
        await using (var context = scripted.CreateContext())
        {
            var script = context.GetService<IMigrator>().GenerateScript();
            await ExecuteAsync(context, script);
        }

        var expected = await SchemaAsync(migrated);
        var actual = await SchemaAsync(scripted);

        Assert.That(expected, Has.Some.Contains("trust_scores"), "the schema query reads the tables");
        Assert.That(actual, Is.EqualTo(expected));
    }

    [Test]
    public async Task The_last_migration_leaves_the_model_the_context_describes()
    {
        // The migrations are written by hand (no dotnet-ef here): the snapshot they end on must be the context's model.
        await using var db = await StorageProvider.CreateAsync(provider);
        await using var context = db.CreateContext();

        Assert.That(context.Database.HasPendingModelChanges(), Is.False);
    }

    [Test]
    public async Task Every_migration_runs_inside_its_transaction()
    {
        // An operation that cannot (SQLite's PRAGMA foreign_keys = 0 around a table rebuild) makes EF Core warn at each
        // start that migrates, and a stop midway leaves that migration half applied.
        await using var db = await StorageProvider.CreateAsync(provider);
        await using var context = db.CreateContext();
        var script = context.GetService<IMigrator>().GenerateScript();

        Assert.That(script, Does.Contain("trust_scores"), "the script holds the migrations");
        Assert.That(script, Does.Not.Contain("PRAGMA foreign_keys").IgnoreCase);
    }

    private static async Task ExecuteAsync(SolStakeDbContext context, string sql)
    {
        var connection = context.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    // Tables, columns, indexes, triggers and the migrations recorded as applied, one line each, in order.
    private async Task<List<string>> SchemaAsync(StorageProvider db)
    {
        var sql = provider == "Postgres"
            ? """
              SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || COALESCE(column_default, '')
              FROM information_schema.columns WHERE table_schema = 'public'
              UNION ALL SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
              UNION ALL SELECT 'constraint ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace
              UNION ALL SELECT 'trigger ' || tgname || ' ' || pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal
              UNION ALL SELECT 'function ' || proname || ' ' || prosrc FROM pg_proc WHERE pronamespace = 'public'::regnamespace
              UNION ALL SELECT 'migration ' || migration_id FROM __ef_migrations_history
              UNION ALL SELECT 'data_version rows ' || COUNT(*) FROM data_version
              ORDER BY 1
              """
            : """
              SELECT type || ' ' || name || ' ' || COALESCE(sql, '') FROM sqlite_master
              WHERE name <> '__EFMigrationsLock' -- the migrator's lock while it runs, not part of the schema
              UNION ALL SELECT 'migration ' || migration_id FROM __ef_migrations_history
              ORDER BY 1
              """;
        await using var context = db.CreateContext();
        var connection = context.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using DbDataReader reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return lines;
    }
}
