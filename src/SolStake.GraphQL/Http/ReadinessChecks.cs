using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SolStake.Core.Storage;

namespace SolStake.GraphQL.Http;

/// <summary>Writes a health report as <c>{"status","checks":{name:{"status","description","durationMs"}}}</c>.</summary>
internal static class HealthReportWriter
{
    public static async Task WriteAsync(HttpContext http, HealthReport report)
    {
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
                json.WriteString("description", entry.Description);
                json.WriteNumber("durationMs", Math.Round(entry.Duration.TotalMilliseconds, 1));
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        await http.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), http.RequestAborted).ConfigureAwait(false);
    }

    private static string Name(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}
