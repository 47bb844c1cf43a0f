using SolStake.Core.Domain;
namespace SolStake.Scoring;

/// <summary>
/// Everything computed once per run: the window, per-epoch credits of every validator laid out in one matrix,
/// cluster medians and block totals, the superminority and the current version of each client family.
/// </summary>
internal sealed class ClusterContext
{
    private ClusterContext(ScoringInput input, ScoringProfile profile)
    {
        var validators = input.Validators;
        Count = validators.Count;
        WindowEnd = input.CurrentEpoch == 0 ? 0 : input.CurrentEpoch - 1;
        var length = (int)Math.Min((ulong)profile.WindowEpochs, input.CurrentEpoch);
        WindowLength = length;
        WindowStart = input.CurrentEpoch - (ulong)length;
        Credits = new double[Count * Math.Max(length, 1)];
        CurrentCredits = new double[Count];
        FirstCreditedEpoch = new ulong[Count];
        Age = new int[Count];
        Medians = new double[length];
        Blocks = new double[length];
        InSuperminority = new bool[Count];
        Versions = new SoftwareVersion?[Count];
    }

    public int Count { get; }

    /// <summary>The first epoch of the window.</summary>
    public ulong WindowStart { get; }

    /// <summary>The last completed epoch.</summary>
    public ulong WindowEnd { get; }

    /// <summary>Completed epochs in the window (fewer than the profile asks for early in a cluster's life).</summary>
    public int WindowLength { get; }

    /// <summary>Row per validator, column per window epoch: credits earned, TVC-normalised.</summary>
    public double[] Credits { get; }

    /// <summary>Credits so far in the current epoch.</summary>
    public double[] CurrentCredits { get; }

    /// <summary>The first epoch in which each validator earned credits (<see cref="ulong.MaxValue"/> if never).</summary>
    public ulong[] FirstCreditedEpoch { get; }

    /// <summary>Completed epochs with credits, per validator.</summary>
    public int[] Age { get; }

    /// <summary>Stake-weighted median credits per window epoch; 0 where unknown.</summary>
    public double[] Medians { get; }

    /// <summary>Blocks produced by the whole cluster per window epoch; 0 where unknown.</summary>
    public double[] Blocks { get; }

    /// <summary>Stake-weighted median of credits so far in the current epoch; 0 where unknown.</summary>
    public double CurrentMedian { get; private set; }

    /// <summary>Simple mean credits of the last completed epoch over staked validators (SFDP's reference).</summary>
    public double LastEpochMean { get; private set; }

    /// <summary>Slot-weighted skip rate over the window; null without block data.</summary>
    public double? ClusterSkip { get; private set; }

    public ulong TotalStake { get; private set; }

    public bool[] InSuperminority { get; }

    public int SuperminoritySize { get; private set; }

    /// <summary>The smallest stake share inside the superminority (the crossing validator's).</summary>
    public double SuperminorityCutShare { get; private set; }

    /// <summary>Each validator's parsed version; null when absent or unreadable.</summary>
    public SoftwareVersion?[] Versions { get; }

    /// <summary>Per client family, the newest version that, with every newer one, holds the profile's stake share.</summary>
    public Dictionary<string, SoftwareVersion> CurrentVersions { get; } = new(StringComparer.Ordinal);

    public static ClusterContext Build(ScoringInput input, ScoringProfile profile)
    {
        var context = new ClusterContext(input, profile);
        context.LayOutCredits(input);
        context.ComputeMedians(input);
        context.ComputeBlocks(input);
        context.ComputeSuperminority(input, profile);
        context.ComputeCurrentVersions(input, profile);
        return context;
    }

    public bool Exists(int validator, ulong epoch) => epoch >= FirstCreditedEpoch[validator];

