using SolStake.Core.Domain;

namespace SolStake.Core.Tests;

/// <summary>A stake account's status from its delegation's epochs (issue #31, item 6).</summary>
public class StakeActivationTests
{
    private static readonly Pubkey Vote = new(Enumerable.Repeat((byte)7, 32).ToArray());

    private static StakeAccount Delegated(ulong activation, ulong? deactivation = null, ulong stake = 5_000_000_000) => new()
    {
        Pubkey = new Pubkey(Enumerable.Repeat((byte)1, 32).ToArray()),
        Lamports = stake + 2_282_880,
        State = StakeAccountState.Delegated,
        Voter = Vote,
        DelegatedStake = stake,
        ActivationEpoch = activation,
        DeactivationEpoch = deactivation,
        RentExemptReserve = 2_282_880,
    };

    [TestCase(752UL, null, 752UL, StakeStatus.Activating, TestName = "Delegated this epoch: activating")]
    [TestCase(751UL, null, 752UL, StakeStatus.Active, TestName = "Delegated last epoch: active")]
    [TestCase(650UL, 752UL, 752UL, StakeStatus.Deactivating, TestName = "Deactivated this epoch: deactivating, not delegated")]
    [TestCase(650UL, 751UL, 752UL, StakeStatus.Inactive, TestName = "Deactivated last epoch: inactive")]
    [TestCase(752UL, 752UL, 752UL, StakeStatus.Inactive, TestName = "Deactivated in the epoch it was delegated: never took effect")]
    [TestCase(ulong.MaxValue, null, 752UL, StakeStatus.Active, TestName = "Genesis stake: active")]
    public void StatusFollowsTheEpochs(ulong activation, ulong? deactivation, ulong now, StakeStatus expected) =>
        Assert.That(Delegated(activation, deactivation).StatusAt(now), Is.EqualTo(expected));

    [Test]
    public void AnAccountThatIsNotDelegated_IsInactive()
    {
        var initialized = Delegated(700) with { State = StakeAccountState.Initialized, Voter = null, DelegatedStake = null, ActivationEpoch = null };
        var emptied = Delegated(700) with { DelegatedStake = 0 };

        Assert.That(initialized.StatusAt(752), Is.EqualTo(StakeStatus.Inactive));
        Assert.That(emptied.StatusAt(752), Is.EqualTo(StakeStatus.Inactive));
    }
}
