using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Microsoft.Playwright;
using SolStake.Testing;

namespace SolStake.Benchmarks.Load;

/// <summary>
/// The dashboard's budgets, measured in Chromium against the API and dashboard on loopback over the epoch-752
/// recording (1,351 validators) with three scoring runs: how long the ranking takes to show its first screen of data
/// (navigation start to the page's <c>solstake:ranking-shown</c> mark), each visit in a fresh browser context (nothing
/// cached in the browser), with the server's response cache cold (a host without it) and warm; and the JavaScript
/// each page loads, gzipped. Run: <c>dotnet run -c Release --project benchmarks/SolStake.Benchmarks -- dashboard
/// [--visits n] [--output file.md]</c>.
/// </summary>
internal static class DashboardRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        var visits = int.Parse(ApiLoadRun.Option(args, "--visits") ?? "15", CultureInfo.InvariantCulture);
        var output = ApiLoadRun.Option(args, "--output");
        var file = Path.Combine(Path.GetTempPath(), $"solstake-dashboard-{Guid.NewGuid():N}.db");
        try
        {
            await ApiLoadRun.FillAsync(file, scoringRuns: 3);
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium.ExecutablePath(), Headless = true, Args = Chromium.Arguments });

            var rows = new List<(string Name, double[] Milliseconds)>();
            foreach (var cache in new[] { false, true })
            {
                await using var host = await ApiLoadRun.StartAsync(file, cache, rpcUrl: null, dashboard: true);
                var address = ApiLoadRun.Address(host);
                await FirstScreenAsync(browser, address); // the host's first request (JIT, pools) is not a user's
                var times = new double[visits];
                for (var i = 0; i < visits; i++)
                {
                    times[i] = await FirstScreenAsync(browser, address);
                }

                rows.Add((cache ? "server cache warm" : "server cache off (every answer computed)", times));
            }

            await using var sizing = await ApiLoadRun.StartAsync(file, cache: true, rpcUrl: null, dashboard: true, introspection: true);
            var dashboardJs = await ScriptsAsync(browser, ApiLoadRun.Address(sizing), "", "table.ranking");
            var explorerJs = await ScriptsAsync(browser, ApiLoadRun.Address(sizing), "graphql", ".graphiql-container");

            var report = Report(rows, dashboardJs, explorerJs, visits);
            await ApiLoadRun.PublishAsync(report, output);

            return 0;
        }
        finally
        {
            ApiLoadRun.DeleteDatabase(file);
        }
    }

    // One visit: a new context (empty browser cache), the ranking opened, the time from navigation start to its mark.
    private static async Task<double> FirstScreenAsync(IBrowser browser, string address)
    {
        await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(address);
        await page.Locator("table.ranking tbody tr").First.WaitForAsync();
        return await page.EvaluateAsync<double>("performance.getEntriesByName('solstake:ranking-shown')[0].startTime");
    }

    // Every script the page loads until it shows its content, with its size as sent and gzipped.
    private static async Task<List<(string Url, long Raw, long Gzipped)>> ScriptsAsync(IBrowser browser, string address, string path, string ready)
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var scripts = new List<IResponse>();
        page.Response += (_, response) =>
        {
            if (response.Request.ResourceType == "script")
            {
                scripts.Add(response);
            }
        };
        await page.GotoAsync(address + path);
        await page.Locator(ready).First.WaitForAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var sizes = new List<(string, long, long)>();
        foreach (var response in scripts.ToList())
        {
            var body = await response.BodyAsync();
            sizes.Add((new Uri(response.Url).AbsolutePath, body.Length, Gzipped(body)));
        }

        return sizes;
    }

    private static long Gzipped(byte[] body)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(body);
        }

        return buffer.Length;
    }

    private static string Report(List<(string Name, double[] Milliseconds)> rows, List<(string Url, long Raw, long Gzipped)> dashboard, List<(string Url, long Raw, long Gzipped)> explorer, int visits)
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"First screen of the ranking (1,351 validators), {visits} visits each, each in a fresh browser context:");
        text.AppendLine();
        text.AppendLine("| server | p50 ms | p90 ms | max ms | budget 1,000 ms |");
        text.AppendLine("|---|---:|---:|---:|---|");
        foreach (var (name, ms) in rows)
        {
            var sorted = ms.Order().ToArray();
            double P(double p) => sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(p * sorted.Length))];
            text.AppendLine(inv, $"| {name} | {P(0.5):0} | {P(0.9):0} | {sorted[^1]:0} | {(sorted[^1] < 1000 ? "met (max)" : P(0.5) < 1000 ? "met at p50, not at max" : "not met")} |");
        }

        text.AppendLine();
        Scripts(text, "dashboard (/)", dashboard, 300);
        Scripts(text, "explorer (/graphql)", explorer, null);
        return text.ToString();
    }

    private static void Scripts(StringBuilder text, string page, List<(string Url, long Raw, long Gzipped)> scripts, int? budgetKb)
    {
        var inv = CultureInfo.InvariantCulture;
        var gzipped = scripts.Sum(s => s.Gzipped) / 1024.0;
        var budget = budgetKb is { } b ? string.Create(inv, $" (budget {b} kB gzipped: {(gzipped < b ? "met" : "not met")})") : " (no budget; loaded only on its page)";
        text.AppendLine(inv, $"JavaScript of the {page}: {scripts.Count} files, {scripts.Sum(s => s.Raw) / 1024.0:0.0} kB as sent, {gzipped:0.0} kB gzipped{budget}");
        foreach (var (url, raw, gz) in scripts.OrderByDescending(s => s.Gzipped).Take(5))
        {
            text.AppendLine(inv, $"- {url}: {raw / 1024.0:0.0} kB, {gz / 1024.0:0.0} kB gzipped");
        }

        text.AppendLine();
    }
}
