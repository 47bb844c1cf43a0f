using SolStake.Core.Domain;

namespace SolStake.Core.Tests;

public class EpochScheduleTests
{
    [TestCase(0UL, 0UL, 0UL)]
    [TestCase(325_058_116UL, 752UL, 194_116UL)]
    [TestCase(87_298_680UL, 202UL, 34_680UL)] // getEpochInfo, mainnet epoch 202
    [TestCase(441_008_165UL, 1020UL, 368_165UL)]
    public void MainnetBeta_Has432000SlotEpochs(ulong slot, ulong epoch, ulong index)
    {
        Assert.That(EpochSchedule.MainnetBeta.EpochOf(slot), Is.EqualTo((epoch, index)));
    }

    // Testnet warms up from 32-slot epochs: first normal epoch 14 at slot 524,256 (PROVENANCE.md).
    private static readonly EpochSchedule Testnet = new() { SlotsPerEpoch = 432_000, Warmup = true, FirstNormalEpoch = 14, FirstNormalSlot = 524_256 };

    [TestCase(0UL, 0UL, 0UL)]
    [TestCase(31UL, 0UL, 31UL)]
    [TestCase(32UL, 1UL, 0UL)]
    [TestCase(95UL, 1UL, 63UL)]
    [TestCase(96UL, 2UL, 0UL)]
    [TestCase(524_255UL, 13UL, 262_143UL)]
    [TestCase(524_256UL, 14UL, 0UL)]
    [TestCase(87_298_680UL, 214UL, 374_424UL)]
    public void Warmup_EpochsDoubleUntilTheFirstNormalOne(ulong slot, ulong epoch, ulong index)
    {
        Assert.That(Testnet.EpochOf(slot), Is.EqualTo((epoch, index)));
    }
}
