using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SolStake.Ingestion.Replay;

/// <summary>
/// The folder layout of recorded RPC calls: <c>&lt;folder&gt;/&lt;method&gt;/&lt;params hash&gt;.json</c>, each file holding
/// the method, its params, the HTTP status, when it was recorded and the response body.
/// </summary>
internal static class RpcRecording
{
    /// <summary>Reads the method and params of a JSON-RPC request body; null for anything else (batches are recorded per call by the client).</summary>
    public static (string Method, string ParamsJson)? ReadRequest(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("method", out var method) || method.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            var parameters = root.TryGetProperty("params", out var p) ? p.GetRawText() : "[]";
            return (method.GetString()!, parameters);
        }
        catch (JsonException)
        {
            return null;
        }
    }

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
