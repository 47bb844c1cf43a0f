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
            var first = ulong.MaxValue;
            var age = 0;
            var credits = input.Validators[v].Credits;
            for (var i = 0; i < credits.Count; i++)
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
            var production = validator.BlockProduction;
            for (var i = 0; i < production.Count; i++)
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

        var validators = input.Validators;
        Array.Sort(order, (a, b) =>
        {
            var c = validators[b].ActivatedStake.CompareTo(validators[a].ActivatedStake);
            return c != 0 ? c : validators[a].VoteAccount.CompareTo(validators[b].VoteAccount);
        });

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
        var byFamily = new Dictionary<string, List<(SoftwareVersion Version, ulong Stake)>>(StringComparer.Ordinal);
        foreach (var validator in input.Validators)
        {
            if (validator.ActivatedStake > 0 && SoftwareVersion.TryParse(validator.Version, out var version))
            {
                if (!byFamily.TryGetValue(version.Family, out var list))
                {
                    byFamily[version.Family] = list = [];
                }

                list.Add((version, validator.ActivatedStake));
            }
        }

        foreach (var (family, list) in byFamily)
        {
            list.Sort(static (a, b) => b.Version.CompareTo(a.Version));
            double total = 0;
            foreach (var (_, stake) in list)
            {
                total += stake;
            }

            double running = 0;
            foreach (var (version, stake) in list)
            {
                running += stake;
                if (running >= total * profile.CurrentVersionStakeShare)
                {
                    CurrentVersions[family] = version;
                    break;
                }
            }
        }
    }

    /// <summary>The value at which the cumulative weight, in ascending order of value, first reaches half the total.</summary>
    internal static double WeightedMedian(double[] values, double[] weights, int count)
    {
        if (count == 0)
        {
            return 0;
        }

        Array.Sort(values, weights, 0, count);
        double total = 0;
        for (var i = 0; i < count; i++)
        {
            total += weights[i];
        }

        var half = total / 2;
        double running = 0;
        for (var i = 0; i < count; i++)
        {
            running += weights[i];
            if (running >= half)
            {
                return values[i];
            }
        }

        return values[count - 1];
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
