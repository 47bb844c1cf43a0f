using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SolStake.Ingestion.Replay;

/// <summary>
/// The folder layout of recorded RPC calls: <c>&lt;folder&gt;/&lt;method&gt;/&lt;params hash&gt;.json</c>, each file holding
/// the method, its params, the HTTP status, when it was recorded and the response body.
/// </summary>
internal static class RpcRecording
{
    /// <summary>One call of a request: its id (raw JSON), method and params (raw JSON).</summary>
    public readonly record struct Call(string IdJson, string Method, string ParamsJson);

    /// <summary>The calls of a JSON-RPC request body (one, or a batch); null for anything else.</summary>
    public static (IReadOnlyList<Call> Calls, bool IsBatch)? ReadCalls(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                var calls = new List<Call>();
                foreach (var element in root.EnumerateArray())
                {
                    if (ReadCall(element) is not { } call)
                    {
                        return null;
                    }

                    calls.Add(call);
                }

                return (calls, true);
            }

            return ReadCall(root) is { } single ? ([single], false) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>An answer's JSON with its id set to <paramref name="idJson"/> (recorded answers carry the recording's id).</summary>
    public static string WithId(string answerJson, string idJson)
    {
        var node = JsonNode.Parse(answerJson)!;
        node["id"] = JsonNode.Parse(idJson);
        return node.ToJsonString();
    }

    private static Call? ReadCall(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("method", out var method) && method.ValueKind == JsonValueKind.String
            ? new Call(element.TryGetProperty("id", out var id) ? id.GetRawText() : "null", method.GetString()!,
                element.TryGetProperty("params", out var p) ? p.GetRawText() : "[]")
            : null;

    /// <summary>The file of a call: method folder, then a hash of the params, so the same call maps to the same file.</summary>
    public static string PathOf(string directory, string method, string paramsJson)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(paramsJson)))[..16];
        return Path.Combine(directory, SafeName(method), hash + ".json");
    }

    public static string MethodDirectory(string directory, string method) => Path.Combine(directory, SafeName(method));

    // Method names are identifiers; anything else must not escape the folder.
    private static string SafeName(string method) =>
        method.Length > 0 && method.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? method : "_invalid";
}
