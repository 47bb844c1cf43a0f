using System.Diagnostics;
using System.Globalization;
using System.Text;
using SolStake.Testing;

namespace SolStake.Benchmarks.Load;

/// <summary>
/// The host's memory under load, measured from outside: the sample host runs as its own process (built in the same
/// configuration as this program) on the epoch-752 recording in SQLite; 16 connections send the seed-shaped list
/// query, cached and uncached (a host each), while its resident set (VmRSS) is sampled every 100 ms. Each variant is
/// the host as built, or with runtime settings given as environment variables (to compare GC configurations in one
/// run). Run: <c>dotnet run -c Release --project benchmarks/SolStake.Benchmarks -- memory [--duration hh:mm:ss]
/// [--connections n] [--variant "name=KEY=VALUE,KEY=VALUE"]... [--output file.md]</c>; with <c>--floor</c>, the idle
/// memory of the hosts below it instead (<see cref="FloorHost"/>).
/// </summary>
internal static class HostMemoryRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        var duration = TimeSpan.Parse(ApiLoadRun.Option(args, "--duration") ?? "00:00:20", CultureInfo.InvariantCulture);
        var connections = int.Parse(ApiLoadRun.Option(args, "--connections") ?? "16", CultureInfo.InvariantCulture);
        var output = ApiLoadRun.Option(args, "--output");
        var variants = new List<(string Name, Dictionary<string, string> Environment)> { ("as built", []) };
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == "--variant")
            {
                var parts = args[i + 1].Split('=', 2);
                variants.Add((parts[0], parts[1].Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1])));
            }
        }

        var host = HostDll();
        var file = Path.Combine(Path.GetTempPath(), $"solstake-memory-{Guid.NewGuid():N}.db");
        try
        {
            await ApiLoadRun.FillAsync(file, scoringRuns: 1);
            if (args.Contains("--floor"))
            {
                await ApiLoadRun.PublishAsync(await FloorAsync(host, file, variants), output);
                return 0;
            }

            var rows = new List<Row>();
            foreach (var (name, environment) in variants)
            {
                foreach (var cached in new[] { true, false })
                {
                    rows.Add(await MeasureAsync([host], file, name, environment, cached, connections, duration));
                }
            }

            var report = Report(rows, connections, duration);
            await ApiLoadRun.PublishAsync(report, output);

            return 0;
        }
        finally
        {
            ApiLoadRun.DeleteDatabase(file);
        }
    }

    private sealed record Row(string Variant, bool Cached, double IdleMb, double PeakMb, double EndMb, ApiLoadRun.LoadResult Load);

    internal static string HostDll()
    {
        var configuration = typeof(HostMemoryRun).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
            .OfType<System.Reflection.AssemblyConfigurationAttribute>().Single().Configuration;
        var dll = Path.Combine(Fixtures.RepositoryRoot, "samples", "SolStake.Host", "bin", configuration, "net10.0", "SolStake.Host.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the sample host first: dotnet build -c {configuration} samples/SolStake.Host", dll);
    }

    private static async Task<Row> MeasureAsync(string[] command, string database, string variant, Dictionary<string, string> environment, bool cached, int connections, TimeSpan duration)
    {
        var (process, client) = await StartAsync(command, database, environment, cached, connections);
        using (process)
        using (client)
        {
            try
            {
                var body = SeedBody();
                // One request, then settle: the idle figure is a host that has answered once.
                await ApiLoadRun.PostAsync(client, "graphql", body);
                await Task.Delay(TimeSpan.FromSeconds(3));
                var idle = RssMb(process.Id);
                var peak = idle;
                using var sampling = new CancellationTokenSource();
                var sampler = Task.Run(async () =>
                {
                    while (!sampling.IsCancellationRequested)
                    {
                        peak = Math.Max(peak, RssMb(process.Id));
                        await Task.Delay(100);
                    }
                });
                var load = await ApiLoadRun.LoadAsync(client, client.BaseAddress + "graphql", body, connections, duration);
                await sampling.CancelAsync();
                await sampler;
                return new Row(variant, cached, idle, Math.Max(peak, RssMb(process.Id)), RssMb(process.Id), load);
            }
            finally
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
    }

    /// <summary>
    /// The floor under the sample host's idle memory: a bare ASP.NET Core host, a host of the API packages only, and
    /// the sample host, each in its own process, once started and once it has answered the seed-shaped query.
    /// </summary>
    private static async Task<string> FloorAsync(string host, string database, List<(string Name, Dictionary<string, string> Environment)> variants)
    {
        var self = typeof(HostMemoryRun).Assembly.Location;
        var targets = new List<(string Name, string[] Command, Dictionary<string, string> Environment)>
        {
            ("ASP.NET Core alone (constant answer)", [self, "floor-host", "bare"], []),
            ("the API packages only (storage, scoring, GraphQL)", [self, "floor-host", "api"], []),
        };
        targets.AddRange(variants.Select(v => ($"the sample host, {v.Name}", new[] { host }, v.Environment)));
        var text = new StringBuilder();
        text.AppendLine("| host | RSS after start MB | RSS after one seed-shaped answer MB | of which file-backed MB |");
        text.AppendLine("|---|---:|---:|---:|");
        foreach (var (name, command, environment) in targets)
        {
            var (process, client) = await StartAsync(command, database, environment, cached: false, connections: 1);
            using (process)
            using (client)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(3));
                    var started = RssMb(process.Id);
                    await ApiLoadRun.PostAsync(client, "graphql", SeedBody());
                    await Task.Delay(TimeSpan.FromSeconds(3));
                    text.AppendLine(CultureInfo.InvariantCulture,
                        $"| {name} | {started:0} | {RssMb(process.Id):0} | {RssMb(process.Id, "RssFile:"):0} |");
                }
                finally
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }
        }

        return text.ToString();
    }

    private static byte[] SeedBody() => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["query"] = ApiLoadRun.SeedQuery });

    /// <summary>Starts <c>dotnet</c> with <paramref name="command"/> on a free loopback port and waits for its health endpoint.</summary>
    internal static async Task<(Process Process, HttpClient Client)> StartAsync(string[] command, string database, Dictionary<string, string> environment, bool cached, int connections)
    {
        var port = LoopbackPorts.GetFree();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(command[0])!, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in command)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var key in new[] { "DATABASE_URL", "REDIS_URL", "PORT", "ASPNETCORE_URLS", "DOTNET_gcServer", "DOTNET_GCgen0size" })
        {
            start.Environment.Remove(key);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["JWT_SECRET_KEY"] = "solstake-memory-secret-0123456789-abcdefghijklmnop";
        start.Environment["SolStake__Auth__SecretKey"] = "solstake-memory-secret-0123456789-abcdefghijklmnop";
        start.Environment["SolStake__Storage__ConnectionString"] = $"Data Source={database}";
        start.Environment["SolStake__RateLimit__Enabled"] = "false";
        start.Environment["SolStake__Jobs__Schedule"] = "none";
        start.Environment["SolStake__Cache__Enabled"] = cached ? "true" : "false";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, UseCookies = false })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}/"),
        };
        try
        {
            await WaitForHealthAsync(client, process);
            return (process, client);
        }
        catch
        {
            client.Dispose();
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    private static async Task WaitForHealthAsync(HttpClient client, Process process)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The host exited with {process.ExitCode} before serving.");
            }

            try
            {
                using var response = await client.GetAsync("health");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The host did not answer /health within 60 s.");
    }

    /// <summary>The process's resident set (or the part <paramref name="field"/> names) in MB, from /proc (Linux).</summary>
    internal static double RssMb(int pid, string field = "VmRSS:")
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return double.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
            }
        }

        return double.NaN;
    }

    private static string Report(List<Row> rows, int connections, TimeSpan duration)
    {
        var text = new StringBuilder();
        text.AppendLine("# Host memory under load");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"The sample host as its own process (SQLite, epoch-752 recording, 1,351 validators), {connections} connections sending `{ApiLoadRun.SeedQuery}` for {duration.TotalSeconds:0} s; resident set sampled every 100 ms from /proc. {Environment.ProcessorCount} cores, .NET {Environment.Version}.");
        text.AppendLine();
        text.AppendLine("| variant | path | idle RSS MB | peak RSS MB | RSS at end MB | requests/s | p50 ms | p99 ms |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Variant} | {(r.Cached ? "cached" : "uncached")} | {r.IdleMb:0} | {r.PeakMb:0} | {r.EndMb:0} | {r.Load.RequestsPerSecond:0} | {r.Load.P50:0.0} | {r.Load.P99:0.0} |");
        }

        return text.ToString();
    }

}
