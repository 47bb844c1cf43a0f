using System.Globalization;
using SolStake.Core.Domain;
using SolStake.Scoring;

namespace SolStake.Benchmarks.Scoring;

/// <summary>
/// The baseline: the same TrustScore v2 model written the obvious way, with LINQ, dictionaries, a list per
/// breakdown and details formatted as it goes. It covers what <see cref="SyntheticCluster"/> exercises (no
/// payout commissions, no live-voting check); the benchmark's setup checks that it gives the same scores.
/// </summary>
internal static class NaiveTrustScorer
{
    public sealed record Line(string Factor, decimal Points, decimal Max, string Detail);

    public sealed record Result(Pubkey VoteAccount, string State, decimal Score, List<Line> Breakdown, List<string> Flags, List<string> Gates);

    public static List<Result> Score(ScoringInput input, ScoringProfile p)
    {
        var window = Enumerable.Range(1, p.WindowEpochs).Select(i => input.CurrentEpoch - (ulong)i).Reverse().ToList();
        double Normalise(EpochCredit c) => c.Epoch < input.TimelyVoteCreditsEpoch ? c.Credits * 16.0 : c.Credits;
        var first = input.Validators.ToDictionary(v => v.VoteAccount, v => v.Credits.Where(c => c.Credits > 0).Select(c => c.Epoch).DefaultIfEmpty(ulong.MaxValue).Min());
        var creditsOf = input.Validators.ToDictionary(v => v.VoteAccount, v => v.Credits.Where(c => c.Credits > 0).ToDictionary(c => c.Epoch, Normalise));

        var medians = window.ToDictionary(e => e, e =>
        {
            var points = input.Validators.Where(v => v.ActivatedStake > 0 && e >= first[v.VoteAccount])
                .Select(v => (Credits: creditsOf[v.VoteAccount].GetValueOrDefault(e), Stake: (double)v.ActivatedStake))
                .OrderBy(x => x.Credits).ToList();
            var half = points.Sum(x => x.Stake) / 2;
            double running = 0;
            foreach (var x in points)
            {
                running += x.Stake;
                if (running >= half) return x.Credits;
            }

            return 0;
        });
        var blocks = input.Validators.SelectMany(v => v.BlockProduction).Where(b => window.Contains(b.Epoch))
            .GroupBy(b => b.Epoch).ToDictionary(g => g.Key, g => g.Sum(b => (double)b.BlocksProduced));
        var slots = input.Validators.SelectMany(v => v.BlockProduction).Where(b => window.Contains(b.Epoch)).ToList();
        double? clusterSkip = slots.Sum(b => (double)b.LeaderSlots) > 0
            ? 1 - (slots.Sum(b => (double)Math.Min(b.BlocksProduced, b.LeaderSlots)) / slots.Sum(b => (double)b.LeaderSlots))
            : null;

        var total = input.Validators.Sum(v => (double)v.ActivatedStake);
        var superminority = new HashSet<Pubkey>();
        double cut = 0, sum = 0;
        foreach (var v in input.Validators.Where(v => v.ActivatedStake > 0).OrderByDescending(v => v.ActivatedStake).ThenBy(v => v.VoteAccount))
        {
            superminority.Add(v.VoteAccount);
            cut = v.ActivatedStake / total;
            sum += v.ActivatedStake;
            if (sum > total * p.SuperminorityShare) break;
        }

        var currentVersions = input.Validators
            .Select(v => (Ok: SoftwareVersion.TryParse(v.Version, out var ver), Version: ver, v.ActivatedStake))
            .Where(x => x.Ok && x.ActivatedStake > 0)
            .GroupBy(x => x.Version.Family)
            .ToDictionary(g => g.Key, g =>
            {
                var familyTotal = g.Sum(x => (double)x.ActivatedStake);
                double acc = 0;
                return g.OrderByDescending(x => x.Version).First(x => (acc += x.ActivatedStake) >= familyTotal * p.CurrentVersionStakeShare).Version;
            });

        var results = new List<Result>();
        foreach (var v in input.Validators)
        {
            var lines = new List<Line>();
            var flags = new List<string>();
            var gates = new List<string>();
            var mine = creditsOf[v.VoteAccount];
            var epochs = window.Where(e => medians[e] > 0 && e >= first[v.VoteAccount]).ToList();
            var ratios = epochs.Select(e => Math.Min(1, mine.GetValueOrDefault(e) / medians[e])).ToList();
            var poorEpochs = epochs.Where(e =>
                Math.Min(1, mine.GetValueOrDefault(e) / medians[e]) < p.PoorEpochRelativeRatio ||
                (blocks.TryGetValue(e, out var b) && b > 0 && Math.Min(1, mine.GetValueOrDefault(e) / (16 * b)) < p.PoorEpochAbsoluteRatio)).ToList();
            flags.AddRange(poorEpochs.Select(e => $"POOR_VOTING_EPOCH({e})"));
            var q = ratios.Count > 0 ? ratios.Average() : 0;
            var effectiveness = v.Delinquent ? 0 : p.VoteEffectivenessMax * Math.Clamp((q - p.VoteRatioFloor) / (p.VoteRatioFull - p.VoteRatioFloor), 0, 1);
            var reliability = v.Delinquent || epochs.Count == 0 ? 0 : p.VoteReliabilityMax * (1 - ((double)poorEpochs.Count / epochs.Count));
            if (v.Delinquent) flags.Add("DELINQUENT_NOW");
            lines.Add(new Line(Factors.VoteEffectiveness, R(effectiveness), R(p.VoteEffectivenessMax), $"credits averaged {q:P1} of the median over {epochs.Count} epochs"));
            lines.Add(new Line(Factors.VoteReliability, R(reliability), R(p.VoteReliabilityMax), $"{poorEpochs.Count} of {epochs.Count} epochs with poor voting"));

            var mineBlocks = v.BlockProduction.Where(b => window.Contains(b.Epoch)).ToList();
            var l = mineBlocks.Sum(b => (double)b.LeaderSlots);
            var produced = mineBlocks.Sum(b => (double)Math.Min(b.BlocksProduced, b.LeaderSlots));
            double blockPoints;
            if (clusterSkip is not { } s)
            {
                blockPoints = p.BlockProductionMax;
            }
            else
            {
                var skip = l == 0 ? s : 1 - (produced / l);
                if (l > 0 && l < p.SmallSampleLeaderSlots) skip = Math.Min(skip, s);
                if (l == 0) flags.Add("NO_LEADER_SLOTS");
                blockPoints = p.BlockProductionMax * Math.Clamp(1 - (Math.Max(0, skip - s) / p.SkipGrace), 0, 1);
                if (skip - s > p.HighSkipMargin) flags.Add("HIGH_SKIP");
            }

            lines.Add(new Line(Factors.BlockProduction, R(blockPoints), R(p.BlockProductionMax), $"skip against the cluster's {clusterSkip:P1}"));

            var ordered = v.CommissionSamples.OrderBy(x => x.Epoch).ThenBy(x => x.SlotIndex).ToList();
            var inWindow = ordered.Where(x => x.Epoch >= window[0] && x.Epoch <= input.CurrentEpoch).Select(x => x.Commission).Append(v.Commission).ToList();
            var windowMax = inWindow.Max();
            var historicalMax = ordered.Select(x => x.Commission).Append(v.Commission).Max();
            var increases = inWindow.Zip(inWindow.Skip(1)).Count(x => x.Second > x.First);
            flags.AddRange(Enumerable.Repeat("COMMISSION_INCREASE", increases));
            lines.Add(new Line(Factors.CommissionLevel, R(p.CommissionLevelMax * Math.Clamp(1 - ((double)windowMax.BasisPoints / p.CommissionScale.BasisPoints), 0, 1)), R(p.CommissionLevelMax), $"max {windowMax}"));
            lines.Add(new Line(Factors.CommissionStability, R(Math.Max(0, p.CommissionStabilityMax - (p.CommissionIncreasePenalty * increases))), R(p.CommissionStabilityMax), $"{increases} raises"));

            var share = total > 0 ? v.ActivatedStake / total : 0;
            var inSm = superminority.Contains(v.VoteAccount);
            if (inSm) flags.Add("SUPERMINORITY");
            lines.Add(new Line(Factors.Decentralization, R(inSm ? 0 : cut > 0 ? p.DecentralizationMax * Math.Clamp(1 - (share / cut), 0, 1) : p.DecentralizationMax), R(p.DecentralizationMax), $"{share:P2} of stake"));

            var age = v.Credits.Count(c => c.Credits > 0 && c.Epoch < input.CurrentEpoch);
            lines.Add(new Line(Factors.TrackRecord, R(p.TrackRecordMax * Math.Min(age, p.TrackRecordFullEpochs) / p.TrackRecordFullEpochs), R(p.TrackRecordMax), $"{age} epochs"));

            double versionPoints;
            if (v.Version is null || !SoftwareVersion.TryParse(v.Version, out var ver) || !currentVersions.TryGetValue(ver.Family, out var cur))
            {
                versionPoints = p.SoftwareVersionMax / 2;
                flags.Add("NO_GOSSIP");
            }
            else
            {
                versionPoints = ver >= cur ? p.SoftwareVersionMax : (ver.Major > cur.Major || (ver.Major == cur.Major && ver.Minor >= cur.Minor)) ? p.SoftwareVersionMax / 2 : 0;
                if (ver < cur) flags.Add("OUTDATED_VERSION");
            }

            lines.Add(new Line(Factors.SoftwareVersion, R(versionPoints), R(p.SoftwareVersionMax), $"version {v.Version}"));
            var fields = v.Info is null ? -1 : new[] { v.Info.Name, v.Info.Website, v.Info.Details, v.Info.IconUrl }.Count(f => !string.IsNullOrWhiteSpace(f));
            lines.Add(new Line(Factors.Transparency, R(fields < 0 ? p.TransparencyMax / 2 : p.TransparencyMax * fields / 4), R(p.TransparencyMax), $"{fields} fields"));

            if (historicalMax > p.RugThreshold) gates.Add("COMMISSION_RUG");
            if (v.Commission.BasisPoints == Commission.MaxBasisPoints) gates.Add("PRIVATE");
            if (windowMax > p.PolicyMaximum) gates.Add("COMMISSION_ABOVE_POLICY");
            var lastTwo = window.TakeLast(2).ToList();
            if (!v.Listed || (first[v.VoteAccount] < window[^1] - 1 && lastTwo.All(e => mine.GetValueOrDefault(e) == 0))) gates.Add("INACTIVE");
            if (input.Denylist.Contains(v.VoteAccount)) gates.Add("DENYLISTED");

            var raw = lines.Sum(x => x.Points);
            var state = gates.Count > 0 ? "INELIGIBLE" : age < p.MinimumRatedEpochs ? "UNRATED" : "ELIGIBLE";
            if (gates.Count > 0) lines.Add(new Line(Factors.EligibilityAdjustment, -raw, 0, "ineligible: " + string.Join(", ", gates)));
            results.Add(new Result(v.VoteAccount, state, lines.Sum(x => x.Points), lines, flags, gates));
        }

        return results;
    }

    private static decimal R(double value) => Math.Round((decimal)value, 2, MidpointRounding.AwayFromZero);

    public static string Format(decimal d) => d.ToString(CultureInfo.InvariantCulture);
}