    private void LayOutCredits(ScoringInput input)
    {
        var n = WindowLength;
        for (var v = 0; v < Count; v++)
        {
            // What the store summarised of the epochs before those it lists (nothing when it lists them all).
            var earlier = input.Validators[v].Earlier;
            var first = earlier.FirstCreditedEpoch ?? ulong.MaxValue;
            var age = earlier.CreditedEpochs;
            var credits = Spans.Of(input.Validators[v].Credits);
            for (var i = 0; i < credits.Length; i++)
            {
                var (epoch, earned) = credits[i];
                if (earned == 0)
                {
                    continue;
                }

                if (epoch < first)
                {
                    first = epoch;
                }

                var normalised = epoch < input.TimelyVoteCreditsEpoch ? earned * 16.0 : earned;
                if (epoch == input.CurrentEpoch)
                {
                    CurrentCredits[v] = normalised;
                    continue;
                }

                if (epoch > input.CurrentEpoch)
                {
                    continue;
                }

                age++;
                if (n > 0 && epoch >= WindowStart)
                {
                    Credits[(v * n) + (int)(epoch - WindowStart)] = normalised;
                }
            }

            FirstCreditedEpoch[v] = first;
            Age[v] = age;
        }
    }

    private void ComputeMedians(ScoringInput input)
    {
        var values = new double[Count];
        var weights = new double[Count];
        var n = WindowLength;
        for (var i = 0; i < n; i++)
        {
            var epoch = WindowStart + (ulong)i;
            var m = 0;
            for (var v = 0; v < Count; v++)
            {
                var stake = input.Validators[v].ActivatedStake;
                if (stake > 0 && Exists(v, epoch))
                {
                    values[m] = Credits[(v * n) + i];
                    weights[m] = stake;
                    m++;
                }
            }

            Medians[i] = WeightedMedian(values, weights, m);
            if (epoch == WindowEnd)
            {
                LastEpochMean = Mean(values, m);
            }
        }

        var current = 0;
        for (var v = 0; v < Count; v++)
        {
            var stake = input.Validators[v].ActivatedStake;
            if (stake > 0 && Exists(v, input.CurrentEpoch))
            {
                values[current] = CurrentCredits[v];
                weights[current] = stake;
                current++;
            }
        }

        CurrentMedian = WeightedMedian(values, weights, current);
    }

    private void ComputeBlocks(ScoringInput input)
    {
        double slots = 0, produced = 0;
        foreach (var validator in input.Validators)
        {
            var production = Spans.Of(validator.BlockProduction);
            for (var i = 0; i < production.Length; i++)
            {
                var p = production[i];
                if (p.Epoch < WindowStart || p.Epoch > WindowEnd || WindowLength == 0)
                {
                    continue;
                }

                Blocks[(int)(p.Epoch - WindowStart)] += p.BlocksProduced;
                slots += p.LeaderSlots;
                produced += Math.Min(p.BlocksProduced, p.LeaderSlots);
            }
        }

        ClusterSkip = slots > 0 ? 1 - (produced / slots) : null;
    }

    private void ComputeSuperminority(ScoringInput input, ScoringProfile profile)
    {
        var order = new int[Count];
        ulong total = 0;
        for (var v = 0; v < Count; v++)
        {
            order[v] = v;
            // All the SOL there is fits in 64 bits of lamports many times over; a sum that does not is corrupt input.
            total = ulong.MaxValue - total >= input.Validators[v].ActivatedStake
                ? total + input.Validators[v].ActivatedStake
                : throw new ArgumentException("The validators' activated stake adds up to more than 2^64 lamports, far beyond the SOL supply: the input is corrupt.", nameof(input));
        }

        TotalStake = total;
        if (total == 0)
        {
            return;
        }

        // Largest stake first: sort by the complement of the stake. Equal stakes are ordered by vote account so
        // that the boundary is deterministic; such ties are rare, so only their runs are re-sorted.
        var validators = input.Validators;
        var keys = new ulong[Count];
        for (var v = 0; v < Count; v++)
        {
            keys[v] = ~validators[v].ActivatedStake;
        }

        Array.Sort(keys, order);
        for (var start = 0; start < Count;)
        {
            var end = start + 1;
            while (end < Count && keys[end] == keys[start])
            {
                end++;
            }

            if (end - start > 1)
            {
                Array.Sort(order, start, end - start, Comparer<int>.Create((a, b) => validators[a].VoteAccount.CompareTo(validators[b].VoteAccount)));
            }

            start = end;
        }

        var threshold = total * profile.SuperminorityShare;
        double running = 0;
        foreach (var v in order)
        {
            var stake = validators[v].ActivatedStake;
            if (stake == 0)
            {
                break;
            }

            InSuperminority[v] = true;
            SuperminoritySize++;
            SuperminorityCutShare = (double)stake / total;
            running += stake;
            if (running > threshold)
            {
                break;
            }
        }
    }

