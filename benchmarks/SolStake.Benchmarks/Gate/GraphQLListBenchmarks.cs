using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SolStake.Benchmarks.Load;
using SolStake.Core.DependencyInjection;
using SolStake.Core.Storage;
using SolStake.GraphQL;
using SolStake.Scoring;
using SolStake.Storage;

namespace SolStake.Benchmarks.Gate;

/// <summary>
/// The seed's own query (<c>{ validators { id voteAccount name validatorPubkey commission uptime latestTrustScore {
/// score createdAt } } }</c>, 1,351 validators, response cache off) run through the API's <c>/graphql</c> endpoint in
/// process (the endpoint's own request delegate on a request object: no socket, no middleware), against the same rows
/// read from the same store and the same JSON written without GraphQL: the floor, and GraphQL's share of the time.
/// </summary>
[MemoryDiagnoser]
public class GraphQLListBenchmarks
{
    private const string Query = "{ validators { id voteAccount name validatorPubkey commission uptime latestTrustScore { score createdAt } } }";

    // What the validators resolver reads for this query: no breakdowns or flags (it asks for neither).
    private static readonly ValidatorQuery Rows = new() { WithScoreDetails = false };

    private readonly string _file = Path.Combine(Path.GetTempPath(), $"solstake-gate-{Guid.NewGuid():N}.db");
    private readonly MemoryStream _sink = new();
    private WebApplication _app = null!;
    private RequestDelegate _endpoint = null!;
    private byte[] _body = [];

    [GlobalSetup]
    public async Task SetupAsync()
    {
        await ApiLoadRun.FillAsync(_file, scoringRuns: 0);
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["SolStake:Auth:SecretKey"] = "solstake-gate-secret-0123456789-abcdefghijklmnop";
        builder.Configuration["SolStake:RateLimit:Enabled"] = "false";
        builder.Configuration["SolStake:Cache:Enabled"] = "false";
        // The host is built, not started: its hosted service that measures the stored sizes the cost uses never runs,
        // so the list is priced at the default bound. The limit is raised so that pricing is counted but not refused.
        builder.Configuration["SolStake:GraphQL:MaxComplexity"] = "1000000";
        builder.Logging.ClearProviders();
        builder.Services.AddSolStake().AddSqliteStorage(o => o.ConnectionString = $"Data Source={_file}").AddScoring().AddGraphQLApi();
        _app = builder.Build();
        _app.MapSolStake();
        _endpoint = ((IEndpointRouteBuilder)_app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .First(e => e.RoutePattern.RawText?.Trim('/') == "graphql" && e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("POST") == true)
            .RequestDelegate!;
        _body = JsonSerializer.SerializeToUtf8Bytes(new { query = Query });

        // Both must answer the same thing, or the comparison means nothing.
        var graphql = await GraphQLAsync();
        var plain = await PlainAsync();
        if (graphql != plain)
        {
            throw new InvalidOperationException($"The plain writer answers {plain} bytes, GraphQL {graphql}: they are not the same answer.");
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _app.DisposeAsync();
        ApiLoadRun.DeleteDatabase(_file);
    }

    [Benchmark(Baseline = true, Description = "the same rows and JSON without GraphQL")]
    public async Task<long> PlainAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var page = await scope.ServiceProvider.GetRequiredService<IScoreReader>().ValidatorPageAsync(Rows);
        _sink.SetLength(0);
        await using (var json = new Utf8JsonWriter(_sink))
        {
            json.WriteStartObject();
            json.WriteStartObject("data");
            json.WriteStartArray("validators");
            foreach (var (v, score) in page)
            {
                json.WriteStartObject();
                json.WriteString("id", v.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                json.WriteString("voteAccount", v.VoteAccount.ToString());
                if (v.Name is null) json.WriteNull("name"); else json.WriteString("name", v.Name);
                json.WriteString("validatorPubkey", v.Identity.ToString());
                json.WriteNumber("commission", v.Commission.Percent);
                json.WriteNumber("uptime", v.Uptime);
                if (score is null)
                {
                    json.WriteNull("latestTrustScore");
                }
                else
                {
                    json.WriteStartObject("latestTrustScore");
                    json.WriteNumber("score", (double)score.Score);
                    json.WriteString("createdAt", score.CreatedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
                    json.WriteEndObject();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return _sink.Length;
    }

    /// <summary>The rows alone (not gated): what of the plain path is the store's read, for #28's floor.</summary>
    [Benchmark(Description = "the rows alone, from the store")]
    public async Task<int> RowsAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<IScoreReader>().ValidatorPageAsync(Rows)).Count;
    }

    [Benchmark(Description = "GraphQL: parse, validate, execute, serialise")]
    public async Task<long> GraphQLAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        http.Request.Method = "POST";
        http.Request.Path = "/graphql";
        http.Request.ContentType = "application/json";
        http.Request.Body = new MemoryStream(_body, writable: false);
        _sink.SetLength(0);
        http.Response.Body = _sink;
        await _endpoint(http);
        if (http.Response.StatusCode != StatusCodes.Status200OK)
        {
            throw new InvalidOperationException($"The list answered {http.Response.StatusCode}: {Encoding.UTF8.GetString(_sink.ToArray())}");
        }

        return _sink.Length;
    }
}
