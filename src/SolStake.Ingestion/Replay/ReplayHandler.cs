using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace SolStake.Ingestion.Replay;

/// <summary>
/// Answers RPC calls from a folder of recordings instead of the network, so a sync can run offline and the same
/// inputs give the same results. A call is matched by method and params; a call whose params were never recorded
/// gets the method's most recent recording (a sync's ranges and epochs move on between runs); a method with no
/// recording at all is answered as a node without it would answer, with JSON-RPC error -32601.
/// </summary>
internal sealed class ReplayHandler(string directory) : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (RpcRecording.ReadRequest(body) is not var (method, parameters))
        {
            return Json(HttpStatusCode.OK, """{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid request"},"id":null}""");
        }

        var path = RpcRecording.PathOf(directory, method, parameters);
        if (!File.Exists(path))
        {
            path = Latest(RpcRecording.MethodDirectory(directory, method));
        }

        if (path is null)
        {
            return Json(HttpStatusCode.OK, $$"""{"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found (no recording of {{method}})"},"id":null}""");
        }

        var file = File.OpenRead(path);
        await using (file.ConfigureAwait(false))
        {
            using var recording = await JsonDocument.ParseAsync(file, cancellationToken: cancellationToken).ConfigureAwait(false);
            var root = recording.RootElement;
            var status = root.TryGetProperty("status", out var s) && s.TryGetInt32(out var code) ? (HttpStatusCode)code : HttpStatusCode.OK;
            return root.TryGetProperty("body", out var recorded)
                ? Json(status, recorded.GetRawText())
                : new HttpResponseMessage(status) { Content = new StringContent(root.TryGetProperty("bodyText", out var text) ? text.GetString() ?? "" : "", Encoding.UTF8, "text/plain") };
        }
    }

    private static string? Latest(string methodDirectory)
    {
        if (!Directory.Exists(methodDirectory))
        {
            return null;
        }

        return Directory.EnumerateFiles(methodDirectory, "*.json")
            .Select(f => (File: f, RecordedAt: RecordedAt(f)))
            .OrderByDescending(x => x.RecordedAt)
            .ThenBy(x => x.File, StringComparer.Ordinal)
            .Select(x => x.File)
            .FirstOrDefault();
    }

    private static DateTimeOffset RecordedAt(string file)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(file));
            return document.RootElement.TryGetProperty("recordedAt", out var at) && at.TryGetDateTimeOffset(out var value) ? value : DateTimeOffset.MinValue;
        }
        catch (JsonException)
        {
            return DateTimeOffset.MinValue;
        }
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json")) };
}
