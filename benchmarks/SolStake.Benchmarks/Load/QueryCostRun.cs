using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SolStake.GraphQL;

namespace SolStake.Benchmarks.Load;

/// <summary>
/// Calibrates the query cost model against server time: the most expensive shapes a client can send within the
/// default limit (aliases, wide rows, nested lists, rankings, the cluster), each run one at a time on the uncached
/// host over the epoch-752 recording with ten scoring runs stored, and the refused alias attack for comparison.
/// Reports each query's counted cost and its server time (median of the runs), so the worst accepted query is
/// known. Run: <c>dotnet run -c Release --project benchmarks/SolStake.Benchmarks -- query-cost [--runs n] [--output file.md]</c>.
/// </summary>
internal static class QueryCostRun
{
    private static readonly (string Name, string Query)[] Shapes =
    [
        ("seed-shaped list (every validator)", ApiLoadRun.SeedQuery),
        ("every scalar field of every validator", "{ validators { id voteAccount name validatorPubkey commission commissionBps activatedStake delinquent version website details iconUrl skipRate uptime createdAt updatedAt } }"),
        ("49 aliases of a one-row page", "{ " + string.Concat(Enumerable.Range(0, 49).Select(i => $"a{i}: validators(limit: 1) {{ voteAccount }} ")) + "}"),
        ("breakdowns with their text, limit 600", "{ validators(limit: 600) { latestTrustScore { breakdown { factor points maxPoints detail } } } }"),
        ("score history, 77 validators x every stored score with breakdowns", "{ validators(limit: 77) { scoreHistory(last: 100) { score breakdown { factor points detail } } } }"),
        ("epoch performance, 180 validators x 64 epochs", "{ validators(limit: 180) { epochPerformance(last: 64) { epoch credits leaderSlots blocksProduced } } }"),
        ("two rankings", "{ a: rankings(profile: \"Default\", limit: 100) { rank score state } b: rankings(profile: \"JitoCompatible\", limit: 100) { rank score state } }"),
        ("12 aliases of cluster", "{ " + string.Concat(Enumerable.Range(0, 12).Select(i => $"c{i}: cluster {{ validatorCount }} ")) + "}"),
        ("30 x 10 same fields of one name (merged)",
            "{" + string.Concat(Enumerable.Range(0, 30).Select(j => $" s{j}: validators(limit: 1) {{" + string.Concat(Enumerable.Range(0, 10).Select(_ => " epochPerformance(last: 2) { epoch credits }")) + " }")) + " }"),
    ];

    // Refused, each by what should refuse it: the cost; conflicting fields of one name, before validation; the most
    // errors validation can be made to report within the limits counted before it (each error finds its line by
    // scanning the document); the finding those limits answer.
    private static readonly (string Name, string Query)[] Refused =
    [
        ("the alias attack: 100 x validators(limit: 5000), refused by its cost",
            "{" + string.Concat(Enumerable.Range(0, 100).Select(i => $"a{i}:validators(limit:5000){{voteAccount}}")) + "}"),
        ("45 x 10 conflicting fields of one name (945 fields), refused before validation",
            "{" + string.Concat(Enumerable.Range(0, 45).Select(j => $" s{j}: validators(limit: 1) {{" + string.Concat(Enumerable.Range(0, 10).Select(i => $" epochPerformance(last: {i + 1}) {{ epoch }}")) + " }")) + " }"),
        ("validation's worst: 99 x 10 spreads of fragments on the wrong type (990 errors), refused by validation",
            "{" + string.Concat(Enumerable.Range(0, 99).Select(j => $" s{j}: validators(limit: 1) {{" + string.Concat(Enumerable.Range(0, 10).Select(i => $" ...f{i}")) + " }")) + " }"
            + string.Concat(Enumerable.Range(0, 10).Select(i => $" fragment f{i} on Query {{ __typename }}"))),
        ("760 fields of one name, refused before validation",
            "{" + string.Concat(Enumerable.Range(0, 760).Select(i => $"v:validators(limit:{1 + (i % 2)}){{id}}")) + "}"),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var runs = int.Parse(ApiLoadRun.Option(args, "--runs") ?? "7", CultureInfo.InvariantCulture);
        var output = ApiLoadRun.Option(args, "--output");
        var file = Path.Combine(Path.GetTempPath(), $"solstake-cost-{Guid.NewGuid():N}.db");
        try
        {
            await ApiLoadRun.FillAsync(file, scoringRuns: 10);
            await using var host = await ApiLoadRun.StartAsync(file, cache: false, rpcUrl: null);
            var limit = host.Services.GetRequiredService<IOptions<GraphQLApiOptions>>().Value.MaxComplexity;
            using var client = new HttpClient { BaseAddress = new Uri(ApiLoadRun.Address(host)) };

            var rows = new List<(string Name, int Status, double Cost, double Milliseconds, int Bytes, string Code)>();
            foreach (var (name, query) in Shapes.Concat(Refused))
            {
                rows.Add(await MeasureAsync(client, name, query, runs));
            }

            var report = Report(rows, limit, runs);
            await ApiLoadRun.PublishAsync(report, output);

            // A shape meant to be accepted that is refused (or the reverse) is a broken calibration, not a result.
            return rows.Take(Shapes.Length).All(r => r.Status == 200) && rows.Skip(Shapes.Length).All(r => r.Status == 400) ? 0 : 1;
        }
        finally
        {
            ApiLoadRun.DeleteDatabase(file);
        }
    }