    private void ComputeCurrentVersions(ScoringInput input, ScoringProfile profile)
    {
        // Few distinct versions run on a cluster: add stake up per version, then walk each family newest first.
        var stakeByVersion = new Dictionary<SoftwareVersion, double>();
        for (var v = 0; v < Count; v++)
        {
            var validator = input.Validators[v];
            if (SoftwareVersion.TryParse(validator.Version, out var version))
            {
                Versions[v] = version;
                if (validator.ActivatedStake > 0 && version.Client != ValidatorClient.Unknown)
                {
                    stakeByVersion[version] = stakeByVersion.GetValueOrDefault(version) + validator.ActivatedStake;
                }
            }
        }

        var versions = stakeByVersion.Keys.ToArray();
        Array.Sort(versions, static (a, b) => b.CompareTo(a));
        var familyTotals = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var version in versions)
        {
            familyTotals[version.Family] = familyTotals.GetValueOrDefault(version.Family) + stakeByVersion[version];
        }

        var running = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var version in versions)
        {
            var family = version.Family;
            if (CurrentVersions.ContainsKey(family))
            {
                continue;
            }

            running[family] = running.GetValueOrDefault(family) + stakeByVersion[version];
            if (running[family] >= familyTotals[family] * profile.CurrentVersionStakeShare)
            {
                CurrentVersions[family] = version;
            }
        }
    }

    /// <summary>
    /// The value at which the cumulative weight, in ascending order of value, first reaches half the total.
    /// A weighted quickselect (three-way partitions), so a median costs linear time instead of a sort.
    /// Reorders the first <paramref name="count"/> entries of both arrays.
    /// </summary>
    internal static double WeightedMedian(double[] values, double[] weights, int count)
    {
        if (count == 0)
        {
            return 0;
        }

        double total = 0;
        for (var i = 0; i < count; i++)
        {
            total += weights[i];
        }

        var target = total / 2;
        double below = 0;
        var lo = 0;
        var hi = count - 1;
        while (lo < hi)
        {
            var pivot = MedianOfThree(values[lo], values[lo + ((hi - lo) / 2)], values[hi]);

            // Dutch national flag: [lo, lt) < pivot, [lt, i) == pivot, (gt, hi] > pivot.
            int lt = lo, i = lo, gt = hi;
            double lessWeight = 0, equalWeight = 0;
            while (i <= gt)
            {
                var v = values[i];
                if (v < pivot)
                {
                    lessWeight += weights[i];
                    Swap(values, weights, lt++, i++);
                }
                else if (v > pivot)
                {
                    Swap(values, weights, i, gt--);
                }
                else
                {
                    equalWeight += weights[i];
                    i++;
                }
            }

            if (below + lessWeight >= target && lt > lo)
            {
                hi = lt - 1;
            }
            else if (below + lessWeight + equalWeight >= target)
            {
                return pivot;
            }
            else
            {
                below += lessWeight + equalWeight;
                lo = gt + 1;
            }
        }

        return values[lo];
    }

    private static double MedianOfThree(double a, double b, double c) =>
        a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);

    private static void Swap(double[] values, double[] weights, int a, int b)
    {
        (values[a], values[b]) = (values[b], values[a]);
        (weights[a], weights[b]) = (weights[b], weights[a]);
    }

    private static double Mean(double[] values, int count)
    {
        if (count == 0)
        {
            return 0;
        }

        double sum = 0;
        for (var i = 0; i < count; i++)
        {
            sum += values[i];
        }

        return sum / count;
    }
}
