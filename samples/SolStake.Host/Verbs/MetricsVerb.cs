using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SolStake.Core.Jobs;
using SolStake.Core.Storage;
using SolStake.Storage;

namespace SolStake.Host.Verbs;

/// <summary><c>metrics summary|health|prometheus</c>: what the service knows and how it is doing, from the command line.</summary>
internal static class MetricsVerb
{
    public static Command Create()
    {
        var metrics = new Command("metrics", "Summaries, health and Prometheus metrics.");
        metrics.Subcommands.Add(CreateSummary());
        metrics.Subcommands.Add(CreateHealth());
        metrics.Subcommands.Add(CreatePrometheus());
        return metrics;
    }

    private static Command CreateSummary()
    {
        var command = new Command("summary", "Validators by state, the latest scoring run and its score distribution, the last sync, job executions by outcome.");
        command.SetAction((_, cancellationToken) => VerbHost.RunAsync("metrics summary", async (services, ct) =>
        {
            await services.GetRequiredService<IStorageMigrator>().MigrateAsync(ct).ConfigureAwait(false);
            var validators = await services.GetRequiredService<IValidatorStore>().ListValidatorsAsync(ct).ConfigureAwait(false);
            var scoring = services.GetRequiredService<IScoringStore>();
            var run = (await scoring.ListRunsAsync(1, ct).ConfigureAwait(false)).FirstOrDefault();
            var scores = await scoring.LatestScoresAsync(ct).ConfigureAwait(false);
            var history = services.GetRequiredService<IJobHistory>();
            var counts = await history.CountAsync(ct).ConfigureAwait(false);
            var now = DateTimeOffset.UtcNow;

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Validators: {validators.Count} ({validators.Count(v => !v.Delinquent)} current, {validators.Count(v => v.Delinquent)} delinquent)"));
            Console.WriteLine(validators.Count > 0
                ? $"Last sync: {validators.Max(v => v.UpdatedAt):yyyy-MM-dd HH:mm:ss}Z ({JobsTable.Ago(now - validators.Max(v => v.UpdatedAt))} ago)"
                : "Last sync: never");
            Console.WriteLine(run is null
                ? "Latest scoring run: none"
                : string.Create(CultureInfo.InvariantCulture, $"Latest scoring run: #{run.Id} {run.Status} at {run.RunDate:yyyy-MM-dd HH:mm:ss}Z, profile {run.Profile}, {run.SuccessCount} scored, {run.FailCount} failed"));
            if (scores.Count > 0)
            {
                Console.WriteLine("Scores of the latest completed run:");
                foreach (var state in scores.GroupBy(s => s.State).OrderBy(g => g.Key, StringComparer.Ordinal))
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {state.Key,-10} {state.Count(),5}   median {Median(state.Select(s => s.Score)):0.00}"));
                }

                foreach (var band in scores.GroupBy(s => Math.Min(90, (int)Math.Floor(s.Score / 10) * 10)).OrderBy(g => g.Key))
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {band.Key,3}-{band.Key + 10,-3} {band.Count(),5}  {new string('#', (int)Math.Ceiling(band.Count() * 50.0 / scores.Count))}"));
                }
            }

            Console.WriteLine(counts.Count == 0 ? "Job executions: none recorded" : "Job executions:");
            foreach (var job in counts.GroupBy(c => c.Job))
            {
                var last = await history.LastSucceededAsync(job.Key, ct).ConfigureAwait(false);
                Console.WriteLine($"  {job.Key,-6} {string.Join(", ", job.Select(c => $"{c.Status.ToString().ToLowerInvariant()} {c.Count}"))}; last success {(last is { } l ? $"{JobsTable.Ago(now - l)} ago" : "never")}");
            }

            return HostCommandLine.Success;
        }, cancellationToken));
        return command;
    }

    private static Command CreateHealth()
    {
        var command = new Command("health", "Check the database, the scheduler cluster and data freshness; exit 1 when anything is degraded or unhealthy.");
        command.SetAction((_, cancellationToken) => VerbHost.RunAsync("metrics health", async (services, ct) =>
        {
            // The registered checks (the database, data freshness), then the cluster as this process sees it: its own
            // scheduler does not run, so the serving instances' check-ins are what counts.
            var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync(ct).ConfigureAwait(false);
            var results = report.Entries.Select(e => (Name: e.Key, e.Value.Status, Description: e.Value.Description ?? "")).ToList();
            if (report.Entries.TryGetValue("database", out var database) && database.Status == HealthStatus.Healthy)
            {
                var status = await services.GetRequiredService<IJobScheduler>().GetStatusAsync(1, ct).ConfigureAwait(false);
                var active = status.Nodes.Count(n => !n.IsCurrent && n.State == nameof(Quartz.ClusterNodeState.Alive));
                results.Add(status.Persistent
                    ? ("scheduler", active > 0 ? HealthStatus.Healthy : HealthStatus.Unhealthy, $"{active} scheduler instance(s) checked in recently.")
                    : ("scheduler", HealthStatus.Healthy, "In-memory scheduler: it runs inside the serving process; its /health/ready reports it."));
            }

            foreach (var (name, status, description) in results)
            {
                Console.WriteLine($"{status.ToString().ToLowerInvariant(),-9} {name,-10} {description}");
            }

            var overall = results.Min(r => r.Status);
            Console.WriteLine($"Overall: {overall.ToString().ToLowerInvariant()}");
            return overall == HealthStatus.Healthy ? HostCommandLine.Success : HostCommandLine.Failure;
        }, cancellationToken));
        return command;
    }

    private static Command CreatePrometheus()
    {
        var url = new Option<string?>("--url") { Description = "The running host's metrics endpoint (default http://localhost:<PORT or 3007>/metrics)." };
        var command = new Command("prometheus", "Print the running host's metrics in Prometheus text format (what a scraper reads at /metrics).") { url };
        command.SetAction((parse, cancellationToken) => VerbHost.RunAsync("metrics prometheus", async (services, ct) =>
        {
            var port = services.GetRequiredService<IConfiguration>().GetValue<int?>("SolStake:Http:Port") ?? 3007;
            var given = parse.GetValue(url);
            if (given is not null && !(Uri.TryCreate(given, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https"))
            {
                await Console.Error.WriteLineAsync($"metrics prometheus failed: --url '{given}' is not an http(s) URL.").ConfigureAwait(false);
                return HostCommandLine.UsageError;
            }

            var target = given is not null ? new Uri(given) : new Uri(string.Create(CultureInfo.InvariantCulture, $"http://localhost:{port}/metrics"));
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            try
            {
                using var response = await http.GetAsync(target, ct).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    await Console.Error.WriteLineAsync($"metrics prometheus failed: {target} answered HTTP {(int)response.StatusCode}.").ConfigureAwait(false);
                    return HostCommandLine.Failure;
                }

                Console.Write(await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false));
                return HostCommandLine.Success;
            }
            catch (HttpRequestException ex)
            {
                await Console.Error.WriteLineAsync($"metrics prometheus failed: {target} could not be reached ({ex.Message}); is the host serving?").ConfigureAwait(false);
                return HostCommandLine.Failure;
            }
        }, cancellationToken));
        return command;
    }

    private static decimal Median(IEnumerable<decimal> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
