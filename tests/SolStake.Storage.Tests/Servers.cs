using SolStake.Testing;

namespace SolStake.Storage.Tests;

/// <summary>One PostgreSQL server for the whole assembly; each test creates its own database on it.</summary>
[SetUpFixture]
public sealed class Servers
{
    private static PostgresServer? _postgres;

    public static PostgresServer Postgres => _postgres ?? throw new InvalidOperationException("The PostgreSQL server did not start.");

    [OneTimeSetUp]
    public async Task StartAsync() => _postgres = await PostgresServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}
