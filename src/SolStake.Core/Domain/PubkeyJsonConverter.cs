using System.Text.Json;
using System.Text.Json.Serialization;

namespace SolStake.Core.Domain;

/// <summary>Reads and writes a <see cref="Pubkey"/> as its base58 string, without an intermediate string on read.</summary>
/// <remarks>Applied to <see cref="Pubkey"/> itself, so reflection-based and source-generated serialisers both use it.</remarks>
public sealed class PubkeyJsonConverter : JsonConverter<Pubkey>
{
    /// <inheritdoc />
    public override Pubkey Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a base58 pubkey string, found {reader.TokenType}.");
        }

        if (!reader.ValueIsEscaped && !reader.HasValueSequence && Pubkey.TryParse(reader.ValueSpan, out var key))
        {
            return key;
        }

        var text = reader.GetString();
        return Pubkey.TryParse(text, out key)
            ? key
            : throw new JsonException($"'{text}' is not a valid pubkey: expected 32 bytes in base58.");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Pubkey value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
