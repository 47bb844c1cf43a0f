using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SolStake.Testing;

/// <summary>
/// A JSON-RPC server on 127.0.0.1 that answers each Solana method with a recorded response (a fixture file) or a
/// scripted failure, so clients are tested through real HTTP. Methods without an answer get JSON-RPC error
/// -32601, as a node that lacks the method would answer.
/// </summary>
public sealed class FixtureRpcServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Reply>> _scripted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Reply> _standing = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();
    private int _batches;

    private FixtureRpcServer(WebApplication app) => _app = app;

    /// <summary>The server's URL, for <c>SOLANA_RPC_URL</c>.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>Answer every batch with one JSON-RPC error object, as nodes that do not take batches do.</summary>
    public bool RefuseBatches { get; set; }

    /// <summary>How many batches (array requests) came in.</summary>
    public int BatchesReceived => _batches;

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<ReceivedRequest> Received => [.. _received];

    /// <summary>Starts the server on a free loopback port.</summary>
    public static async Task<FixtureRpcServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FixtureRpcServer(app);
        app.MapPost("/", server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.Url = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    /// <summary>Answers every call of <paramref name="method"/> with the body of a fixture file.</summary>
    public FixtureRpcServer Serve(string method, string fixtureFile)
    {
        _standing[method] = Reply.Json(File.ReadAllBytes(Fixtures.Path(fixtureFile)));
        return this;
    }

    /// <summary>Answers every call of <paramref name="method"/> with <paramref name="reply"/>.</summary>
    public FixtureRpcServer Serve(string method, Reply reply)
    {
        _standing[method] = reply;
        return this;
    }

    /// <summary>Answers the next call of <paramref name="method"/> with <paramref name="reply"/>, before any standing answer.</summary>
    public FixtureRpcServer Enqueue(string method, Reply reply)
    {
        _scripted.GetOrAdd(method, _ => new ConcurrentQueue<Reply>()).Enqueue(reply);
        return this;
    }

    /// <summary>The requests received for one method.</summary>
    public IReadOnlyList<ReceivedRequest> ReceivedFor(string method) => [.. _received.Where(r => r.Method == method)];

    /// <summary>Stops the server.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(http.RequestAborted);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            await WriteAsync(http, Reply.Error(-32700, "Parse error"), default);
            return;
        }

        using (document)
        {
            if (document.RootElement.ValueKind == JsonValueKind.Array)
            {
                await HandleBatchAsync(http, document.RootElement);
                return;
            }

            if (!TryReadCall(document.RootElement, out var method, out var id))
            {
                await WriteAsync(http, Reply.Error(-32600, "Invalid request"), default);
                return;
            }

            _received.Enqueue(new ReceivedRequest(method, body));
            await WriteAsync(http, NextReply(method), id);
        }
    }

    // A batch is answered call by call; an HTTP-level failure of any call fails the whole batch, as a node would.
    private async Task HandleBatchAsync(HttpContext http, JsonElement calls)
    {
        Interlocked.Increment(ref _batches);
        if (RefuseBatches)
        {
            await WriteAsync(http, Reply.Error(-32600, "Batch requests are not supported"), default);
            return;
        }

        var answers = new System.Text.Json.Nodes.JsonArray();
        var delay = TimeSpan.Zero;
        foreach (var call in calls.EnumerateArray())
        {
            if (!TryReadCall(call, out var method, out var id))
            {
                answers.Add(System.Text.Json.Nodes.JsonNode.Parse(ErrorJson(-32600, "Invalid request", default)));
                continue;
            }

            _received.Enqueue(new ReceivedRequest(method, call.GetRawText()));
            var reply = NextReply(method);
            if (reply.StatusCode != 200 || reply.ContentType != "application/json")
            {
                await WriteAsync(http, reply, id);
                return;
            }

            delay = reply.Delay > delay ? reply.Delay : delay;
            var answer = System.Text.Json.Nodes.JsonNode.Parse(reply.ErrorCode is { } code ? ErrorJson(code, reply.ErrorMessage, id) : Encoding.UTF8.GetString(reply.Body))!;
            answer["id"] = System.Text.Json.Nodes.JsonNode.Parse(id.GetRawText());
            answers.Add(answer);
        }

        await WriteAsync(http, Reply.Json(answers.ToJsonString()) with { Delay = delay }, default);
    }

    private Reply NextReply(string method) =>
        _scripted.TryGetValue(method, out var queue) && queue.TryDequeue(out var next)
            ? next
            : _standing.GetValueOrDefault(method) ?? Reply.Error(-32601, "Method not found");

    private static bool TryReadCall(JsonElement call, out string method, out JsonElement id)
    {
        method = "";
        id = default;
        if (call.ValueKind != JsonValueKind.Object || !call.TryGetProperty("method", out var m) || m.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        method = m.GetString()!;
        id = call.TryGetProperty("id", out var i) ? i.Clone() : default;
        return true;
    }

    private static string ErrorJson(int code, string? message, JsonElement id) =>
        JsonSerializer.Serialize(new { jsonrpc = "2.0", error = new { code, message }, id = id.ValueKind == JsonValueKind.Undefined ? (object?)null : id });

    private static async Task WriteAsync(HttpContext http, Reply reply, JsonElement id)
    {
        if (reply.Delay > TimeSpan.Zero)
        {
            await Task.Delay(reply.Delay, http.RequestAborted);
        }

        http.Response.StatusCode = reply.StatusCode;
        foreach (var (name, value) in reply.Headers)
        {
            http.Response.Headers[name] = value;
        }

        http.Response.ContentType = reply.ContentType;
        var body = reply.ErrorCode is { } code ? Encoding.UTF8.GetBytes(ErrorJson(code, reply.ErrorMessage, id)) : reply.Body;
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }

    /// <summary>A request the server received (each call of a batch is received on its own).</summary>
    public sealed record ReceivedRequest(string Method, string Body)
    {
        /// <summary>The request's <c>params</c>, or an undefined element when absent.</summary>
        public JsonElement Params
        {
            get
            {
                using var document = JsonDocument.Parse(Body);
                return document.RootElement.TryGetProperty("params", out var p) ? p.Clone() : default;
            }
        }
    }

    /// <summary>One scripted answer.</summary>
    public sealed record Reply
    {
        /// <summary>The HTTP status.</summary>
        public int StatusCode { get; init; } = 200;

        /// <summary>The body bytes (ignored for JSON-RPC errors).</summary>
        public byte[] Body { get; init; } = [];

        /// <summary>The content type.</summary>
        public string ContentType { get; init; } = "application/json";

        /// <summary>Extra headers (Retry-After, ...).</summary>
        public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

        /// <summary>How long to wait before answering.</summary>
        public TimeSpan Delay { get; init; }

        /// <summary>A JSON-RPC error code to answer with.</summary>
        public int? ErrorCode { get; init; }

        /// <summary>The JSON-RPC error message.</summary>
        public string? ErrorMessage { get; init; }

        /// <summary>A 200 answer with a JSON body.</summary>
        public static Reply Json(byte[] body) => new() { Body = body };

        /// <summary>A 200 answer with a JSON body.</summary>
        public static Reply Json(string body) => new() { Body = Encoding.UTF8.GetBytes(body) };

        /// <summary>A JSON-RPC error object.</summary>
        public static Reply Error(int code, string message) => new() { ErrorCode = code, ErrorMessage = message };

        /// <summary>An HTTP error with a body.</summary>
        public static Reply Http(int status, string body = "", string contentType = "text/plain") =>
            new() { StatusCode = status, Body = Encoding.UTF8.GetBytes(body), ContentType = contentType };
    }
}
