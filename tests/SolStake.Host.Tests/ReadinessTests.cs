using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SolStake.Testing;

namespace SolStake.Host.Tests;

/// <summary><c>GET /health/ready</c> through a real host with real Redis, which the tests stop, and a database they break.</summary>
public class ReadinessTests
{
    [TestCase(false, HttpStatusCode.OK, "degraded", TestName = "Ready_RedisDown_IsDegraded_AndStaysInTheLoadBalancer")]
    [TestCase(true, HttpStatusCode.ServiceUnavailable, "unhealthy", TestName = "Ready_RedisDown_WhenRequired_Is503")]
    public async Task Ready_ReportsEachDependency(bool redisRequired, HttpStatusCode expectedDown, string expectedRedis)
    {
        var redis = await RedisServer.StartOwnAsync();
        await using var api = await ApiHarness.StartAsync("Sqlite", redisUrl: redis.Url, redisRequired: redisRequired);

        var (readyStatus, ready) = await ReadyAsync(api);
        await redis.DisposeAsync();
        var (downStatus, down) = await ReadyAsync(api);
        using var health = await api.Http.GetAsync("health");

        Assert.That(readyStatus, Is.EqualTo(HttpStatusCode.OK), ready.ToString());
        Assert.That(ready.GetProperty("status").GetString(), Is.EqualTo("healthy"));
        Assert.That(ready.GetProperty("checks").GetProperty("solstake-database").GetProperty("status").GetString(), Is.EqualTo("healthy"));
        Assert.That(ready.GetProperty("checks").GetProperty("solstake-redis").GetProperty("status").GetString(), Is.EqualTo("healthy"));
        Assert.That(downStatus, Is.EqualTo(expectedDown), down.ToString());
        Assert.That(down.GetProperty("status").GetString(), Is.EqualTo(expectedRedis));
        Assert.That(down.GetProperty("checks").GetProperty("solstake-redis").GetProperty("status").GetString(), Is.EqualTo(expectedRedis));
        Assert.That(down.GetProperty("checks").GetProperty("solstake-database").GetProperty("status").GetString(), Is.EqualTo("healthy"));
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK), "liveness does not depend on Redis");
    }

    [Test]
    public async Task Ready_WithoutRedis_ChecksTheDatabaseOnly_AndNoticesItBroken()
    {
        await using var api = await ApiHarness.StartAsync("Sqlite");
        var (status, ready) = await ReadyAsync(api);

        await using (var connection = new SqliteConnection(api.Database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var rename = connection.CreateCommand();
            rename.CommandText = "ALTER TABLE validators RENAME TO validators_moved";
            await rename.ExecuteNonQueryAsync();
        }

        var (brokenStatus, broken) = await ReadyAsync(api);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(ready.GetProperty("checks").EnumerateObject().Select(c => c.Name), Is.EqualTo(new[] { "solstake-database" }));
        Assert.That(brokenStatus, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(broken.GetProperty("checks").GetProperty("solstake-database").GetProperty("status").GetString(), Is.EqualTo("unhealthy"));
        // Public and unlimited: statuses only, never the exception (it names the table, the file) or a description.
        Assert.That(broken.ToString(), Does.Not.Contain("validators").And.Not.Contain("description").And.Not.Contain("SQLite"));
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> ReadyAsync(ApiHarness api)
    {
        using var response = await api.Http.GetAsync("health/ready");
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }
}
