using Microsoft.Extensions.Configuration;
using System.Globalization;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SolStake.Core.DependencyInjection;
using SolStake.GraphQL;

namespace SolStake.Host.Tests;

/// <summary>The API on a loopback port with a fake clock; the queries touch no database.</summary>
internal sealed class LightApi : IAsyncDisposable
{
    /// <summary>Where the fake clock starts.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private LightApi(WebApplication app, FakeTimeProvider time, HttpClient http)
    {
        App = app;
        Time = time;
        Http = http;
    }

    public WebApplication App { get; }

    public FakeTimeProvider Time { get; }

    public HttpClient Http { get; }

    public static async Task<LightApi> StartAsync(int? permitLimit = null, Action<Microsoft.Extensions.Configuration.ConfigurationManager>? configure = null, string? redisUrl = null)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["SolStake:Auth:SecretKey"] = HostProcess.TestSecret;
        if (permitLimit is { } limit)
        {
            builder.Configuration["SolStake:RateLimit:PermitLimit"] = limit.ToString(CultureInfo.InvariantCulture);
        }

        configure?.Invoke(builder.Configuration);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var time = new FakeTimeProvider(Start);
        builder.Services.AddSingleton<TimeProvider>(time);
        var solStake = builder.Services.AddSolStake().AddGraphQLApi().AddSolStakeJwt();
        if (redisUrl is not null)
        {
            solStake.AddRedis(o => o.ConnectionString = redisUrl);
            builder.Services.AddHealthChecks().AddSolStakeRedis();
        }

        // Behind a proxy the host configures ASP.NET Core's forwarded headers itself, as the sample host does; SolStake
        // counts the client the middleware established.
        var proxies = builder.Configuration.GetSection("SolStake:RateLimit:TrustedProxies").Get<string[]>() ?? [];
        if (proxies.Length > 0)
        {
            builder.Services.Configure<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>(forwarded =>
            {
                forwarded.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor;
                forwarded.KnownProxies.Clear();
                forwarded.KnownIPNetworks.Clear();
                foreach (var proxy in proxies)
                {
                    forwarded.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
                }
            });
        }

        var app = builder.Build();
        if (proxies.Length > 0)
        {
            app.UseForwardedHeaders();
        }

        app.MapSolStake();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new LightApi(app, time, new HttpClient { BaseAddress = new Uri(address) });
    }

    public async Task<HttpResponseMessage> QueryAsync(string? token = null, string? forwardedFor = null, string query = "{ __typename }")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "graphql") { Content = JsonContent.Create(new { query }) };
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        return await Http.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
