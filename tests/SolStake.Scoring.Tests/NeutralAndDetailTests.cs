using System.Globalization;
using System.Text.RegularExpressions;
using SolStake.Core.Domain;
using SolStake.Core.Storage;
using SolStake.Testing;
using static SolStake.Scoring.Tests.TestCluster;

namespace SolStake.Scoring.Tests;

/// <summary>
/// One meaning of neutral (a factor without data gives <see cref="TrustScorer.NeutralShare"/> of its maximum and says
/// it was not measured), and details that agree with their points, over generated clusters and every recorded input.
/// </summary>
public partial class NeutralAndDetailTests
{
    private static readonly BreakdownCondition[] NotMeasured =
    [
        BreakdownCondition.NoBlockData, BreakdownCondition.NoLeaderSlots, BreakdownCondition.NoVotingHistory,
        BreakdownCondition.NotInGossip, BreakdownCondition.VersionUnreadable, BreakdownCondition.NoValidatorInfo,
    ];

    private static IEnumerable<ScoringProfile> ModelProfiles() => ScoringProfile.BuiltIn.Where(p => p.Model == ScoringModel.TrustScoreV2);

    /// <summary>Each way a factor can lack its data, applied to validator 0 of a healthy cluster.</summary>
    private static IEnumerable<TestCaseData> MissingData()
    {
        yield return Case("no leader slot", Factors.BlockProduction, v => CorrectnessChecksTests.With(v, blocks: []));
        yield return Case("no block data anywhere", Factors.BlockProduction, v => CorrectnessChecksTests.With(v, blocks: []), everyone: true);
        yield return Case("no validator info", Factors.Transparency, v => Without(v, info: true));
        yield return Case("not in gossip", Factors.SoftwareVersion, v => Without(v, version: null));
        yield return Case("unreadable version", Factors.SoftwareVersion, v => Without(v, version: "unknown"));
        yield return Case("no completed epoch", Factors.VoteEffectiveness, v => Without(v, credits: true));
        yield return Case("no completed epoch", Factors.VoteReliability, v => Without(v, credits: true));

        static TestCaseData Case(string what, string factor, Func<ValidatorHistory, ValidatorHistory> strip, bool everyone = false) =>
            new TestCaseData(factor, strip, everyone).SetArgDisplayNames(what, factor);
    }

    [TestCaseSource(nameof(MissingData))]
    public void NoData_GivesHalfTheMaximum_NeverMoreThanAMeasuredPerfectRecord(string factor, Func<ValidatorHistory, ValidatorHistory> strip, bool everyone)
    {
        foreach (var profile in ModelProfiles())
        {
            var input = Input(12, (i, v) => i == 0 || everyone ? strip(v) : v);
            var run = TrustScorer.Score(input, profile);
            var missing = run.Scores[0].Breakdown.Single(l => l.Factor == factor);
            var perfect = TrustScorer.Score(Input(12), profile).Scores[0].Breakdown.Single(l => l.Factor == factor);

            Assert.That(perfect.Points, Is.EqualTo(perfect.MaxPoints), $"{profile.Name}: the healthy cluster is a perfect record");
            Assert.That(missing.Condition, Is.AnyOf(NotMeasured), $"{profile.Name}: {missing}");
            Assert.That(missing.Points, Is.EqualTo(decimal.Round(missing.MaxPoints * (decimal)TrustScorer.NeutralShare, 2)), $"{profile.Name}: {missing}");
            Assert.That(missing.Points, Is.LessThanOrEqualTo(perfect.Points), $"{profile.Name}: {missing}");
            Assert.That(missing.Detail, Does.EndWith(": not measured, neutral (half the points)"), $"{profile.Name}: {missing}");
        }
    }

    [Test]
    public void EveryLineWithoutItsMeasure_IsNeutral_AndSaysSo_InGeneratedClusters([Range(1, 120)] int seed)
    {
        var input = PropertyTests.Generate(seed);
        foreach (var profile in ModelProfiles())
        {
            foreach (var line in TrustScorer.Score(input, profile).Scores.SelectMany(s => s.Breakdown).Where(l => NotMeasured.Contains(l.Condition)))
            {
                Assert.That(line.Points, Is.EqualTo(decimal.Round(line.MaxPoints * (decimal)TrustScorer.NeutralShare, 2)), line.ToString());
                Assert.That(line.Detail, Does.EndWith(": not measured, neutral (half the points)"), line.ToString());
            }
        }
    }

    private static ScoringInput? _series;

    private static async Task<ScoringInput> SeriesAsync() => _series ??= await RecordedSeries.InputAsync();

    private static IEnumerable<TestCaseData> Inputs()
    {
        yield return new TestCaseData("series").SetArgDisplayNames("series 1008-1014");
        for (var seed = 1; seed <= 60; seed++)
        {
            yield return new TestCaseData($"generated {seed}").SetArgDisplayNames($"generated {seed}");
        }
    }

    [TestCaseSource(nameof(Inputs))]
    public async Task NoFactorAtZeroSaysItsMeasureWasFine_AndNoneAtFullPointsNamesABreach(string name)
    {
        var input = name == "series" ? await SeriesAsync() : PropertyTests.Generate(int.Parse(name["generated ".Length..], CultureInfo.InvariantCulture));

        AssertDetailsAgreeWithPoints(input);
    }

