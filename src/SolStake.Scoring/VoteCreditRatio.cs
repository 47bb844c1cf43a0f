using SolStake.Core.Domain;
namespace SolStake.Scoring;

/// <summary>
/// Absolute vote-credit ratios as Jito StakeNet computes them: credits against the most a validator could earn,
/// 16 credits for every block the cluster produced. Credits of a window epoch without an entry count as 0;
/// epochs whose cluster block count is unknown (0 here) are left out of the block side.
/// </summary>
public static class VoteCreditRatio
{
    /// <summary>
    /// Mean credits over the whole window ÷ (16 × mean cluster blocks over the epochs where blocks are known);
    /// null when no epoch's blocks are known.
    /// </summary>
    public static double? Window(ReadOnlySpan<double> credits, ReadOnlySpan<double> clusterBlocks)
    {
        if (credits.Length != clusterBlocks.Length)
        {
            throw new ArgumentException("Credits and blocks must cover the same epochs.", nameof(clusterBlocks));
        }

        double creditSum = 0, blockSum = 0;
        var known = 0;
        for (var i = 0; i < credits.Length; i++)
        {
            creditSum += credits[i];
            if (clusterBlocks[i] > 0)
            {
                blockSum += clusterBlocks[i];
                known++;
            }
        }

        return known == 0 ? null : creditSum / credits.Length / (16 * (blockSum / known));
    }

    /// <summary>The index of the first epoch, among those whose blocks are known, where credits ÷ (16 × blocks) is below <paramref name="threshold"/>; −1 if none.</summary>
    public static int FirstEpochBelow(ReadOnlySpan<double> credits, ReadOnlySpan<double> clusterBlocks, double threshold)
    {
        if (credits.Length != clusterBlocks.Length)
        {
            throw new ArgumentException("Credits and blocks must cover the same epochs.", nameof(clusterBlocks));
        }

        for (var i = 0; i < credits.Length; i++)
        {
            if (clusterBlocks[i] > 0 && credits[i] / (16 * clusterBlocks[i]) < threshold)
            {
                return i;
            }
        }

        return -1;
    }
}
