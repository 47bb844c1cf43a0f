using SolStake.Testing;

namespace SolStake.Host.Tests;

/// <summary>The servers the host tests share: one PostgreSQL and one Redis, started once for the assembly.</summary>
[SetUpFixture]
public sealed class Servers
{
    private static PostgresServer? _postgres;
    private static RedisServer? _redis;

    public static PostgresServer Postgres => _postgres ?? throw new InvalidOperationException("PostgreSQL did not start.");

    public static RedisServer Redis => _redis ?? throw new InvalidOperationException("Redis did not start.");

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _postgres = await PostgresServer.StartAsync();
        _redis = await RedisServer.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}
