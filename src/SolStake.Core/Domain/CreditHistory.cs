
namespace SolStake.Core.Domain;

/// <summary>Per-epoch credits from the cumulative <c>epochCredits</c> triples that RPC returns.</summary>
public static class CreditHistory
{
    /// <summary>
    /// Returns the credits earned in each epoch from the first entry's epoch to the last one's: an entry's
    /// credits minus its previous credits, and zero for an epoch with no entry (the vote program opens an entry
    /// only when credits are earned). Entries may come in any order; a repeated epoch keeps its last entry.
    /// </summary>
    public static EpochCredit[] FromTriples(IReadOnlyList<EpochCredits> triples)
    {
        ArgumentNullException.ThrowIfNull(triples);
        if (triples.Count == 0)
        {
            return [];
        }

        var sorted = new EpochCredits[triples.Count];
        for (var i = 0; i < sorted.Length; i++)
        {
            sorted[i] = triples[i];
        }

        Array.Sort(sorted, static (a, b) => a.Epoch.CompareTo(b.Epoch));
        var first = sorted[0].Epoch;
        var last = sorted[^1].Epoch;
        var result = new EpochCredit[checked((int)(last - first + 1))];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = new EpochCredit(first + (ulong)i, 0);
        }

        foreach (var entry in sorted)
        {
            result[entry.Epoch - first] = new EpochCredit(entry.Epoch, entry.Earned);
        }

        return result;
    }
}
