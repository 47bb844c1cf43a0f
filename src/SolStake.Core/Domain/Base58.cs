using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace SolStake.Core.Domain;

/// <summary>
/// Base58 (Bitcoin alphabet) for exactly 32-byte values. Written by hand because pubkeys are decoded and encoded
/// on every hot path (RPC parsing, database writes, API responses) and a general base58 library works digit by
/// digit over a byte buffer (quadratic in the length). Here the value lives in eight 32-bit limbs and the work is
/// done five base58 digits at a time (58^5 &lt; 2^32): about 70 multiply-adds per key. The tests check it against
/// a general library on many random keys.
/// </summary>
internal static class Base58
{
    public const int MaxEncodedLength = 44;
    private const int Limbs = 8;
    private const uint Pow58To5 = 656_356_768; // 58^5
    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    private static readonly sbyte[] DigitOf = BuildDigitTable();
    private static readonly uint[] Pow58 = [1, 58, 3_364, 195_112, 11_316_496];

    /// <summary>Decodes a base58 string that encodes exactly 32 bytes (leading '1's stand for leading zero bytes).</summary>
    public static bool TryDecode32<TChar>(ReadOnlySpan<TChar> text, Span<byte> destination)
        where TChar : unmanaged, IEquatable<TChar>
    {
        if (text.Length is 0 or > MaxEncodedLength || destination.Length < 32)
        {
            return false;
        }

        Span<uint> limbs = stackalloc uint[Limbs];
        limbs.Clear();
        var leadingOnes = 0;
        while (leadingOnes < text.Length && CharAt(text, leadingOnes) == '1')
        {
            leadingOnes++;
        }

        // Consume the digits in groups of up to five: value = value * 58^k + group.
        var i = 0;
        while (i < text.Length)
        {
            var take = Math.Min(5, text.Length - i);
            uint group = 0;
            for (var k = 0; k < take; k++)
            {
                var c = CharAt(text, i + k);
                var digit = c < 128 ? DigitOf[c] : -1;
                if (digit < 0)
                {
                    return false;
                }

                group = (group * 58) + (uint)digit;
            }

            ulong carry = group;
            var multiplier = take == 5 ? Pow58To5 : Pow58[take];
            for (var l = Limbs - 1; l >= 0; l--)
            {
                var t = ((ulong)limbs[l] * multiplier) + carry;
                limbs[l] = (uint)t;
                carry = t >> 32;
            }

            if (carry != 0)
            {
                return false; // more than 256 bits
            }

            i += take;
        }

        for (var l = 0; l < Limbs; l++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[(l * 4)..], limbs[l]);
        }

        // Canonical form: exactly one leading '1' per leading zero byte.
        var zeroBytes = 0;
        while (zeroBytes < 32 && destination[zeroBytes] == 0)
        {
            zeroBytes++;
        }

        return zeroBytes == leadingOnes;
    }

    /// <summary>Encodes 32 bytes, given as four big-endian 64-bit words; returns the number of characters written.</summary>
    public static int Encode32(ulong w0, ulong w1, ulong w2, ulong w3, Span<char> destination)
    {
        Span<uint> limbs = [(uint)(w0 >> 32), (uint)w0, (uint)(w1 >> 32), (uint)w1, (uint)(w2 >> 32), (uint)w2, (uint)(w3 >> 32), (uint)w3];
        var leadingZeroBytes = 0;
        for (var l = 0; l < Limbs && leadingZeroBytes == l * 4; l++)
        {
            var limb = limbs[l];
            leadingZeroBytes += limb == 0 ? 4 : (System.Numerics.BitOperations.LeadingZeroCount(limb) / 8);
        }

        // Peel off base-58^5 digits from the least significant end: 9 groups cover 45 >= 44 characters.
        Span<char> reversed = stackalloc char[45];
        var written = 0;
        var first = 0;
        for (var g = 0; g < 9; g++)
        {
            ulong remainder = 0;
            for (var l = first; l < Limbs; l++)
            {
                var t = (remainder << 32) | limbs[l];
                limbs[l] = (uint)(t / Pow58To5);
                remainder = t % Pow58To5;
            }

            while (first < Limbs && limbs[first] == 0)
            {
                first++;
            }

            var r = (uint)remainder;
            for (var k = 0; k < 5; k++)
            {
                reversed[written++] = Alphabet[(int)(r % 58)];
                r /= 58;
            }
        }

        // Drop the zero digits ('1') the fixed-size groups produced at the top, then add one '1' per zero byte.
        while (written > 0 && reversed[written - 1] == '1')
        {
            written--;
        }

        var length = leadingZeroBytes + written;
        for (var k = 0; k < leadingZeroBytes; k++)
        {
            destination[k] = '1';
        }

        for (var k = 0; k < written; k++)
        {
            destination[leadingZeroBytes + k] = reversed[written - 1 - k];
        }

        return length;
    }

    // One decoder for UTF-16 text and for UTF-8 JSON bytes; the JIT keeps only the branch for the type it compiles.
    private static int CharAt<TChar>(ReadOnlySpan<TChar> text, int index)
        where TChar : unmanaged, IEquatable<TChar>
    {
        ref var c = ref Unsafe.AsRef(in text[index]);
        return typeof(TChar) == typeof(char) ? Unsafe.As<TChar, char>(ref c) : Unsafe.As<TChar, byte>(ref c);
    }

    private static sbyte[] BuildDigitTable()
    {
        var table = new sbyte[128];
        Array.Fill(table, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++)
        {
            table[Alphabet[i]] = (sbyte)i;
        }

        return table;
    }
}