    /// <summary>
    /// Under every model profile: no line at zero points says its measure was fine, no line at full points names a
    /// breach, a rug zeroes commission stability, and a delinquent validator's voting lines say why they are zero.
    /// </summary>
    internal static void AssertDetailsAgreeWithPoints(ScoringInput input)
    {
        var lines = 0;
        foreach (var profile in ModelProfiles())
        {
            foreach (var score in TrustScorer.Score(input, profile).Scores)
            {
                foreach (var line in score.Breakdown.Where(l => l.MaxPoints > 0))
                {
                    lines++;
                    if (line.Points == 0)
                    {
                        Assert.That(SaysFine(line, profile), Is.False, $"{profile.Name} {score.VoteAccount}: {line}");
                    }

                    if (line.Points == line.MaxPoints)
                    {
                        Assert.That(NamesABreach(line), Is.False, $"{profile.Name} {score.VoteAccount}: {line}");
                    }
                }

                if (score.GatedBy(Codes.CommissionRug))
                {
                    var stability = score.Breakdown.Single(l => l.Factor == Factors.CommissionStability);
                    Assert.That((stability.Points, stability.Condition), Is.EqualTo((0m, BreakdownCondition.CommissionRug)), $"{profile.Name} {score.VoteAccount}: {stability}");
                }

                if (score.Has(Codes.DelinquentNow))
                {
                    Assert.That(score.Breakdown.Where(l => l.Factor is Factors.VoteEffectiveness or Factors.VoteReliability).Select(l => l.Detail),
                        Is.All.EqualTo("delinquent now: no points, whatever the window's credits"), $"{profile.Name} {score.VoteAccount}");
                }
            }
        }

        Assert.That(lines, Is.GreaterThan(0));
    }

    [Test]
    public async Task TheRecordedSeries_HasEachCaseTheDetailCheckIsAbout()
    {
        // The check above is only as good as its input: the series holds delinquent validators, rugs and validators
        // without leader slots, so the contradictions the issue found would be caught there.
        var run = TrustScorer.Score(await SeriesAsync(), ScoringProfile.Default);

        Assert.That(run.Scores.Count(s => s.Has(Codes.DelinquentNow)), Is.GreaterThan(0));
        Assert.That(run.Scores.Count(s => s.GatedBy(Codes.CommissionRug)), Is.GreaterThan(0));
        Assert.That(run.Scores.Count(s => s.Has(Codes.NoLeaderSlots)), Is.GreaterThan(0));
    }

    /// <summary>The detail of a line at zero points says its measure was fine: the contradictions #31 found.</summary>
    private static bool SaysFine(BreakdownLine line, ScoringProfile profile)
    {
        var detail = line.Detail;
        if (Percent().Match(detail) is { Success: true } averaged && detail.StartsWith("credits averaged", StringComparison.Ordinal))
        {
            return double.Parse(averaged.Groups[1].Value, CultureInfo.InvariantCulture) / 100 > profile.VoteRatioFloor;
        }

        if (SkipRates().Match(detail) is { Success: true } skip)
        {
            return double.Parse(skip.Groups[1].Value, CultureInfo.InvariantCulture) <= double.Parse(skip.Groups[2].Value, CultureInfo.InvariantCulture);
        }

        return detail.StartsWith("0 of ", StringComparison.Ordinal) && detail.EndsWith("epochs with poor voting", StringComparison.Ordinal)
            || detail == "no commission raise in the window"
            || (detail.StartsWith("runs ", StringComparison.Ordinal) && detail.EndsWith("current version or newer", StringComparison.Ordinal))
            || detail.StartsWith("4 of 4", StringComparison.Ordinal)
            || detail.EndsWith("neutral (half the points)", StringComparison.Ordinal);
    }

    /// <summary>The detail of a line at full points names something that costs points.</summary>
    private static bool NamesABreach(BreakdownLine line)
    {
        var detail = line.Detail;
        return detail.Contains(": no points", StringComparison.Ordinal)
            || detail.Contains("delinquent", StringComparison.Ordinal)
            || detail.Contains("in the superminority", StringComparison.Ordinal)
            || detail.Contains("spike", StringComparison.Ordinal)
            || Raises().IsMatch(detail)
            || PoorEpochs().IsMatch(detail)
            || detail.Contains("older", StringComparison.Ordinal)
            || detail.Contains("rug", StringComparison.Ordinal)
            || detail.Contains("not measured", StringComparison.Ordinal);
    }

    private static ValidatorHistory Without(ValidatorHistory v, bool info = false, string? version = "keep", bool credits = false) => new()
    {
        VoteAccount = v.VoteAccount,
        Identity = v.Identity,
        ActivatedStake = v.ActivatedStake,
        Commission = v.Commission,
        Credits = credits ? [.. v.Credits.Where(c => c.Epoch == CurrentEpoch)] : v.Credits,
        BlockProduction = v.BlockProduction,
        CommissionSamples = v.CommissionSamples,
        Version = version == "keep" ? v.Version : version,
        Info = info ? null : v.Info,
        Uptime = v.Uptime,
    };

    [GeneratedRegex(@"^credits averaged ([0-9.]+)%")]
    private static partial Regex Percent();

    [GeneratedRegex(@"^skip rate ([0-9.]+)% against the cluster's ([0-9.]+)%")]
    private static partial Regex SkipRates();

    [GeneratedRegex(@"^[1-9][0-9]* commission raise")]
    private static partial Regex Raises();

    [GeneratedRegex(@"^[1-9][0-9]* of [0-9]+ epochs with poor voting")]
    private static partial Regex PoorEpochs();
}
