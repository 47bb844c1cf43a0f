using System.Globalization;
using SolStake.Core.Domain;
using SolStake.Core.Storage;

namespace SolStake.Scoring;

/// <summary>
/// Scores every validator of a cluster under a profile. Pure and deterministic: the same input and profile give
/// the same scores. Cluster statistics are computed once per run; the per-validator loop allocates only its result.
/// </summary>
public static class TrustScorer
{
    /// <summary>
    /// The share of its maximum a factor gives when it cannot be measured (no leader slot, no validator info, not in
    /// gossip, no completed epoch): one meaning of neutral for every factor, half, so that a missing measure never
    /// scores above a measured perfect record nor below a measured bad one.
    /// </summary>
    public const double NeutralShare = 0.5;

    /// <summary>Scores every validator in <paramref name="input"/> under <paramref name="profile"/>.</summary>
    /// <exception cref="ArgumentException">The profile's parameters are invalid.</exception>
    public static ScoringRunResult Score(ScoringInput input, ScoringProfile profile)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(profile);
        var errors = profile.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException($"Scoring profile '{profile.Name}' is invalid: {string.Join(" ", errors)}", nameof(profile));
        }

        var context = ClusterContext.Build(input, profile);
        var scores = new ValidatorScore[input.Validators.Count];
        var scratch = new Scratch(context.WindowLength);
        for (var v = 0; v < scores.Length; v++)
        {
            scores[v] = profile.Model == ScoringModel.Legacy
                ? ScoreLegacy(input.Validators[v], profile)
                : ScoreValidator(input, profile, context, v, scratch);
        }

        return new ScoringRunResult(profile, scores, new ClusterSummary(
            context.WindowStart, context.WindowEnd, context.TotalStake, context.SuperminoritySize, context.ClusterSkip));
    }

    /// <summary>
    /// Orders scores for a ranking: eligible, then unrated, then ineligible; higher scores first; equal scores by
    /// the profile's tie-break; finally by vote account, so the order is total.
    /// </summary>
    public static IReadOnlyList<ValidatorScore> Rank(ScoringRunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var ranked = run.Scores.ToArray();
        var jito = run.Profile.TieBreak == RankingTieBreak.Jito;
        Array.Sort(ranked, (a, b) =>
        {
            var c = StateOrder(a.State).CompareTo(StateOrder(b.State));
            if (c != 0) return c;
            c = b.Score.CompareTo(a.Score);
            if (c != 0) return c;
            c = a.Metrics.MaxCommission.CompareTo(b.Metrics.MaxCommission);
            if (c != 0) return c;
            if (jito)
            {
                c = b.Metrics.Age.CompareTo(a.Metrics.Age);
                if (c != 0) return c;
            }

            c = jito
                ? (b.Metrics.AbsoluteCreditRatio ?? 0).CompareTo(a.Metrics.AbsoluteCreditRatio ?? 0)
                : b.Metrics.CreditRatio.CompareTo(a.Metrics.CreditRatio);
            return c != 0 ? c : a.VoteAccount.CompareTo(b.VoteAccount);
        });
        return ranked;
    }

    private static int StateOrder(ScoreState state) => state switch
    {
        ScoreState.Eligible => 0,
        ScoreState.Unrated => 1,
        _ => 2,
    };

    // One validator: each factor in a function of its own (in the order their flags are reported), then the gates,
    // then the breakdown. Everything in between is a struct or the run's scratch buffers: the loop allocates only the
    // result.
    private static ValidatorScore ScoreValidator(ScoringInput input, ScoringProfile p, ClusterContext cx, int v, Scratch scratch)
    {
        var validator = input.Validators[v];
        scratch.Reset();
        var flags = scratch.Flags;

        var voting = Voting(input, p, cx, v, flags);
        var blocks = BlockProduction(validator, p, cx, flags);
        var commission = AnalyseCommission(input, p, cx, validator, scratch);
        var decentralization = Decentralization(validator, p, cx, v, flags);
        var age = cx.Age[v];
        var trackRecord = p.TrackRecordMax * Math.Min(age, p.TrackRecordFullEpochs) / p.TrackRecordFullEpochs;
        var version = SoftwareVersion(validator, p, cx, v, flags);
        var transparency = Transparency(validator, p, flags);
        var gates = scratch.Gates;
        Gates(input, p, cx, v, commission, decentralization.InSuperminority, version.Outdated, gates);

        var state = gates.Count > 0 ? ScoreState.Ineligible
            : age < p.MinimumRatedEpochs ? ScoreState.Unrated
            : ScoreState.Eligible;
        if (age < p.MinimumRatedEpochs)
        {
            flags.Add(new ScoreFlag(Codes.NewValidator, Detail: age.ToString(CultureInfo.InvariantCulture)));
        }

        var lines = new BreakdownLine[state == ScoreState.Ineligible ? 10 : 9];
        var total = 0;
        total += Line(lines, 0, Factors.VoteEffectiveness, voting.Effectiveness, p.VoteEffectivenessMax, voting.CreditRatio, voting.Counted, Describe.VoteEffectiveness,
            voting.Condition);
        total += voting.Condition != BreakdownCondition.Delinquent && voting.LiveRatio is { } live
            ? Line(lines, 1, Factors.VoteReliability, voting.Reliability, p.VoteReliabilityMax, live, p.LiveVotingMinimumRatio, Describe.VoteReliability, BreakdownCondition.LiveVotingLow)
            : Line(lines, 1, Factors.VoteReliability, voting.Reliability, p.VoteReliabilityMax, voting.Poor, voting.Counted, Describe.VoteReliability, voting.Condition);
        total += Line(lines, 2, Factors.BlockProduction, blocks.Points, p.BlockProductionMax, blocks.Skip, cx.ClusterSkip, Describe.BlockProduction, blocks.Condition);
        total += Line(lines, 3, Factors.CommissionLevel, commission.LevelPoints, p.CommissionLevelMax, commission.WindowMax.Percent, p.CommissionScale.Percent, Describe.CommissionLevel);
        total += commission.HistoricalMax > p.RugThreshold
            ? Line(lines, 4, Factors.CommissionStability, 0, p.CommissionStabilityMax, commission.HistoricalMax.Percent, p.RugThreshold.Percent, Describe.CommissionStability, BreakdownCondition.CommissionRug)
            : Line(lines, 4, Factors.CommissionStability, commission.StabilityPoints, p.CommissionStabilityMax, commission.Increases, commission.Spikes, Describe.CommissionStability);
        total += Line(lines, 5, Factors.Decentralization, decentralization.Points, p.DecentralizationMax, decentralization.Share,
            cx.SuperminorityCutShare, Describe.Decentralization, decentralization.InSuperminority ? BreakdownCondition.InSuperminority : BreakdownCondition.None);
        total += Line(lines, 6, Factors.TrackRecord, trackRecord, p.TrackRecordMax, age, p.TrackRecordFullEpochs, Describe.TrackRecord);
        total += Line(lines, 7, Factors.SoftwareVersion, version.Points, p.SoftwareVersionMax, version.Value,
            version.Client == ValidatorClient.Unknown ? null : (int)version.Client, Describe.SoftwareVersion, version.Condition);
        total += Line(lines, 8, Factors.Transparency, transparency.Points, p.TransparencyMax, transparency.Fields, 4, Describe.Transparency,
            validator.Info is null ? BreakdownCondition.NoValidatorInfo : BreakdownCondition.None);

        if (state == ScoreState.Ineligible)
        {
            lines[9] = new BreakdownLine(Factors.EligibilityAdjustment, -total, 0, Describe.Adjustment(gates));
            total = 0;
        }

        return new ValidatorScore(validator.VoteAccount, state, total, lines, scratch.FlagsArray(), scratch.GatesArray(), p,
            new ScoreMetrics(voting.CreditRatio, voting.AbsoluteRatio, blocks.Skip, commission.WindowMax, decentralization.Share, age, decentralization.InSuperminority));
    }

    // Condition: why both voting lines were not measured as usual (no history, delinquent); LiveRatio: set when the
    // current epoch's voting zeroed reliability alone.
    private readonly record struct VotingResult(double Effectiveness, double Reliability, double CreditRatio, double? AbsoluteRatio, int Counted, int Poor,
        BreakdownCondition Condition, double? LiveRatio);

    // Vote effectiveness and reliability. q = min(1, c / M) per epoch the validator existed in; r = min(1, c / (16 B))
    // where blocks are known. Pre-TVC credits were normalised (x 16) when the matrix was laid out, so r compares across
    // the boundary.
    private static VotingResult Voting(ScoringInput input, ScoringProfile p, ClusterContext cx, int v, List<ScoreFlag> flags)
    {
        var n = cx.WindowLength;
        var row = v * n;
        double qSum = 0;
        var counted = 0;
        var poor = 0;
        for (var i = 0; i < n; i++)
        {
            var epoch = cx.WindowStart + (ulong)i;
            var median = cx.Medians[i];
            if (median <= 0 || !cx.Exists(v, epoch))
            {
                continue;
            }

            var c = cx.Credits[row + i];
            var q = Math.Min(1, c / median);
            qSum += q;
            counted++;
            var r = cx.Blocks[i] > 0 ? Math.Min(1, c / (16 * cx.Blocks[i])) : 1;
            if (q < p.PoorEpochRelativeRatio || r < p.PoorEpochAbsoluteRatio)
            {
                poor++;
                flags.Add(new ScoreFlag(Codes.PoorVotingEpoch, epoch));
            }
        }

        var absoluteRatio = VoteCreditRatio.Window(cx.Credits.AsSpan(row, n), cx.Blocks);
        var creditRatio = counted > 0 ? qSum / counted : 0;
        var condition = counted > 0 ? BreakdownCondition.None : BreakdownCondition.NoVotingHistory;
        var effectiveness = counted > 0
            ? p.VoteEffectivenessMax * Clamp01((creditRatio - p.VoteRatioFloor) / (p.VoteRatioFull - p.VoteRatioFloor))
            : p.VoteEffectivenessMax * NeutralShare;
        var reliability = counted > 0 ? p.VoteReliabilityMax * (1 - ((double)poor / counted)) : p.VoteReliabilityMax * NeutralShare;
        double? lowLive = null;
        var liveRatio = cx.CurrentMedian > 0 ? cx.CurrentCredits[v] / cx.CurrentMedian : 1;
        if (input.EpochProgress >= p.LiveVotingAfterProgress && cx.CurrentMedian > 0 && liveRatio < p.LiveVotingMinimumRatio)
        {
            reliability = 0;
            lowLive = liveRatio;
            flags.Add(new ScoreFlag(Codes.LiveVotingBelow70Pct, input.CurrentEpoch));
        }

        if (input.Validators[v].Delinquent)
        {
            effectiveness = 0;
            reliability = 0;
            condition = BreakdownCondition.Delinquent;
            flags.Add(new ScoreFlag(Codes.DelinquentNow));
        }

        return new VotingResult(effectiveness, reliability, creditRatio, absoluteRatio, counted, poor, condition, lowLive);
    }

    private readonly record struct BlockResult(double Points, double Skip, BreakdownCondition Condition);

    // Block production: pooled skip over the window against the cluster's slot-weighted skip.
    private static BlockResult BlockProduction(ValidatorHistory validator, ScoringProfile p, ClusterContext cx, List<ScoreFlag> flags)
    {
        ulong leaderSlots = 0, produced = 0;
        var production = Spans.Of(validator.BlockProduction);
        for (var i = 0; i < production.Length; i++)
        {
            var bp = production[i];
            if (bp.Epoch >= cx.WindowStart && bp.Epoch <= cx.WindowEnd && cx.WindowLength > 0)
            {
                leaderSlots += bp.LeaderSlots;
                produced += Math.Min(bp.BlocksProduced, bp.LeaderSlots);
            }
        }

        if (cx.ClusterSkip is not { } clusterSkip)
        {
            flags.Add(new ScoreFlag(Codes.NoBlockData));
            return new BlockResult(p.BlockProductionMax * NeutralShare, 0, BreakdownCondition.NoBlockData);
        }

        if (leaderSlots == 0)
        {
            // Nothing to measure: neutral, and the skip rate kept for the ranking's metrics is the cluster's.
            flags.Add(new ScoreFlag(Codes.NoLeaderSlots));
            return new BlockResult(p.BlockProductionMax * NeutralShare, clusterSkip, BreakdownCondition.NoLeaderSlots);
        }

        var skip = 1 - ((double)produced / leaderSlots);
        if (leaderSlots < p.SmallSampleLeaderSlots)
        {
            skip = Math.Min(skip, clusterSkip);
        }

        if (skip - clusterSkip > p.HighSkipMargin)
        {
            flags.Add(new ScoreFlag(Codes.HighSkip));
        }

        return new BlockResult(p.BlockProductionMax * Clamp01(1 - (Math.Max(0, skip - clusterSkip) / p.SkipGrace)), skip, BreakdownCondition.None);
    }

    private readonly record struct DecentralizationResult(double Points, double Share, bool InSuperminority);

    // Decentralization: no points in the superminority, full points for a negligible share, linear in between.
    private static DecentralizationResult Decentralization(ValidatorHistory validator, ScoringProfile p, ClusterContext cx, int v, List<ScoreFlag> flags)
    {
        var share = cx.TotalStake > 0 ? (double)validator.ActivatedStake / cx.TotalStake : 0;
        if (cx.InSuperminority[v])
        {
            flags.Add(new ScoreFlag(Codes.Superminority));
            return new DecentralizationResult(0, share, true);
        }

        var points = cx.SuperminorityCutShare > 0 ? p.DecentralizationMax * Clamp01(1 - (share / cx.SuperminorityCutShare)) : p.DecentralizationMax;
        return new DecentralizationResult(points, share, false);
    }

    private readonly record struct VersionResult(double Points, double Value, BreakdownCondition Condition, bool Outdated, ValidatorClient Client = ValidatorClient.Unknown);

    // Software version against the current version of its client's family (value 1: current or newer; 0.5: same minor
    // release; 0: older). A client the version scheme does not name is not judged: another client's numbers say
    // nothing about it (1.1.4 is not an old Agave).
    private static VersionResult SoftwareVersion(ValidatorHistory validator, ScoringProfile p, ClusterContext cx, int v, List<ScoreFlag> flags)
    {
        if (validator.Version is null)
        {
            flags.Add(new ScoreFlag(Codes.NoGossip));
            return new VersionResult(p.SoftwareVersionMax * NeutralShare, 0, BreakdownCondition.NotInGossip, false);
        }

        if (cx.Versions[v] is not { } version)
        {
            flags.Add(new ScoreFlag(Codes.UnknownVersion, Detail: validator.Version));
            return new VersionResult(p.SoftwareVersionMax * NeutralShare, 0, BreakdownCondition.VersionUnreadable, false);
        }

        if (version.Client == ValidatorClient.Unknown)
        {
            flags.Add(new ScoreFlag(Codes.UnknownClient, Detail: validator.Version));
            return new VersionResult(p.SoftwareVersionMax * NeutralShare, 0, BreakdownCondition.UnknownClient, false);
        }

        if (!cx.CurrentVersions.TryGetValue(version.Family, out var current))
        {
            return new VersionResult(p.SoftwareVersionMax * NeutralShare, 0, BreakdownCondition.NoStakedPeers, false, version.Client);
        }

        if (version >= current)
        {
            return new VersionResult(p.SoftwareVersionMax, 1, BreakdownCondition.None, false, version.Client);
        }

        flags.Add(new ScoreFlag(Codes.OutdatedVersion, Detail: validator.Version));
        return version.Major > current.Major || (version.Major == current.Major && version.Minor >= current.Minor)
            ? new VersionResult(p.SoftwareVersionMax / 2, 0.5, BreakdownCondition.None, true, version.Client)
            : new VersionResult(0, 0, BreakdownCondition.None, true, version.Client);
    }

    private readonly record struct TransparencyResult(double Points, int Fields);

    // Transparency: a quarter of the points per published field; neutral without validator info.
    private static TransparencyResult Transparency(ValidatorHistory validator, ScoringProfile p, List<ScoreFlag> flags)
    {
        if (validator.Info is not { } info)
        {
            flags.Add(new ScoreFlag(Codes.NoValidatorInfo));
            return new TransparencyResult(p.TransparencyMax * NeutralShare, 0);
        }

        var fields = (Has(info.Name) ? 1 : 0) + (Has(info.Website) ? 1 : 0) + (Has(info.Details) ? 1 : 0) + (Has(info.IconUrl) ? 1 : 0);
        return new TransparencyResult(p.TransparencyMax * fields / 4, fields);
    }

    // The gates, in the order they are reported: any one makes the validator ineligible.
    private static void Gates(ScoringInput input, ScoringProfile p, ClusterContext cx, int v, CommissionAnalysis commission, bool inSuperminority, bool outdated, List<ScoreFlag> gates)
    {
        var validator = input.Validators[v];
        var n = cx.WindowLength;
        var row = v * n;
        if (commission.HistoricalMax > p.RugThreshold)
        {
            gates.Add(new ScoreFlag(Codes.CommissionRug, Detail: commission.HistoricalMax.ToString()));
        }

        if (validator.Commission.BasisPoints == Commission.MaxBasisPoints)
        {
            gates.Add(new ScoreFlag(Codes.Private));
        }

        if (commission.WindowMax > p.PolicyMaximum)
        {
            gates.Add(new ScoreFlag(Codes.CommissionAbovePolicy, Detail: commission.WindowMax.ToString()));
        }

        if (!validator.Listed || WasActiveButStopped(cx, v, row))
        {
            gates.Add(new ScoreFlag(Codes.Inactive));
        }

        if (input.Denylist.Count > 0 && input.Denylist.Contains(validator.VoteAccount))
        {
            gates.Add(new ScoreFlag(Codes.Denylisted));
        }

        if (p.GateSuperminority && inSuperminority)
        {
            gates.Add(new ScoreFlag(Codes.Superminority));
        }

        if (p.GatePoorAbsoluteVoting && VoteCreditRatio.FirstEpochBelow(cx.Credits.AsSpan(row, n), cx.Blocks, p.PoorEpochAbsoluteRatio) is var failed and >= 0)
        {
            gates.Add(new ScoreFlag(Codes.PoorVoting, cx.WindowStart + (ulong)failed, "credits below the threshold of 16 × cluster blocks"));
        }

        if (p.MinimumLastEpochShareOfClusterMean is { } minimumShare && n > 0 && cx.LastEpochMean > 0 &&
            cx.Credits[row + n - 1] < minimumShare * cx.LastEpochMean)
        {
            gates.Add(new ScoreFlag(Codes.PoorVoting, cx.WindowEnd, "last-epoch credits below 97% of the cluster mean"));
        }

        if (p.GateOutdatedVersion && outdated)
        {
            gates.Add(new ScoreFlag(Codes.OutdatedVersion, Detail: validator.Version));
        }

        if (p.MaximumStake is { } cap && validator.ActivatedStake > cap)
        {
            gates.Add(new ScoreFlag(Codes.StakeAboveCap));
        }
    }

    // Stopped voting: earned credits before, none in either of the last two completed epochs.
    private static bool WasActiveButStopped(ClusterContext cx, int v, int row)
    {
        var n = cx.WindowLength;
        if (n < 2 || cx.FirstCreditedEpoch[v] >= cx.WindowEnd - 1)
        {
            return false;
        }

        return cx.Credits[row + n - 1] == 0 && cx.Credits[row + n - 2] == 0;
    }

    private static CommissionAnalysis AnalyseCommission(ScoringInput input, ScoringProfile p, ClusterContext cx, ValidatorHistory validator, Scratch scratch)
    {
        var current = validator.Commission;
        var windowMax = current;
        // The store's highest commission ever stands for the samples and payouts before the epochs it lists.
        var historicalMax = validator.HighestCommission is { } highest && highest > current ? highest : current;
        var samples = scratch.SortedSamples(validator.CommissionSamples);

        // Raises: consecutive samples in the window, then the last sample to the current commission.
        var increases = 0;
        Commission? previous = null;
        var spikes = 0;
        for (var i = 0; i < samples.Length; i++)
        {
            var s = samples[i];
            if (s.Commission > historicalMax) historicalMax = s.Commission;
            if (s.Epoch < cx.WindowStart || s.Epoch > input.CurrentEpoch)
            {
                continue;
            }

            if (s.Commission > windowMax) windowMax = s.Commission;
            if (previous is { } before && s.Commission > before)
            {
                increases++;
                scratch.Flags.Add(new ScoreFlag(Codes.CommissionIncrease, s.Epoch, $"{before} -> {s.Commission}"));

                // A raise late in an epoch, lowered again before the next epoch ends, is an end-of-epoch spike.
                if (s.SlotIndex >= p.LateEpochShare * input.SlotsPerEpoch && IsRevertedNextEpoch(samples, i))
                {
                    spikes++;
                    scratch.Flags.Add(new ScoreFlag(Codes.CommissionSpike, s.Epoch));
                }
            }

            previous = s.Commission;
        }

        if (previous is { } last && current > last)
        {
            increases++;
            scratch.Flags.Add(new ScoreFlag(Codes.CommissionIncrease, input.CurrentEpoch, $"{last} -> {current}"));
        }

        // Commission applied at payout above everything sampled in that epoch: a spike the samples missed.
        var effective = Spans.Of(validator.EffectiveCommissions);
        for (var i = 0; i < effective.Length; i++)
        {
            var (epoch, applied) = effective[i];
            if (applied > historicalMax) historicalMax = applied;
            if (epoch < cx.WindowStart || epoch > cx.WindowEnd)
            {
                continue;
            }

            if (applied > windowMax) windowMax = applied;
            if (MaxSampleIn(samples, epoch) is { } sampled && applied > sampled)
            {
                spikes++;
                scratch.Flags.Add(new ScoreFlag(Codes.CommissionSpike, epoch, $"applied {applied}, sampled at most {sampled}"));
            }
        }

        var level = p.CommissionLevelMax * Clamp01(1 - ((double)windowMax.BasisPoints / p.CommissionScale.BasisPoints));
        var stability = spikes > 0 ? 0 : Math.Max(0, p.CommissionStabilityMax - (p.CommissionIncreasePenalty * increases));
        return new CommissionAnalysis(windowMax, historicalMax, level, stability, increases, spikes);
    }

    private static bool IsRevertedNextEpoch(ReadOnlySpan<CommissionSample> samples, int raisedAt)
    {
        var raised = samples[raisedAt];
        for (var j = raisedAt + 1; j < samples.Length && samples[j].Epoch <= raised.Epoch + 1; j++)
        {
            if (samples[j].Commission < raised.Commission)
            {
                return true;
            }
        }

        return false;
    }

    private static Commission? MaxSampleIn(ReadOnlySpan<CommissionSample> samples, ulong epoch)
    {
        Commission? max = null;
        foreach (var s in samples)
        {
            if (s.Epoch == epoch && (max is null || s.Commission > max))
            {
                max = s.Commission;
            }
        }

        return max;
    }

    private static ValidatorScore ScoreLegacy(ValidatorHistory validator, ScoringProfile profile)
    {
        var uptime = validator.Uptime.Percent ?? (validator.Delinquent ? 0 : 100);
        var uptimePoints = Hundredths.From(uptime);
        var commissionPoints = -validator.Commission.BasisPoints;   // a percent with two decimals is a count of basis points
        var raw = uptimePoints + commissionPoints;
        var score = Math.Clamp(raw, 0, 10_000);
        var lines = new List<BreakdownLine>(3)
        {
            new(Factors.Uptime, uptimePoints, 10_000, uptime, validator.Uptime.Total, BreakdownCondition.None, Describe.Uptime),
            new(Factors.Commission, commissionPoints, 0, validator.Commission.Percent, null, BreakdownCondition.None, Describe.LegacyCommission),
        };
        if (score != raw)
        {
            lines.Add(new BreakdownLine(Factors.Clamp, score - raw, 0, "the legacy score is kept within 0 to 100"));
        }

        ScoreFlag[] flags = validator.Delinquent ? [new ScoreFlag(Codes.DelinquentNow)] : [];
        return new ValidatorScore(validator.VoteAccount, ScoreState.Eligible, score, [.. lines], flags, [], profile,
            new ScoreMetrics(0, null, 0, validator.Commission, 0, 0, false));
    }

    private static int Line(BreakdownLine[] lines, int index, string factor, double points, double max, double value, double? reference, Func<BreakdownLine, string> describe,
        BreakdownCondition condition = BreakdownCondition.None)
    {
        var rounded = Hundredths.From(points);
        lines[index] = new BreakdownLine(factor, rounded, Hundredths.From(max), value, reference, condition, describe);
        return rounded;
    }

    private static double Clamp01(double value) => double.IsNaN(value) ? 0 : Math.Clamp(value, 0, 1);

    private static bool Has(string? value) => !string.IsNullOrWhiteSpace(value);

    private readonly record struct CommissionAnalysis(Commission WindowMax, Commission HistoricalMax, double LevelPoints, double StabilityPoints, int Increases, int Spikes);

    /// <summary>Buffers reused across the validators of a run, so the loop allocates only results.</summary>
    private sealed class Scratch(int windowLength)
    {
        private CommissionSample[] _sorted = new CommissionSample[Math.Max(8, windowLength)];

        public List<ScoreFlag> Flags { get; } = new(16);

        public List<ScoreFlag> Gates { get; } = new(8);

        public void Reset()
        {
            Flags.Clear();
            Gates.Clear();
        }

        /// <summary>
        /// The flags, less what a gate already says: a code is reported once, as the gate when it is one (the
        /// superminority, an outdated version), and a poor-voting gate stands for that epoch's poor-voting flag.
        /// </summary>
        public ScoreFlag[] FlagsArray()
        {
            if (Flags.Count == 0)
            {
                return [];
            }

            if (Gates.Count == 0)
            {
                return [.. Flags];
            }

            var kept = new List<ScoreFlag>(Flags.Count);
            foreach (var flag in Flags)
            {
                if (!SaidByAGate(flag))
                {
                    kept.Add(flag);
                }
            }

            return [.. kept];
        }

        private bool SaidByAGate(ScoreFlag flag)
        {
            foreach (var gate in Gates)
            {
                if (gate.Code == flag.Code || (gate.Code == Codes.PoorVoting && flag.Code == Codes.PoorVotingEpoch && gate.Epoch == flag.Epoch))
                {
                    return true;
                }
            }

            return false;
        }

        public ScoreFlag[] GatesArray() => Gates.Count == 0 ? [] : [.. Gates];

        /// <summary>The samples in time order (the input may come in any order), in a buffer reused across validators.</summary>
        public ReadOnlySpan<CommissionSample> SortedSamples(IReadOnlyList<CommissionSample> list)
        {
            var samples = Spans.Of(list);
            var count = samples.Length;
            if (_sorted.Length < count)
            {
                _sorted = new CommissionSample[Math.Max(count, _sorted.Length * 2)];
            }

            var sorted = _sorted.AsSpan(0, count);
            var ordered = true;
            for (var i = 0; i < count; i++)
            {
                sorted[i] = samples[i];
                if (i > 0 && Compare(sorted[i - 1], sorted[i]) > 0)
                {
                    ordered = false;
                }
            }

            if (!ordered)
            {
                sorted.Sort(Compare);
            }

            return sorted;
        }

        private static int Compare(CommissionSample a, CommissionSample b)
        {
            var c = a.Epoch.CompareTo(b.Epoch);
            return c != 0 ? c : a.SlotIndex.CompareTo(b.SlotIndex);
        }
    }
}
