using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using SolStake.Core.Storage;

namespace SolStake.GraphQL.Http;

/// <summary>
/// Writes a health report as <c>{"status","durationMs","checks":{name:{"status","durationMs"}}}</c>. The endpoint is
/// public and unlimited (load balancers poll it), so it tells each check's status only: what failed and why (a
/// connection string's host and port, an exception, an instance name) goes to the log, once per change of a check's
/// status.
/// </summary>
internal static class HealthReportWriter
{
    public static async Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.RequestServices.GetRequiredService<ReadinessLog>().Record(report);
        http.Response.ContentType = "application/json; charset=utf-8";
        var buffer = new MemoryStream();
        var json = new Utf8JsonWriter(buffer);
        await using (json.ConfigureAwait(false))
        {
            json.WriteStartObject();
            json.WriteString("status", Name(report.Status));
            json.WriteNumber("durationMs", Math.Round(report.TotalDuration.TotalMilliseconds, 1));
            json.WriteStartObject("checks");
            foreach (var (name, entry) in report.Entries)
            {
                json.WriteStartObject(name);
                json.WriteString("status", Name(entry.Status));
                json.WriteNumber("durationMs", Math.Round(entry.Duration.TotalMilliseconds, 1));
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        await http.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), http.RequestAborted).ConfigureAwait(false);
    }

    internal static string Name(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}

/// <summary>Logs a readiness check's detail when its status changes: what an operator needs, kept from anonymous callers.</summary>
internal sealed partial class ReadinessLog(ILogger<ReadinessLog> logger)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, HealthStatus> _last = new(StringComparer.Ordinal);

    public void Record(HealthReport report)
    {
        foreach (var (name, entry) in report.Entries)
        {
            var previous = _last.TryGetValue(name, out var known) ? known : HealthStatus.Healthy;
            _last[name] = entry.Status;
            if (entry.Status == previous)
            {
                continue;
            }

            if (entry.Status == HealthStatus.Healthy)
            {
                Log.Recovered(logger, name, entry.Description);
            }
            else
            {
                Log.NotHealthy(logger, entry.Exception, name, HealthReportWriter.Name(entry.Status), entry.Description);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5301, Level = LogLevel.Warning, Message = "Readiness check {Check} is {Status}: {Description}")]
        public static partial void NotHealthy(ILogger logger, Exception? exception, string check, string status, string? description);

        [LoggerMessage(EventId = 5302, Level = LogLevel.Information, Message = "Readiness check {Check} is healthy again: {Description}")]
        public static partial void Recovered(ILogger logger, string check, string? description);
    }
}
