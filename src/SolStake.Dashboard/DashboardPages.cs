using System.Net;
using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using SolStake.GraphQL;

namespace SolStake.Dashboard;

/// <summary>The built front end embedded in this assembly (client/dist), and its two HTML pages as the host serves them.</summary>
internal sealed class DashboardPages
{
    // Written by the Vite build into the pages; replaced with the host's paths when a page is served.
    private const string GraphQLPlaceholder = "__SOLSTAKE_GRAPHQL__";
    private const string RelativeAssets = "./assets/";

    private readonly string _index;
    private readonly string _explorer;
    private readonly DashboardOptions _options;

    public DashboardPages(IOptions<DashboardOptions> options, IOptions<GraphQLApiOptions> api, IHostEnvironment environment)
    {
        _options = options.Value;
        Files = new ManifestEmbeddedFileProvider(typeof(DashboardPages).Assembly, "client/dist");
        _index = Read(Files, "index.html");
        _explorer = Read(Files, "explorer.html");
        // The explorer documents the schema through introspection: where that is off, so is the explorer.
        ExplorerEnabled = _options.EnableExplorer ?? api.Value.EnableIntrospection ?? environment.IsDevelopment();
    }

    /// <summary>The built files: index.html, explorer.html and assets/ with content-hashed names.</summary>
    public IFileProvider Files { get; }

    public bool ExplorerEnabled { get; }

    public string GraphQLPath => _options.GraphQLPath;

    /// <summary>Writes the dashboard page, its assets under <paramref name="assetsBase"/>.</summary>
    public Task WriteIndexAsync(HttpContext http, string assetsBase) => WriteAsync(http, _index, assetsBase);

    /// <summary>Writes the explorer page, its assets under <paramref name="assetsBase"/>.</summary>
    public Task WriteExplorerAsync(HttpContext http, string assetsBase) => WriteAsync(http, _explorer, assetsBase);

    /// <summary>The headers of every page and asset: the content security policy, no sniffing, no referrer, no framing.</summary>
    public void AddSecurityHeaders(HttpResponse response)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = _options.ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
    }

    private async Task WriteAsync(HttpContext http, string template, string assetsBase)
    {
        var pathBase = http.Request.PathBase.Value ?? string.Empty;
        var html = new StringBuilder(template)
            .Replace(RelativeAssets, WebUtility.HtmlEncode(pathBase + assetsBase + "/assets/"))
            .Replace(GraphQLPlaceholder, WebUtility.HtmlEncode(pathBase + _options.GraphQLPath))
            .ToString();
        var response = http.Response;
        AddSecurityHeaders(response);
        // The page names the current asset files: always revalidated, so a new version is picked up at once.
        response.Headers.CacheControl = "no-cache";
        response.ContentType = "text/html; charset=utf-8";
        await response.WriteAsync(html, http.RequestAborted).ConfigureAwait(false);
    }

    private static string Read(IFileProvider files, string name)
    {
        var file = files.GetFileInfo(name);
        if (!file.Exists)
        {
            throw new InvalidOperationException(
                $"{name} is missing from {typeof(DashboardPages).Assembly.GetName().Name}: the front end was not built into it (npm ci and npm run build in client/).");
        }

        using var reader = new StreamReader(file.CreateReadStream(), Encoding.UTF8);
        return reader.ReadToEnd();
    }
}

/// <summary>Marks the explorer endpoint, which shares its route with the GraphQL endpoint's GET.</summary>
internal sealed class ExplorerPageMetadata
{
    public static readonly ExplorerPageMetadata Instance = new();

    /// <summary>
    /// Whether a request is a browser opening the endpoint: a GET that accepts text/html and asks no query. Everything
    /// else (a client's GET with ?query=, any POST) goes to the API.
    /// </summary>
    public static bool WantsPage(HttpRequest request) =>
        HttpMethods.IsGet(request.Method)
        && !request.Query.ContainsKey("query")
        && MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted)
        && accepted.Any(static a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase) && a.Quality is not 0);
}
