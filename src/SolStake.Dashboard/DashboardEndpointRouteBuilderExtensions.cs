using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;
using SolStake.Dashboard;

// In the namespace of WebApplication, like the Map* methods of ASP.NET Core: a host needs no extra using.
namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps SolStake's web dashboard and GraphQL explorer. Needs <c>AddDashboard()</c>.</summary>
public static class DashboardEndpointRouteBuilderExtensions
{
    private static readonly string[] GetOrHead = [HttpMethods.Get, HttpMethods.Head];

    /// <summary>
    /// Maps the dashboard at <paramref name="pattern"/> (its pages live in the URL's fragment, <c>#/validator/…</c>, so
    /// nothing else is routed) with its scripts and styles under <c>{pattern}/assets/</c>, and the GraphiQL explorer for
    /// a browser opening <see cref="DashboardOptions.GraphQLPath"/> (a GET accepting <c>text/html</c> without
    /// <c>?query=</c>; every other request there still reaches the API) when <see cref="DashboardOptions.EnableExplorer"/>
    /// allows it. Every page is sent with <see cref="DashboardOptions.ContentSecurityPolicy"/>. The pages call only the
    /// GraphQL API, so map it too (<c>MapSolStake()</c> or <c>MapSolStakeGraphQL()</c>).
    /// </summary>
    public static IEndpointConventionBuilder MapSolStakeDashboard(this IEndpointRouteBuilder endpoints, string pattern = "/")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pattern);
        var pages = endpoints.ServiceProvider.GetService<DashboardPages>()
            ?? throw new InvalidOperationException("MapSolStakeDashboard() needs the dashboard's services: call AddDashboard() on AddSolStake().");
        var prefix = pattern.TrimEnd('/');
        if (prefix.Length > 0 && prefix[0] != '/')
        {
            throw new ArgumentException($"The dashboard's pattern must start with '/' (it is '{pattern}').", nameof(pattern));
        }

        var group = endpoints.MapGroup(string.Empty);
        group.MapMethods(prefix.Length == 0 ? "/" : prefix, GetOrHead, (HttpContext http) => pages.WriteIndexAsync(http, prefix)).ExcludeFromDescription();
        group.MapMethods(prefix + "/assets/{**file}", GetOrHead, Assets(endpoints, pages, prefix)).ExcludeFromDescription();
        if (pages.ExplorerEnabled)
        {
            // The same route as the API's GET: ExplorerMatcherPolicy keeps this candidate for browsers only, and its
            // order makes it win when it is one.
            group.MapGet(pages.GraphQLPath, (HttpContext http) => pages.WriteExplorerAsync(http, prefix))
                .WithMetadata(ExplorerPageMetadata.Instance)
                .WithOrder(-1)
                .ExcludeFromDescription();
        }

        return group;
    }

    // ASP.NET Core's static file middleware over the embedded files, run as an endpoint the way MapFallbackToFile runs
    // it (the endpoint is cleared first, or the middleware would step aside): ETag, If-None-Match, ranges and content
    // types come from it. The file names carry a content hash, so they may be cached for a year.
    private static RequestDelegate Assets(IEndpointRouteBuilder endpoints, DashboardPages pages, string prefix) =>
        endpoints.CreateApplicationBuilder()
            .Use(static (http, next) =>
            {
                http.SetEndpoint(null);
                return next(http);
            })
            .UseStaticFiles(new StaticFileOptions
            {
                FileProvider = pages.Files,
                RequestPath = prefix,
                ContentTypeProvider = new FileExtensionContentTypeProvider(),
                OnPrepareResponse = context =>
                {
                    pages.AddSecurityHeaders(context.Context.Response);
                    context.Context.Response.Headers.CacheControl = new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromDays(365), Extensions = { new NameValueHeaderValue("immutable") } }.ToString();
                },
            })
            .Build();
}
