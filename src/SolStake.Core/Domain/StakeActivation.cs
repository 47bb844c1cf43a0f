namespace SolStake.Core.Domain;

/// <summary>Where a stake account's delegation is, seen from an epoch: what a staker means by "is my stake earning".</summary>
public enum StakeStatus
{
    /// <summary>Not delegated, or deactivated: it earns nothing and can be withdrawn.</summary>
    Inactive = 0,

    /// <summary>Delegated this epoch: it starts earning with the next epoch.</summary>
    Activating = 1,

    /// <summary>Delegated and earning.</summary>
    Active = 2,

    /// <summary>Deactivated this epoch: it earns until the epoch ends, then becomes inactive.</summary>
    Deactivating = 3,
}

/// <summary>Reading a stake account's status from its delegation's epochs.</summary>
public static class StakeActivation
{
    /// <summary>
    /// The status of <paramref name="account"/> in <paramref name="currentEpoch"/>, from its activation and
    /// deactivation epochs: a delegation takes effect at the epoch after the one it was made in, and ends with the
    /// epoch it was deactivated in. The cluster's warm-up and cool-down limit (a share of all stake per epoch) can spread
    /// a very large change over more epochs; an account's own epochs cannot show that, so it is not modelled.
    /// </summary>
    public static StakeStatus StatusAt(this StakeAccount account, ulong currentEpoch)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (account.State != StakeAccountState.Delegated || account.Voter is null || account.ActivationEpoch is not { } activation || account.DelegatedStake is null or 0)
        {
            return StakeStatus.Inactive;
        }

        if (account.DeactivationEpoch is { } deactivation)
        {
            // Deactivated in the epoch it was delegated in: it never took effect.
            return deactivation == activation || currentEpoch > deactivation ? StakeStatus.Inactive : StakeStatus.Deactivating;
        }

        // The genesis stake carries the largest epoch as its activation: active from the start.
        return activation != ulong.MaxValue && currentEpoch <= activation ? StakeStatus.Activating : StakeStatus.Active;
    }
}
