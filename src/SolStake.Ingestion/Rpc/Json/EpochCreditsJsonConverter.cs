using System.Text.Json;
using System.Text.Json.Serialization;
using SolStake.Core.Domain;

namespace SolStake.Ingestion.Rpc.Json;

/// <summary>Reads one <c>epochCredits</c> entry, the array <c>[epoch, credits, previousCredits]</c>.</summary>
internal sealed class EpochCreditsJsonConverter : JsonConverter<EpochCredits>
{
    public override EpochCredits Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"Expected an epochCredits array [epoch, credits, previousCredits], found {reader.TokenType}.");
        }

        var epoch = ReadElement(ref reader);
        var credits = ReadElement(ref reader);
        var previous = ReadElement(ref reader);
        if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray)
        {
            throw new JsonException("An epochCredits entry has more than three elements.");
        }

        return new EpochCredits(epoch, credits, previous);
    }

    public override void Write(Utf8JsonWriter writer, EpochCredits value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue(value.Epoch);
        writer.WriteNumberValue(value.Credits);
        writer.WriteNumberValue(value.PreviousCredits);
        writer.WriteEndArray();
    }

    private static ulong ReadElement(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("An epochCredits entry ends early.");
        }

        return reader.TokenType switch
        {
            JsonTokenType.Number => reader.GetUInt64(),
            JsonTokenType.String when ulong.TryParse(reader.GetString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) => v,
            JsonTokenType.EndArray => throw new JsonException("An epochCredits entry has fewer than three elements."),
            _ => throw new JsonException($"An epochCredits element is not an unsigned 64-bit number ({reader.TokenType})."),
        };
    }
}
