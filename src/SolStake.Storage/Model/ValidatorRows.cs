using SolStake.Core.Domain;

namespace SolStake.Storage.Model;

/// <summary>
/// Vote accounts laid out column by column for a set-based write, one row per distinct vote account
/// (a later entry for the same vote account replaces an earlier one).
/// </summary>
internal sealed class ValidatorRows
{
    private ValidatorRows(int count)
    {
        VoteAccount = new string[count];
        Identity = new string[count];
        CommissionBps = new int[count];
        ActivatedStake = new long[count];
        Delinquent = new bool[count];
        EpochVoteAccount = new bool[count];
        LastVote = new long[count];
        RootSlot = new long[count];
    }

    public int Count => VoteAccount.Length;

    public string[] VoteAccount { get; }

    public string[] Identity { get; }

    public int[] CommissionBps { get; }

    public long[] ActivatedStake { get; }

    public bool[] Delinquent { get; }

    public bool[] EpochVoteAccount { get; }

    public long[] LastVote { get; }

    public long[] RootSlot { get; }

    public static ValidatorRows From(IReadOnlyCollection<VoteAccount> accounts)
    {
        var latest = new Dictionary<Pubkey, VoteAccount>(accounts.Count);
        foreach (var account in accounts)
        {
            latest[account.VotePubkey] = account;
        }

        var rows = new ValidatorRows(latest.Count);
        var i = 0;
        foreach (var a in latest.Values)
        {
            rows.VoteAccount[i] = a.VotePubkey.ToString();
            rows.Identity[i] = a.NodePubkey.ToString();
            rows.CommissionBps[i] = a.Commission.BasisPoints;
            rows.ActivatedStake[i] = ToInt64(a.ActivatedStake, nameof(a.ActivatedStake), a.VotePubkey);
            rows.Delinquent[i] = a.Delinquent;
            rows.EpochVoteAccount[i] = a.EpochVoteAccount;
            rows.LastVote[i] = ToInt64(a.LastVote, nameof(a.LastVote), a.VotePubkey);
            rows.RootSlot[i] = ToInt64(a.RootSlot, nameof(a.RootSlot), a.VotePubkey);
            i++;
        }

        return rows;
    }

    // Both databases store signed 64-bit integers. Lamports (total supply ~6e17) and slots fit with room to spare;
    // a value past long.MaxValue is corrupt input and is refused rather than wrapped.
    private static long ToInt64(ulong value, string field, Pubkey vote) =>
        value <= long.MaxValue
            ? (long)value
            : throw new ArgumentOutOfRangeException(field, value, $"{field} of vote account {vote} is beyond the range the store keeps.");
}
