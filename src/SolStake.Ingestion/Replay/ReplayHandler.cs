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
        if (RpcRecording.ReadCalls(body) is not var (calls, isBatch))
        {
            return Json(HttpStatusCode.OK, """{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid request"},"id":null}""");
        }

        if (!isBatch)
        {
            return await AnswerAsync(calls[0], cancellationToken).ConfigureAwait(false);
        }

        // A batch is answered call by call, each answer carrying its call's id.
        var answers = new List<string>(calls.Count);
        foreach (var call in calls)
        {
            using var single = await AnswerAsync(call, cancellationToken).ConfigureAwait(false);
            if (single.StatusCode != HttpStatusCode.OK)
            {
                return await CopyAsync(single, cancellationToken).ConfigureAwait(false);
            }

            answers.Add(RpcRecording.WithId(await single.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false), call.IdJson));
        }

        return Json(HttpStatusCode.OK, "[" + string.Join(",", answers) + "]");
    }

    private async Task<HttpResponseMessage> AnswerAsync(RpcRecording.Call call, CancellationToken cancellationToken)
    {
        var path = RpcRecording.PathOf(directory, call.Method, call.ParamsJson);
        if (!File.Exists(path))
        {
            path = Latest(RpcRecording.MethodDirectory(directory, call.Method));
        }

        if (path is null)
        {
            return Json(HttpStatusCode.OK, $$"""{"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found (no recording of {{call.Method}})"},"id":{{call.IdJson}}}""");
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

    private static async Task<HttpResponseMessage> CopyAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        new(response.StatusCode) { Content = new StringContent(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false), Encoding.UTF8, response.Content.Headers.ContentType?.MediaType ?? "text/plain") };

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
