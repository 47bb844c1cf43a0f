using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace SolStake.Core.Domain;

/// <summary>
/// A Solana public key: 32 bytes, written as base58 (Bitcoin alphabet). Vote accounts, validator identities,
/// wallets and stake accounts are all pubkeys.
/// </summary>
/// <remarks>
/// Stored as four 64-bit words so that equality and hashing are cheap and the value lives on the stack.
/// </remarks>
[System.Text.Json.Serialization.JsonConverter(typeof(PubkeyJsonConverter))]
public readonly struct Pubkey : IEquatable<Pubkey>, IComparable<Pubkey>, ISpanParsable<Pubkey>
{
    /// <summary>The length of a pubkey in bytes.</summary>
    public const int Length = 32;

    // A 32-byte value is at most 44 base58 characters; the all-zero key is 32 '1's.
    private const int MinBase58Length = 32;
    private const int MaxBase58Length = 44;

    private readonly ulong _w0;
    private readonly ulong _w1;
    private readonly ulong _w2;
    private readonly ulong _w3;

    /// <summary>Creates a pubkey from exactly 32 bytes.</summary>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not 32 bytes long.</exception>
    public Pubkey(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
        {
            throw new ArgumentException($"A pubkey is {Length} bytes; got {bytes.Length}.", nameof(bytes));
        }

        _w0 = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        _w1 = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        _w2 = BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]);
        _w3 = BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]);
    }

    /// <summary>The all-zero key (base58 <c>11111111111111111111111111111111</c>, the System program).</summary>
    public static Pubkey Zero => default;

    /// <summary>Copies the 32 bytes of the key into <paramref name="destination"/>.</summary>
    public void CopyTo(Span<byte> destination)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException($"The destination needs {Length} bytes.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt64BigEndian(destination, _w0);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _w1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _w2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _w3);
    }

    /// <summary>Returns the 32 bytes of the key.</summary>
    public byte[] ToByteArray()
    {
        var bytes = new byte[Length];
        CopyTo(bytes);
        return bytes;
    }

    /// <summary>Parses a base58 pubkey.</summary>
    /// <exception cref="FormatException">The text is not a base58-encoded 32-byte key; the message names the text.</exception>
    public static Pubkey Parse(string s) => Parse(s, provider: null);

    /// <inheritdoc />
    public static Pubkey Parse(string s, IFormatProvider? provider)
    {
        ArgumentNullException.ThrowIfNull(s);
        return Parse(s.AsSpan(), provider);
    }

    /// <inheritdoc />
    public static Pubkey Parse(ReadOnlySpan<char> s, IFormatProvider? provider)
    {
        if (TryParse(s, out var key))
        {
            return key;
        }

        throw new FormatException($"'{Describe(s)}' is not a valid pubkey: expected 32 bytes in base58.");
    }

    /// <summary>Tries to parse a base58 pubkey.</summary>
    public static bool TryParse([NotNullWhen(true)] string? s, out Pubkey result) => TryParse(s.AsSpan(), out result);

    /// <inheritdoc />
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out Pubkey result) =>
        TryParse(s.AsSpan(), out result);

    /// <inheritdoc />
    public static bool TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out Pubkey result) => TryParse(s, out result);

    /// <summary>Tries to parse a base58 pubkey from characters.</summary>
    public static bool TryParse(ReadOnlySpan<char> s, out Pubkey result)
    {
        result = default;
        if (s.Length is < MinBase58Length or > MaxBase58Length)
        {
            return false;
        }

        Span<byte> buffer = stackalloc byte[Length];
        if (!Base58.TryDecode32(s, buffer))
        {
            return false;
        }

        result = new Pubkey(buffer);
        return true;
    }

    /// <summary>Tries to parse a base58 pubkey from UTF-8 bytes, as it appears in JSON.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out Pubkey result)
    {
        result = default;
        if (utf8.Length is < MinBase58Length or > MaxBase58Length)
        {
            return false;
        }

        Span<byte> buffer = stackalloc byte[Length];
        if (!Base58.TryDecode32(utf8, buffer))
        {
            return false;
        }

        result = new Pubkey(buffer);
        return true;
    }

    /// <summary>The base58 text of the key.</summary>
    public override string ToString()
    {
        Span<char> text = stackalloc char[Base58.MaxEncodedLength];
        var length = Base58.Encode32(_w0, _w1, _w2, _w3, text);
        return new string(text[..length]);
    }

    /// <summary>Writes the base58 text into <paramref name="destination"/> (44 characters suffice) and returns its length.</summary>
    public int Format(Span<char> destination) => Base58.Encode32(_w0, _w1, _w2, _w3, destination);

    /// <inheritdoc />
    public bool Equals(Pubkey other) => _w0 == other._w0 && _w1 == other._w1 && _w2 == other._w2 && _w3 == other._w3;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Pubkey other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_w0, _w1, _w2, _w3);

    /// <summary>Orders keys by their bytes (big-endian), the order Solana uses.</summary>
    public int CompareTo(Pubkey other)
    {
        var c = _w0.CompareTo(other._w0);
        if (c != 0) return c;
        c = _w1.CompareTo(other._w1);
        if (c != 0) return c;
        c = _w2.CompareTo(other._w2);
        return c != 0 ? c : _w3.CompareTo(other._w3);
    }

    /// <summary>Equality.</summary>
    public static bool operator ==(Pubkey left, Pubkey right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(Pubkey left, Pubkey right) => !left.Equals(right);

    /// <summary>Ordering.</summary>
    public static bool operator <(Pubkey left, Pubkey right) => left.CompareTo(right) < 0;

    /// <summary>Ordering.</summary>
    public static bool operator >(Pubkey left, Pubkey right) => left.CompareTo(right) > 0;

    /// <summary>Ordering.</summary>
    public static bool operator <=(Pubkey left, Pubkey right) => left.CompareTo(right) <= 0;

    /// <summary>Ordering.</summary>
    public static bool operator >=(Pubkey left, Pubkey right) => left.CompareTo(right) >= 0;

    // Error messages name the bad value, but never echo an unbounded string back.
    private static string Describe(ReadOnlySpan<char> s) => s.Length <= 64 ? s.ToString() : string.Concat(s[..61], "...");
}
