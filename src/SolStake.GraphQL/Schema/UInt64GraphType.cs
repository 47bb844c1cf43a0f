using System.Globalization;
using System.Numerics;
using GraphQL.Types;
using GraphQLParser.AST;

namespace SolStake.GraphQL.Schema;

/// <summary>
/// Lamports and slots: unsigned 64-bit integers, serialised as decimal strings because JavaScript numbers lose
/// precision past 2^53. Input accepts the string or an integer literal.
/// </summary>
internal sealed class UInt64GraphType : ScalarGraphType
{
    public UInt64GraphType()
    {
        Name = "UInt64";
        Description = "An unsigned 64-bit integer (lamports, slots, epochs), serialised as a decimal string to stay exact in JavaScript.";
    }

    public override object? Serialize(object? value) => value switch
    {
        null => null,
        ulong u => u.ToString(CultureInfo.InvariantCulture),
        long l when l >= 0 => l.ToString(CultureInfo.InvariantCulture),
        uint or int or ushort or short or byte => Convert.ToUInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        _ => ThrowSerializationError(value),
    };

    public override object? ParseValue(object? value) => value switch
    {
        null => null,
        ulong u => u,
        string s when ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var u) => u,
        int i when i >= 0 => (ulong)i,
        long l when l >= 0 => (ulong)l,
        BigInteger b when b >= 0 && b <= ulong.MaxValue => (ulong)b,
        _ => ThrowValueConversionError(value),
    };

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLNullValue => null,
        GraphQLIntValue i when ulong.TryParse(i.Value.Span, NumberStyles.None, CultureInfo.InvariantCulture, out var u) => u,
        GraphQLStringValue s when ulong.TryParse(s.Value.Span, NumberStyles.None, CultureInfo.InvariantCulture, out var u) => u,
        _ => ThrowLiteralConversionError(value),
    };
}
