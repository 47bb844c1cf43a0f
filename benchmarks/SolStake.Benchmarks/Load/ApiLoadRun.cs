using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SolStake.Core.DependencyInjection;
using SolStake.Core.Storage;
using SolStake.GraphQL;
using SolStake.Ingestion;
using SolStake.Ingestion.Sync;
using SolStake.Scoring;
using SolStake.Storage;
using SolStake.Testing;

namespace SolStake.Benchmarks.Load;

/// <summary>
/// Load against the API on loopback: the <c>validators</c> query over every validator of the epoch-752 recording,
/// cached and uncached, against an endpoint returning the same bytes from memory (the ceiling of this host and
/// machine). A closed-loop generator in C# (wrk is not on a fresh machine): each connection sends its next request
/// when the last answer arrived. Run: <c>dotnet run -c Release --project benchmarks/SolStake.Benchmarks -- load
/// [--duration hh:mm:ss] [--connections n] [--query graphql] [--output file.md]</c>.
/// </summary>
internal static class ApiLoadRun
{
    private const string DefaultQuery = "{ validators { id voteAccount name commission uptime latestTrustScore { score } } }";

    /// <summary>The issue's seed-shaped list: what the earlier design's seed client asked for.</summary>
    internal const string SeedQuery = "{ validators { id voteAccount validatorPubkey commission uptime latestTrustScore { score createdAt } } }";

