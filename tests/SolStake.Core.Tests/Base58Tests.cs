using System.Text;
using SolStake.Core.Domain;

namespace SolStake.Core.Tests;

/// <summary>The hand-written 32-byte base58 codec against a general-purpose library (SimpleBase) as the oracle.</summary>
public class Base58Tests
{
    private static IEnumerable<byte[]> Keys()
    {
        var random = new Random(1234);
        yield return new byte[32];
        yield return [.. Enumerable.Repeat((byte)0xFF, 32)];
        for (var zeros = 1; zeros < 32; zeros++)
        {
            var key = new byte[32];
            random.NextBytes(key.AsSpan(zeros));
            key[zeros] |= 1;
            yield return key;
        }

        for (var i = 0; i < 5_000; i++)
        {
            var key = new byte[32];
            random.NextBytes(key);
            yield return key;
        }
    }

    [Test]
    public void EncodeAndDecode_AgreeWithTheOracle_OnManyKeys()
    {
        foreach (var bytes in Keys())
        {
            var expected = SimpleBase.Base58.Bitcoin.Encode(bytes);
            var key = new Pubkey(bytes);

            Assert.That(key.ToString(), Is.EqualTo(expected));
            Assert.That(Pubkey.Parse(expected).ToByteArray(), Is.EqualTo(bytes));
            Assert.That(Pubkey.TryParse(Encoding.ASCII.GetBytes(expected), out var fromUtf8) && fromUtf8 == key, Is.True);
        }
    }

    [TestCase("2")]                                              // the value 1 without its 31 leading '1's
    [TestCase("1111111111111111111111111111111")]                // 31 ones: 31 zero bytes
    [TestCase("111111111111111111111111111111111")]              // 33 ones
    [TestCase("JEKNVnkbo3jma5nREBBJCDoXFVeKkD56V3xKrvRmWxFH")]   // 2^256: does not fit in 32 bytes
    [TestCase("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz")]   // far beyond 2^256
    [TestCase("1JEKNVnkbo3jma5nREBBJCDoXFVeKkD56V3xKrvRmWxF")]   // a leading '1' in front of a full-width value
    public void NonCanonicalOrOversizedText_IsRefused(string text)
    {
        var oracle = TryOracle(text, out var decoded) && decoded.Length == 32;

        Assert.That(Pubkey.TryParse(text, out _), Is.EqualTo(oracle).And.False);
    }

    private static bool TryOracle(string text, out byte[] bytes)
    {
        try
        {
            bytes = SimpleBase.Base58.Bitcoin.Decode(text);
            return true;
        }
        catch (ArgumentException)
        {
            bytes = [];
            return false;
        }
    }
}
