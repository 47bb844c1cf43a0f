using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SolStake.Core.Configuration;
using SolStake.Core.DependencyInjection;

namespace SolStake.Core.Tests;

public class ConfigurationTests
{
    [Test]
    public void LegacyVariables_MapOntoSolStakeKeys()
    {
        var env = new Dictionary<string, string>
        {
            ["DATABASE_URL"] = "postgresql://u:p@db:5432/sol_stake",
            ["REDIS_URL"] = "redis://cache:6379",
            ["SOLANA_RPC_URL"] = "https://rpc.example/",
            ["SOLANA_RPC_SECONDARY"] = "https://rpc2.example/",
            ["JWT_SECRET_KEY"] = "secret",
            ["JWT_EXPIRY"] = "24h",
            ["PORT"] = "4000",
        };

        var configuration = new ConfigurationBuilder().AddSolStakeLegacyEnvironmentVariables(env.GetValueOrDefault).Build();

        Assert.Multiple(() =>
        {
            Assert.That(configuration["SolStake:Storage:ConnectionString"], Is.EqualTo("postgresql://u:p@db:5432/sol_stake"));
            Assert.That(configuration["SolStake:Redis:ConnectionString"], Is.EqualTo("redis://cache:6379"));
            Assert.That(configuration["SolStake:Solana:RpcUrl"], Is.EqualTo("https://rpc.example/"));
            Assert.That(configuration["SolStake:Solana:SecondaryRpcUrl"], Is.EqualTo("https://rpc2.example/"));
            Assert.That(configuration["SolStake:Auth:SecretKey"], Is.EqualTo("secret"));
            Assert.That(configuration["SolStake:Auth:Expiry"], Is.EqualTo("24h"));
            Assert.That(configuration["SolStake:Http:Port"], Is.EqualTo("4000"));
        });
    }

    [Test]
    public void LegacyVariables_OverrideJsonButNotExplicitSolStakeVariables()
    {
        var builder = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["SolStake:Solana:RpcUrl"] = "https://from-appsettings/" })
            .AddEnvironmentVariables();
        var env = new Dictionary<string, string> { ["SOLANA_RPC_URL"] = "https://from-legacy/", ["DATABASE_URL"] = "Host=legacy" };
        Environment.SetEnvironmentVariable("SolStake__Storage__ConnectionString", "Host=explicit");
        try
        {
            var configuration = builder.AddSolStakeLegacyEnvironmentVariables(env.GetValueOrDefault).Build();

            Assert.That(configuration["SolStake:Solana:RpcUrl"], Is.EqualTo("https://from-legacy/"));
            Assert.That(configuration["SolStake:Storage:ConnectionString"], Is.EqualTo("Host=explicit"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("SolStake__Storage__ConnectionString", null);
        }
    }

    [Test]
    public void LegacyVariables_BlankValues_AreIgnored()
    {
        var env = new Dictionary<string, string> { ["DATABASE_URL"] = "  " };

        var configuration = new ConfigurationBuilder().AddSolStakeLegacyEnvironmentVariables(env.GetValueOrDefault).Build();

        Assert.That(configuration["SolStake:Storage:ConnectionString"], Is.Null);
    }

    [Test]
    public void AddSolStake_Twice_RegistersTimeProviderOnce()
    {
        var services = new ServiceCollection();

        services.AddSolStake();
        var builder = services.AddSolStake();

        Assert.That(builder.Services, Is.SameAs(services));
        Assert.That(services.Count(d => d.ServiceType == typeof(TimeProvider)), Is.EqualTo(1));
    }
}
