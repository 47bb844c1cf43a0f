namespace SolStake.Core.Domain;

/// <summary>
/// One entry of a vote account's credit history, as <c>getVoteAccounts</c> returns it: the cumulative credit
/// counter at the end of <see cref="Epoch"/> and at the end of the epoch before it.
/// </summary>
/// <param name="Epoch">The epoch.</param>
/// <param name="Credits">The cumulative credits when the epoch ended (or now, for the current epoch).</param>
/// <param name="PreviousCredits">The cumulative credits when the vote account's previous entry ended.</param>
public readonly record struct EpochCredits(ulong Epoch, ulong Credits, ulong PreviousCredits)
{
    /// <summary>Credits earned in this epoch alone; zero if the counter went backwards (a reset vote account).</summary>
    public ulong Earned => Credits >= PreviousCredits ? Credits - PreviousCredits : 0;
}
