using SolStake.Core.Domain;

namespace SolStake.Core.Tests;

public class PubkeyTests
{
    private const string Vote = "6D9w8FRw5EFr5qtZEphPpughN3W8zc8p6zMXg4PFuaXL";

    [TestCase("6D9w8FRw5EFr5qtZEphPpughN3W8zc8p6zMXg4PFuaXL")]
    [TestCase("Config1111111111111111111111111111111111111")]
    [TestCase("Stake11111111111111111111111111111111111111")]
    [TestCase("11111111111111111111111111111111")]
    public void Parse_ValidBase58_RoundTrips(string text)
    {
        var key = Pubkey.Parse(text);

        Assert.That(key.ToString(), Is.EqualTo(text));
    }

    [Test]
    public void Zero_IsTheSystemProgram()
    {
        Assert.That(Pubkey.Zero.ToString(), Is.EqualTo("11111111111111111111111111111111"));
    }

    [TestCase("")]
    [TestCase("not-a-key")]
    [TestCase("0OIl0OIl0OIl0OIl0OIl0OIl0OIl0OIl0OIl")]          // characters outside the base58 alphabet
    [TestCase("6D9w8FRw5EFr5qtZEphPpughN3W8zc8p6zMXg4PF")]      // decodes to fewer than 32 bytes
    [TestCase("6D9w8FRw5EFr5qtZEphPpughN3W8zc8p6zMXg4PFuaXLzz")] // too long
    public void Parse_InvalidText_ThrowsFormatExceptionNamingTheValue(string text)
    {
        var ex = Assert.Throws<FormatException>(() => Pubkey.Parse(text));

        Assert.That(ex!.Message, Does.Contain($"'{text}'"));
        Assert.That(Pubkey.TryParse(text, out _), Is.False);
    }

    [Test]
    public void Parse_VeryLongText_MessageIsBounded()
    {
        var text = new string('z', 10_000);

        var ex = Assert.Throws<FormatException>(() => Pubkey.Parse(text));

        Assert.That(ex!.Message, Has.Length.LessThan(200));
    }

    [Test]
    public void TryParseUtf8_MatchesTryParseChars()
    {
        Assert.That(Pubkey.TryParse(System.Text.Encoding.ASCII.GetBytes(Vote), out var fromBytes), Is.True);
        Assert.That(fromBytes, Is.EqualTo(Pubkey.Parse(Vote)));
        Assert.That(Pubkey.TryParse("é6D9w8FRw5EFr5qtZEphPpughN3W8zc8p6zMXg4PFuaX"u8, out _), Is.False);
    }

    [Test]
    public void Bytes_RoundTripThroughConstructor()
    {
        var key = Pubkey.Parse(Vote);

        var copy = new Pubkey(key.ToByteArray());

        Assert.That(copy, Is.EqualTo(key));
        Assert.That(copy.GetHashCode(), Is.EqualTo(key.GetHashCode()));
        Assert.That(copy == key, Is.True);
    }

    [Test]
    public void Constructor_WrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => _ = new Pubkey(new byte[31]));
    }

    [Test]
    public void CompareTo_OrdersByBytes()
    {
        var bytes = new byte[32];
        bytes[31] = 1;
        var one = new Pubkey(bytes);
        bytes[0] = 1;
        var big = new Pubkey(bytes);

        Assert.That(Pubkey.Zero < one && one < big, Is.True);
        Assert.That(big.CompareTo(one), Is.Positive);
    }
}
