using SolStake.Core.Domain;

namespace SolStake.Core.Tests;

public class CommissionTests
{
    [TestCase((byte)0, (ushort)0)]
    [TestCase((byte)7, (ushort)700)]
    [TestCase((byte)100, (ushort)10_000)]
    public void FromPercent_GivesBasisPoints(byte percent, ushort bps)
    {
        Assert.That(Commission.FromPercent(percent).BasisPoints, Is.EqualTo(bps));
    }

    [Test]
    public void Percent_KeepsFractionsOfBasisPoints()
    {
        Assert.That(new Commission(725).Percent, Is.EqualTo(7.25));
    }

    [Test]
    public void Constructor_AboveOneHundredPercent_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Commission(10_001));
        Assert.Throws<ArgumentOutOfRangeException>(() => Commission.FromPercent(101));
    }

    [Test]
    public void EpochCredits_Earned_IsTheDifferenceAndNeverNegative()
    {
        Assert.That(new EpochCredits(752, 362_072_660, 358_984_678).Earned, Is.EqualTo(3_087_982UL));
        Assert.That(new EpochCredits(10, 5, 9).Earned, Is.Zero);
    }
}
