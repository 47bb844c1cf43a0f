using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace SolStake.GraphQL.RateLimiting;

/// <summary>
/// ASP.NET Core's forwarded-headers middleware, trusting exactly <see cref="RateLimitOptions.TrustedProxies"/>: it runs
/// first in the pipeline, so the client address it establishes is the one logs, HTTPS redirection and the rate
/// limiter all see. The right-most address a trusted proxy did not add is the client; from anyone else
/// <c>X-Forwarded-For</c> is ignored. Nothing is added when no proxy is trusted.
/// </summary>
internal sealed class TrustedProxiesStartupFilter(IOptions<RateLimitOptions> limits) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        if (limits.Value.TrustedProxies.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        next(app);
    };

    public static void ConfigureForwardedHeaders(ForwardedHeadersOptions forwarded, RateLimitOptions limits)
    {
        forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        // Only the configured proxies (the defaults trust loopback); every hop they added is read.
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        forwarded.ForwardLimit = null;
        foreach (var proxy in limits.TrustedProxies)
        {
            forwarded.KnownProxies.Add(IPAddress.Parse(proxy)); // validated at start (TrustedProxiesValidator)
        }
    }
}
