using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SolStake.Ingestion.Replay;

/// <summary>
/// Saves every RPC exchange to <see cref="SolanaRpcOptions.RecordDirectory"/> (when set), for reproducible runs
/// and bug reports: the method, params, HTTP status and body of each call, one file per distinct call (the latest
/// answer wins). A batch is saved call by call. Replay reads the same layout.
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
        if (RpcRecording.ReadCalls(requestBody) is not var (calls, isBatch))
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
        var answers = isBatch ? AnswersById(responseBody) : null;
        foreach (var call in calls)
        {
            // A batch's answers are saved one by one; an HTTP failure of the batch is saved for each call.
            var body = answers is not null && answers.TryGetValue(call.IdJson, out var answer) ? answer : responseBody;
            await SaveAsync(directory, call, (int)response.StatusCode, body, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    private async Task SaveAsync(string directory, RpcRecording.Call call, int status, byte[] body, CancellationToken cancellationToken)
    {
        var path = RpcRecording.PathOf(directory, call.Method, call.ParamsJson);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var file = File.Create(path);
        await using (file.ConfigureAwait(false))
        {
            var writer = new Utf8JsonWriter(file);
            await using var _ = writer.ConfigureAwait(false);
            writer.WriteStartObject();
            writer.WriteString("method", call.Method);
            writer.WritePropertyName("params");
            writer.WriteRawValue(call.ParamsJson);
            writer.WriteNumber("status", status);
            writer.WriteString("recordedAt", time.GetUtcNow());
            if (IsJson(body))
            {
                writer.WritePropertyName("body");
                writer.WriteRawValue(body);
            }
            else
            {
                writer.WriteString("bodyText", System.Text.Encoding.UTF8.GetString(body));
            }

            writer.WriteEndObject();
        }

        Log.Recorded(logger, call.Method, path);
    }

    private static Dictionary<string, byte[]>? AnswersById(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var answers = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var answer in document.RootElement.EnumerateArray())
            {
                if (answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("id", out var id))
                {
                    answers[id.GetRawText()] = System.Text.Encoding.UTF8.GetBytes(answer.GetRawText());
                }
            }

            return answers;
        }
        catch (JsonException)
        {
            return null;
        }
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