    public static async Task<int> RunAsync(string[] args)
    {
        var duration = TimeSpan.Parse(Option(args, "--duration") ?? "00:00:10", CultureInfo.InvariantCulture);
        var connections = int.Parse(Option(args, "--connections") ?? "32", CultureInfo.InvariantCulture);
        var output = Option(args, "--output");
        var query = Option(args, "--query") ?? DefaultQuery;

        var file = Path.Combine(Path.GetTempPath(), $"solstake-load-{Guid.NewGuid():N}.db");
        try
        {
            await FillAsync(file, scoringRuns: 1);

            await using var cached = await StartAsync(file, cache: true, rpcUrl: null);
            await using var uncached = await StartAsync(file, cache: false, rpcUrl: null);
            // The cost of following the data: the same cache with the data version read 20 times as often as by
            // default, and with it read once an hour (in effect never).
            await using var checkedOften = await StartAsync(file, cache: true, rpcUrl: null, versionCheck: TimeSpan.FromMilliseconds(50));
            await using var checkedNever = await StartAsync(file, cache: true, rpcUrl: null, versionCheck: TimeSpan.FromHours(1));
            var body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["query"] = query });
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, UseCookies = false });

            // Warm up both (JIT, connection pool, the cache entry) and take the response the ceiling replays.
            var response = await PostAsync(client, Address(cached) + "graphql", body);
            await PostAsync(client, Address(uncached) + "graphql", body);
            await PostAsync(client, Address(checkedOften) + "graphql", body);
            await PostAsync(client, Address(checkedNever) + "graphql", body);
            var versionRead = await TimeVersionReadsAsync(cached.Services.GetRequiredService<IDataVersionSource>());
            var allocated = await AllocatedPerRequestAsync(client, Address(uncached) + "graphql", Address(cached) + "ceiling", body);
            var validators = CountValidators(response);
            Ceiling = response;

            var results = new List<(string Name, LoadResult Result)>
            {
                ("in-memory ceiling (same bytes)", await LoadAsync(client, Address(cached) + "ceiling", body, connections, duration)),
                ("GraphQL, cached", await LoadAsync(client, Address(cached) + "graphql", body, connections, duration)),
                ("GraphQL, uncached", await LoadAsync(client, Address(uncached) + "graphql", body, connections, duration)),
                ("GraphQL, uncached, 1 connection", await LoadAsync(client, Address(uncached) + "graphql", body, 1, duration)),
            };
            // Interleaved in short slices, so that the machine's drift falls on all three alike.
            var freshness = await InterleavedAsync(client, body, connections, duration,
                ("GraphQL, cached, data version read once an hour", Address(checkedNever) + "graphql"),
                ("GraphQL, cached, data version read every 1 s (default)", Address(cached) + "graphql"),
                ("GraphQL, cached, data version read every 50 ms", Address(checkedOften) + "graphql"));
            results.AddRange(freshness);

            var report = Report(results, query, validators, response.Length, connections, duration, versionRead, allocated);
            await PublishAsync(report, output);

            return 0;
        }
        finally
        {
            DeleteDatabase(file);
        }
    }

    private static byte[] Ceiling { get; set; } = [];

    /// <summary>A SQLite database with the epoch-752 recording synced once and scored <paramref name="scoringRuns"/> times.</summary>
    internal static async Task FillAsync(string file, int scoringRuns)
    {
        await using var rpc = await FixtureRpcServer.StartAsync();
        rpc.ServeVoteAccountsWithEpochInfo();
        await using var fill = await StartAsync(file, cache: true, rpc.Url);
        await fill.Services.GetRequiredService<IValidatorSync>().RunOnceAsync();
        for (var run = 0; run < scoringRuns; run++)
        {
            await fill.Services.GetRequiredService<IScoringRunner>().RunAsync();
        }
    }

    internal static Task<WebApplication> StartAsync(string file, bool cache, Uri? rpcUrl, TimeSpan? versionCheck = null, bool dashboard = false, bool introspection = false) =>
        StartAsync(s => s.AddSqliteStorage(o => { o.ConnectionString = $"Data Source={file}"; o.MigrateOnStart = true; }), cache, rpcUrl, versionCheck, dashboard, introspection);

    /// <summary>The API (and scoring) on loopback, over the storage <paramref name="storage"/> adds.</summary>
    internal static async Task<WebApplication> StartAsync(Action<ISolStakeBuilder> storage, bool cache, Uri? rpcUrl, TimeSpan? versionCheck = null, bool dashboard = false, bool introspection = false)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["SolStake:Auth:SecretKey"] = "solstake-load-secret-0123456789-abcdefghijklmnop";
        builder.Configuration["SolStake:RateLimit:Enabled"] = "false";
        builder.Configuration["SolStake:Cache:Enabled"] = cache ? "true" : "false";
        if (versionCheck is { } interval)
        {
            builder.Configuration["SolStake:Cache:DataVersionCheckInterval"] = interval.ToString("c", CultureInfo.InvariantCulture);
        }

        builder.Configuration["SolStake:GraphQL:EnableIntrospection"] = introspection ? "true" : "false";
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var solStake = builder.Services.AddSolStake();
        storage(solStake);
        solStake.AddScoring().AddGraphQLApi();
        if (dashboard)
        {
            solStake.AddDashboard();
        }
        if (rpcUrl is not null)
        {
            solStake.AddRpcIngestion(o => o.RpcUrl = rpcUrl);
        }

        var app = builder.Build();
        app.MapSolStake();
        if (dashboard)
        {
            app.MapSolStakeDashboard();
        }

        app.MapPost("/ceiling", static (HttpContext http) =>
        {
            http.Response.ContentType = "application/graphql-response+json; charset=utf-8";
            http.Response.ContentLength = Ceiling.Length;
            return http.Response.Body.WriteAsync(Ceiling).AsTask();
        });
        await app.StartAsync();
        return app;
    }

    /// <summary>Prints a report, and writes it to <paramref name="output"/> when one is given.</summary>
    internal static async Task PublishAsync(string report, string? output)
    {
        Console.WriteLine(report);
        if (output is not null)
        {
            await File.WriteAllTextAsync(output, report);
        }
    }

    /// <summary>Deletes a run's SQLite database with its WAL files (after closing the pooled connections).</summary>
    internal static void DeleteDatabase(string file)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var leftover in new[] { file, file + "-wal", file + "-shm" })
        {
            File.Delete(leftover);
        }
    }

    internal static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/";

    internal static async Task<byte[]> PostAsync(HttpClient client, string url, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync(url, content);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return response.StatusCode == HttpStatusCode.OK
            ? bytes
            : throw new InvalidOperationException($"{url} answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(bytes)}");
    }

    internal static async Task<LoadResult> LoadAsync(HttpClient client, string url, byte[] body, int connections, TimeSpan duration)
    {
        var stop = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, connections).Select(async _ =>
        {
            var latencies = new List<long>();
            while (stop.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                await PostAsync(client, url, body);
                latencies.Add(Stopwatch.GetTimestamp() - started);
            }

            return latencies;
        }).ToList();
        var all = (await Task.WhenAll(workers)).SelectMany(l => l).Order().ToArray();
        var elapsed = stop.Elapsed;
        return new LoadResult(all.Length, all.Length / elapsed.TotalSeconds, Percentile(all, 0.50), Percentile(all, 0.90), Percentile(all, 0.99));
    }

    private static async Task<List<(string Name, LoadResult Result)>> InterleavedAsync(
        HttpClient client, byte[] body, int connections, TimeSpan duration, params (string Name, string Url)[] targets)
    {
        const int Rounds = 5;
        var slices = targets.Select(_ => new List<LoadResult>()).ToArray();
        for (var round = 0; round < Rounds; round++)
        {
            for (var i = 0; i < targets.Length; i++)
            {
                slices[i].Add(await LoadAsync(client, targets[i].Url, body, connections, duration / Rounds));
            }
        }

        return [.. targets.Select((t, i) => (t.Name, new LoadResult(
            slices[i].Sum(r => r.Requests), slices[i].Average(r => r.RequestsPerSecond),
            Median(slices[i].Select(r => r.P50)), Median(slices[i].Select(r => r.P90)), Median(slices[i].Select(r => r.P99)))))];

        static double Median(IEnumerable<double> values) => values.Order().ElementAt(Rounds / 2);
    }

    /// <summary>
    /// Bytes the server allocates for one uncached answer: the process's allocations over sequential requests to the
    /// query, less those over the same number of requests to the in-memory ceiling (same response bytes, so the
    /// client's reading of the answer cancels out).
    /// </summary>
    private static async Task<double> AllocatedPerRequestAsync(HttpClient client, string query, string ceiling, byte[] body)
    {
        const int Requests = 20;
        async Task<long> AllocatedAsync(string url)
        {
            var before = GC.GetTotalAllocatedBytes(precise: true);
            for (var i = 0; i < Requests; i++)
            {
                await PostAsync(client, url, body);
            }

            return GC.GetTotalAllocatedBytes(precise: true) - before;
        }

        await AllocatedAsync(query);
        await AllocatedAsync(ceiling);
        return (double)(await AllocatedAsync(query) - await AllocatedAsync(ceiling)) / Requests;
    }

    /// <summary>The mean time of one read of the data version (what each instance does once per check interval).</summary>
    private static async Task<double> TimeVersionReadsAsync(IDataVersionSource source)
    {
        const int Reads = 2_000;
        await source.ReadAsync();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Reads; i++)
        {
            await source.ReadAsync();
        }

        return clock.Elapsed.TotalMilliseconds * 1000 / Reads;
    }

    private static double Percentile(long[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)] * 1000.0 / Stopwatch.Frequency;

    private static int CountValidators(byte[] response)
    {
        using var document = System.Text.Json.JsonDocument.Parse(response);
        // Other queries (--query) report 0.
        return document.RootElement.GetProperty("data").TryGetProperty("validators", out var list) ? list.GetArrayLength() : 0;
    }

    private static string Report(List<(string Name, LoadResult Result)> results, string query, int validators, int bytes, int connections, TimeSpan duration, double versionReadMicroseconds, double allocatedBytes)
    {
        var ceiling = results[0].Result;
        var cached = results[1].Result;
        var uncached = results[3].Result;
        var ratio = cached.RequestsPerSecond / ceiling.RequestsPerSecond;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# API load: `validators` over {validators} validators ({bytes:N0} bytes per response)");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Query: `{query}`");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"{connections} connections unless noted, closed loop, {duration.TotalSeconds:0} s per row, host and generator in one process on loopback, {Environment.ProcessorCount} cores, .NET {Environment.Version}.");
        text.AppendLine();
        text.AppendLine("| endpoint | requests | requests/s | p50 ms | p90 ms | p99 ms |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, r) in results)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {r.Requests} | {r.RequestsPerSecond:0} | {r.P50:0.00} | {r.P90:0.00} | {r.P99:0.00} |");
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- Cached GraphQL / ceiling: **{ratio:0.00}×** (target ≥ 0.7×: {(ratio >= 0.7 ? "met" : "NOT met")}).");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Uncached p50, one request at a time: **{uncached.P50:0.0} ms** (target < 25 ms: {(uncached.P50 < 25 ? "met" : "NOT met")}).");
        var (never, byDefault, often) = (results[4].Result, results[5].Result, results[6].Result);
        text.AppendLine(CultureInfo.InvariantCulture,
            $"- Following the data (the last three rows, interleaved in five slices each, p-values the median slice's): one read of the data version takes {versionReadMicroseconds:0} µs (SQLite); cached throughput with it read every 1 s (default) / once an hour: **{byDefault.RequestsPerSecond / never.RequestsPerSecond:0.00}×**, every 50 ms / once an hour: **{often.RequestsPerSecond / never.RequestsPerSecond:0.00}×**.");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"- Allocated by the server per uncached request, one at a time: **{allocatedBytes / (1024 * 1024):0.0} MB** (all bytes this process allocated over 20 requests, less the same over 20 answers of the same bytes from memory, which the client's share cancels).");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Against the earlier Node.js design on this machine class (about 60 requests/s, p50 15 ms, cached): {cached.RequestsPerSecond / 60:0}× the throughput.");
        return text.ToString();
    }

    /// <summary>The value after <paramref name="name"/> on the command line, or null.</summary>
    internal static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    internal sealed record LoadResult(int Requests, double RequestsPerSecond, double P50, double P90, double P99);
}
