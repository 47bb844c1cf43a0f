using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SolStake.Ingestion.Replay;

/// <summary>
/// Saves every RPC exchange to <see cref="SolanaRpcOptions.RecordDirectory"/> (when set), for reproducible runs
/// and bug reports: the method, params, HTTP status and body of each call, one file per distinct call (the latest
/// answer wins). Replay reads the same layout.
/// </summary>
internal sealed partial class RecordingHandler(IOptions<SolanaRpcOptions> options, TimeProvider time, ILogger<RecordingHandler> logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var directory = options.Value.RecordDirectory;
        if (string.IsNullOrEmpty(directory) || request.Content is null)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var requestBody = await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (RpcRecording.ReadRequest(requestBody) is not var (method, parameters))
        {
            return response;
        }

        // Buffer the body so that it can be both saved and handed on.
        var responseBody = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var replacement = new ByteArrayContent(responseBody);
        foreach (var header in response.Content.Headers)
        {
            replacement.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content = replacement;
        var path = RpcRecording.PathOf(directory, method, parameters);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var file = File.Create(path);
        await using (file.ConfigureAwait(false))
        {
            var writer = new Utf8JsonWriter(file);
            await using var _ = writer.ConfigureAwait(false);
            writer.WriteStartObject();
            writer.WriteString("method", method);
            writer.WritePropertyName("params");
            writer.WriteRawValue(parameters);
            writer.WriteNumber("status", (int)response.StatusCode);
            writer.WriteString("recordedAt", time.GetUtcNow());
            if (IsJson(responseBody))
            {
                writer.WritePropertyName("body");
                writer.WriteRawValue(responseBody);
            }
            else
            {
                writer.WriteString("bodyText", System.Text.Encoding.UTF8.GetString(responseBody));
            }

            writer.WriteEndObject();
        }

        Log.Recorded(logger, method, path);
        return response;
    }

    private static bool IsJson(byte[] body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            while (reader.Read())
            {
            }

            return body.Length > 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2201, Level = LogLevel.Debug, Message = "Recorded RPC {Method} to {Path}")]
        public static partial void Recorded(ILogger logger, string method, string path);
    }
}