    private static async Task<(string Name, int Status, double Cost, double Milliseconds, int Bytes, string Code)> MeasureAsync(HttpClient client, string name, string query, int runs)
    {
        var times = new List<double>();
        var (status, cost, bytes, code) = (0, 0.0, 0, "");
        // One warm-up, then the measured runs, one at a time.
        for (var i = 0; i <= runs; i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await client.PostAsJsonAsync("graphql", new { query });
            var body = await response.Content.ReadAsByteArrayAsync();
            clock.Stop();
            (status, bytes) = ((int)response.StatusCode, body.Length);
            code = System.Text.RegularExpressions.Regex.Match(Encoding.UTF8.GetString(body), "\"code\":\"([A-Z_]+)\"").Groups[1].Value;
            cost = response.Headers.TryGetValues("X-Query-Cost", out var values) ? double.Parse(values.Single(), CultureInfo.InvariantCulture) : double.NaN;
            if (status is not (200 or 400))
            {
                throw new InvalidOperationException($"{name} answered {status}: {Encoding.UTF8.GetString(body)}");
            }

            if (i > 0)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        return (name, status, cost, times.Order().ElementAt(times.Count / 2), bytes, code);
    }

    private static string Report(List<(string Name, int Status, double Cost, double Milliseconds, int Bytes, string Code)> rows, int limit, int runs)
    {
        var text = new StringBuilder();
        text.AppendLine("# Query cost against server time");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Limit (SolStake:GraphQL:MaxComplexity): {limit}. Uncached host on SQLite, epoch-752 recording (1,351 validators, 11 scoring runs stored: the sync's and ten more), one request at a time, median of {runs} runs after one warm-up, {Environment.ProcessorCount} cores, .NET {Environment.Version}.");
        text.AppendLine();
        text.AppendLine("| query | status | cost | ms | µs per cost unit | response bytes |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, status, cost, ms, bytes, _) in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {status} | {cost:0} | {ms:0.0} | {ms * 1000 / cost:0.00} | {bytes:N0} |");
        }

        var accepted = rows.Where(r => r.Status == 200).ToList();
        var worst = accepted.MaxBy(r => r.Milliseconds);
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- Worst accepted query: **{worst.Name}**, {worst.Milliseconds:0.0} ms of server time at cost {worst.Cost:0}.");
        foreach (var refused in rows.Skip(rows.Count - Refused.Length))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {refused.Name}: answered {refused.Code} in {refused.Milliseconds:0.0} ms.");
        }

        return text.ToString();
    }

}
