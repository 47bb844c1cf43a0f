namespace SolStake.Scoring;

/// <summary>Cluster figures that do not need a scoring run.</summary>
public static class ClusterStatistics
{
    /// <summary>
    /// How many validators hold more than <paramref name="share"/> of the stake together: stakes sorted from the
    /// largest, added up until the running sum exceeds the share (the validator that crosses it counts).
    /// </summary>
    public static int SuperminoritySize(IEnumerable<ulong> stakes, double share = 1.0 / 3.0)
    {
        ArgumentNullException.ThrowIfNull(stakes);
        var sorted = stakes.Where(s => s > 0).OrderByDescending(s => s).ToList();
        var threshold = sorted.Sum(s => (double)s) * share;
        double running = 0;
        for (var i = 0; i < sorted.Count; i++)
        {
            running += sorted[i];
            if (running > threshold)
            {
                return i + 1;
            }
        }

        return sorted.Count;
    }
}
