using Microsoft.Extensions.DependencyInjection;
using SolStake.Core.DependencyInjection;
using SolStake.Ingestion;
using SolStake.Ingestion.Rpc;
using SolStake.Testing;

namespace SolStake.Ingestion.Tests;

/// <summary>A fixture RPC server and a client wired to it exactly as a host wires it.</summary>
internal sealed class RpcClientHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private RpcClientHarness(FixtureRpcServer server, ServiceProvider services)
    {
        Server = server;
        _services = services;
        Client = services.GetRequiredService<ISolanaRpcClient>();
    }

    public FixtureRpcServer Server { get; }

    public ISolanaRpcClient Client { get; }

    public static async Task<RpcClientHarness> StartAsync(Action<SolanaRpcOptions>? configure = null, TimeProvider? time = null)
    {
        var server = await FixtureRpcServer.StartAsync();
        var services = new ServiceCollection();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddLogging();
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        services.AddSolStake().AddSolanaRpcClient(o =>
        {
            o.RpcUrl = server.Url;
            o.RetryDelay = TimeSpan.FromMilliseconds(1);
            o.AttemptTimeout = TimeSpan.FromSeconds(10);
            configure?.Invoke(o);
        });
        return new RpcClientHarness(server, services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Server.DisposeAsync();
    }
}
