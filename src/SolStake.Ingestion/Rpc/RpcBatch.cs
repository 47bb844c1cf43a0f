using System.Text.Json;

namespace SolStake.Ingestion.Rpc;

/// <summary>Finds the entries of a JSON-RPC batch answer by id, without parsing them (each is parsed with its own type).</summary>
internal static class RpcBatch
{
    /// <summary>
    /// The byte range of each entry by its numeric id; null when the answer is not an array (a node that refuses
    /// batches answers with one error object).
    /// </summary>
    /// <exception cref="SolanaRpcException">The body is not JSON.</exception>
    public static Dictionary<long, Range>? Split(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                return null;
            }

            var entries = new Dictionary<long, Range>();
            while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                var start = (int)reader.TokenStartIndex;
                long? id = null;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isId = reader.ValueTextEquals("id"u8);
                    reader.Read();
                    if (isId && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value))
                    {
                        id = value;
                    }
                    else
                    {
                        reader.Skip();
                    }
                }

                if (id is { } key)
                {
                    entries[key] = start..(int)reader.BytesConsumed;
                }
            }

            return entries;
        }
        catch (JsonException ex)
        {
            throw new SolanaRpcException("batch", $"the body is not JSON ({ex.Message.Split('\n')[0]})", SolanaRpcFailure.MalformedResponse, innerException: ex);
        }
    }
}
