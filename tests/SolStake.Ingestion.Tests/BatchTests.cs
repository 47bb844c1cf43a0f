using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SolStake.Ingestion.Rpc;
using SolStake.Testing;
using Reply = SolStake.Testing.FixtureRpcServer.Reply;

namespace SolStake.Ingestion.Tests;

public class BatchTests
{
    [Test]
    public async Task EpochAndVoteAccounts_GoInOneBatch()
    {
        await using var rpc = await RpcClientHarness.StartAsync();
        rpc.Server.ServeVoteAccountsWithEpochInfo();

        var (epoch, accounts) = await rpc.Client.GetEpochAndVoteAccountsAsync();

        Assert.That(epoch.Epoch, Is.EqualTo(752UL));
        Assert.That(accounts.Count, Is.EqualTo(1351));
        Assert.That(rpc.Server.BatchesReceived, Is.EqualTo(1));
        Assert.That(rpc.Server.Received.Select(r => r.Method), Is.EqualTo(new[] { "getEpochInfo", "getVoteAccounts" }));
    }

    [Test]
    public async Task NodeRefusingBatches_IsAskedWithSingleCalls()
    {
        await using var rpc = await RpcClientHarness.StartAsync();
        rpc.Server.ServeVoteAccountsWithEpochInfo();
        rpc.Server.RefuseBatches = true;

        var (epoch, accounts) = await rpc.Client.GetEpochAndVoteAccountsAsync();

        Assert.That((epoch.Epoch, accounts.Count), Is.EqualTo((752UL, 1351)));
        Assert.That(rpc.Server.BatchesReceived, Is.EqualTo(1));
        Assert.That(rpc.Server.Received, Has.Count.EqualTo(2), "the two single calls");
    }

    [Test]
    public async Task OneCallOfTheBatchFailing_IsThatCallsTypedError()
    {
        await using var rpc = await RpcClientHarness.StartAsync();
        rpc.Server.Serve("getEpochInfo", "mainnet-getEpochInfo-epoch202-2021-07-16.json");
        rpc.Server.Serve("getVoteAccounts", Reply.Error(-32005, "Node is behind"));

        var ex = Assert.ThrowsAsync<SolanaRpcException>(() => rpc.Client.GetEpochAndVoteAccountsAsync());

        Assert.That((ex!.Method, ex.ErrorCode, ex.IsTransient), Is.EqualTo(("getVoteAccounts", (int?)-32005, true)));
    }

    [Test]
    public async Task BatchFailingOverHttp_IsRetried()
    {
        await using var rpc = await RpcClientHarness.StartAsync(o => o.RetryDelay = TimeSpan.Zero);
        rpc.Server.ServeVoteAccountsWithEpochInfo();
        rpc.Server.Enqueue("getEpochInfo", Reply.Http(502, "bad gateway"));

        var (epoch, _) = await rpc.Client.GetEpochAndVoteAccountsAsync();

        Assert.That(epoch.Epoch, Is.EqualTo(752UL));
        Assert.That(rpc.Server.BatchesReceived, Is.EqualTo(2));
    }

    [Test]
    public async Task RecordedBatch_ReplaysAsBatchAndAsSingleCalls()
    {
        var folder = Directory.CreateTempSubdirectory("solstake-batch-").FullName;
        try
        {
            await using (var rpc = await RpcClientHarness.StartAsync(o => o.RecordDirectory = folder))
            {
                rpc.Server.ServeVoteAccountsWithEpochInfo();
                await rpc.Client.GetEpochAndVoteAccountsAsync();
            }

            Assert.That(Directory.GetFiles(folder, "*.json", SearchOption.AllDirectories), Has.Length.EqualTo(2), "one recording per call");
            await using var replay = await RpcClientHarness.StartAsync(o => o.ReplayDirectory = folder);
            var (epoch, accounts) = await replay.Client.GetEpochAndVoteAccountsAsync();
            var single = await replay.Client.GetVoteAccountsAsync();

            Assert.That((epoch.Epoch, accounts.Count, single.Count), Is.EqualTo((752UL, 1351, 1351)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

public class OptionsPrecedenceTests
{
    [Test]
    public void CodeConfiguration_WinsOverBoundConfiguration()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["SolStake:Solana:RpcUrl"] = "https://from-config.example/", ["SolStake:Solana:MaxRetryAttempts"] = "5" }).Build());
        Microsoft.Extensions.DependencyInjection.SolStakeServiceCollectionExtensions.AddSolStake(services)
            .AddSolanaRpcClient(o => o.RpcUrl = new Uri("https://from-code.example/"));
        using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);

        var options = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<Microsoft.Extensions.Options.IOptions<SolanaRpcOptions>>(provider).Value;

        Assert.That(options.RpcUrl, Is.EqualTo(new Uri("https://from-code.example/")));
        Assert.That(options.MaxRetryAttempts, Is.EqualTo(5), "what code leaves alone still comes from configuration");
    }
}
