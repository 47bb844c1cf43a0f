namespace SolStake.Host.Tests;

/// <summary>The harness's own servers answer, so a test that needs one never runs against nothing.</summary>
public class HarnessTests
{
    [Test]
    public async Task Redis_AnswersPing()
    {
        Assert.That(await Servers.Redis.PingAsync(), Is.EqualTo("+PONG"));
        Assert.That(Servers.Redis.Url, Does.StartWith("redis://127.0.0.1:"));
    }

    [Test]
    public async Task Postgres_CreatesIsolatedDatabases()
    {
        var a = await Servers.Postgres.CreateDatabaseAsync("h");
        var b = await Servers.Postgres.CreateDatabaseAsync("h");

        Assert.That(new Npgsql.NpgsqlConnectionStringBuilder(a).Database, Is.Not.EqualTo(new Npgsql.NpgsqlConnectionStringBuilder(b).Database));
        await using var connection = new Npgsql.NpgsqlConnection(a);
        await connection.OpenAsync();
        Assert.That(connection.PostgreSqlVersion.Major, Is.GreaterThanOrEqualTo(15));
    }
}
