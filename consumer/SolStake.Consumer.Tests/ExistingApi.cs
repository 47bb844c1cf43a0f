using System.Net;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using SolStake.GraphQL.Auth;

namespace SolStake.Consumer.Tests;

/// <summary>
/// Composition 5: a team's existing API, with its own JWT bearer scheme as the default, its own proxy list, its own
/// HybridCache limit and distributed cache, adds SolStake's API and dashboard under <c>/staking</c>, configured under
/// its own section. SolStake changes none of the team's settings; the team's tokens reach SolStake's fields through a
/// mapping of the team's roles to SolStake's permissions; no SolStake secret is needed.
/// </summary>
public static class ExistingApi
{
    public const string Issuer = "https://auth.team.example";
    public const string Audience = "team-api";
    public const string ManagerRole = "staking-manager";
    public static readonly IPAddress Proxy = IPAddress.Parse("192.0.2.10"); // a documentation address: no traffic goes there

    public static WebApplication Build(string[] args, SecurityKey teamKey)
    {
        var builder = WebApplication.CreateBuilder(args);

        // The team's API as it was.
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o => o.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            IssuerSigningKey = teamKey,
        });
        builder.Services.AddAuthorization();
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            o.KnownProxies.Add(Proxy);
        });
        builder.Services.AddHybridCache(o => o.MaximumPayloadBytes = 64 * 1024);
        builder.Services.AddDistributedMemoryCache();

        // SolStake, configured under the team's own section (Staking:SolStake:Storage, :Solana, :GraphQL, ...).
        builder.Services.AddSolStake("Staking:SolStake")
            .AddSqliteStorage(storage => storage.MigrateOnStart = true)
            .AddRpcIngestion()
            .AddScoring()
            .AddGraphQLApi()
            .AddDashboard(dashboard => dashboard.GraphQLPath = "/staking/graphql")
            .ConfigureAuthorization(auth => auth.MapPermissions = user => user.IsInRole(ManagerRole)
                ? [Permissions.ReadValidators, Permissions.ReadScores, Permissions.WriteStakes]
                : []);

        var app = builder.Build();
        app.UseForwardedHeaders();
        app.MapGroup("/staking").MapSolStake();
        app.MapSolStakeDashboard("/staking/dashboard");
        app.MapGet("/team/ip", (HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        app.MapGet("/team/me", (HttpContext http) => http.User.Identity?.Name ?? "anonymous").RequireAuthorization();
        return app;
    }
}
