using SolStake.Core.Domain;
using SolStake.Core.Storage;
using SolStake.Scoring;

namespace SolStake.Storage.Tests;

/// <summary>Breakdowns are stored as their numbers and read back with the model's text, byte for byte.</summary>
public class ScoreLineCodecTests
{
    /// <summary>
    /// Scores with every condition: a superminority validator, one not in gossip, one with an unreadable version, one
    /// without validator info, no block data anywhere, a gated one (its adjustment line is text), and the legacy model;
    /// then, in a cluster with block data, no leader slot, no completed epoch, delinquent, low live voting, a rug, a
    /// version of no known client and the only (unstaked) node of its client.
    /// </summary>
    internal static List<TrustScoreRecord> VariedScores()
    {
        ValidatorHistory Validator(int i, ulong stake, ushort commissionBps, string? version, ValidatorInfo? info) => new()
        {
            VoteAccount = TestData.Key(i), Identity = TestData.Key(1_000 + i), ActivatedStake = stake, Commission = new Commission(commissionBps),
            Credits = [.. Enumerable.Range(0, 12).Select(e => new EpochCredit(740 + (ulong)e, 6_000_000 - ((ulong)i * 1_234)))],
            CommissionSamples = [new CommissionSample(745, 0, new Commission(500)), new CommissionSample(750, 431_000, new Commission(commissionBps))],
            Version = version, Info = info, Uptime = new UptimeObservations(90 + i, 100),
        };

        var input = new ScoringInput
        {
            CurrentEpoch = 752, EpochProgress = 0.4,
            Validators =
            [
                Validator(0, 900_000_000_000_000, 500, "2.2.16", new ValidatorInfo("Big", "https://big.example", null, null)),
                Validator(1, 1_000_000_000_000, 700, null, null),
                Validator(2, 2_000_000_000_000, 0, "not-a-version", new ValidatorInfo("Odd", null, null, null)),
                Validator(3, 3_000_000_000_000, 10_000, "2.1.21", new ValidatorInfo("Private", "https://p.example", "details", "https://p.example/i.png")),
            ],
        };
        // A second cluster with block data, for the conditions that need a measured cluster: no leader slot, no
        // completed epoch, delinquent, voting low this epoch, a rug.
        ValidatorHistory Voter(int i, ulong thisEpoch = 3_000_000, bool delinquent = false, bool history = true, bool leads = true, ushort commissionBps = 500,
            string version = "2.2.16", ulong stake = 1_000_000_000_000) => new()
        {
            VoteAccount = TestData.Key(4 + i), Identity = TestData.Key(1_004 + i), ActivatedStake = stake, Commission = new Commission(commissionBps),
            Delinquent = delinquent,
            Credits = [.. Enumerable.Range(0, history ? 12 : 0).Select(e => new EpochCredit(740 + (ulong)e, 6_000_000)), new EpochCredit(752, thisEpoch)],
            BlockProduction = leads ? [.. Enumerable.Range(0, 12).Select(e => new EpochBlockProduction(740 + (ulong)e, 400, 396))] : [],
            CommissionSamples = [new CommissionSample(745, 0, new Commission(500)), new CommissionSample(750, 431_000, new Commission(commissionBps))],
            Version = version, Info = new ValidatorInfo("V", null, null, null),
        };

        var measured = new ScoringInput
        {
            CurrentEpoch = 752, EpochProgress = 0.6,
            Validators = [Voter(0), Voter(1), Voter(2, leads: false), Voter(3, history: false), Voter(4, delinquent: true), Voter(5, thisEpoch: 100), Voter(6, commissionBps: 9_000),
                Voter(7, version: "26.8.1"), Voter(8, version: "0.1105.40200", stake: 0)],
        };
        return [.. ScoringProfile.BuiltIn.SelectMany(p => TrustScorer.Score(input, p).Scores.Concat(TrustScorer.Score(measured, p).Scores)).Select(ScoringRunner.ToRecord)];
    }

    [Test]
    public void Decode_GivesBackEveryLine_WithTheModelsText()
    {
        var scores = VariedScores();
        var conditions = scores.SelectMany(s => s.Breakdown).Select(l => l.Measure?.Condition).Distinct().ToList();
        Assert.That(conditions, Is.SupersetOf(Enum.GetValues<BreakdownCondition>().Cast<BreakdownCondition?>().Append(null)), "every condition, and text lines");

        foreach (var score in scores)
        {
            var decoded = ScoreLineCodec.Decode(ScoreLineCodec.Encode(score.Breakdown));

            Assert.That(decoded, Is.EqualTo(score.Breakdown), string.Join("\n", score.Breakdown));
            Assert.That(decoded.Select(l => l.Points.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                Is.EqualTo(score.Breakdown.Select(l => l.Points.ToString(System.Globalization.CultureInfo.InvariantCulture))), "points keep their form (15, 7.5, 1.67)");
        }
    }

    [Test]
    public void AMeasuredLine_Takes27Bytes_AndALineWithoutNumbersKeepsItsText()
    {
        var nine = VariedScores().First(s => s.State == "ELIGIBLE" && s.Breakdown.Count == 9);
        Assert.That(ScoreLineCodec.Encode(nine.Breakdown), Has.Length.EqualTo(2 + nine.Breakdown.Sum(l => l.Measure!.Value.Reference is null ? 19 : 27)));

        ScoreLine[] text =
        [
            new("SOMETHING_NEW", 1.5m, 2, "a line from another model") { Measure = new ScoreLineMeasure(1, 2, BreakdownCondition.None) },
            new("CLAMP", -3.25m, 0, "kept within 0 to 100"),
            new(Factors.TrackRecord, 1, 5, "a caller's own words") { Measure = new ScoreLineMeasure(6, 30, BreakdownCondition.None) },
        ];
        Assert.That(ScoreLineCodec.Decode(ScoreLineCodec.Encode(text)), Is.EqualTo(text.Select(l => l with { Measure = null })));
    }

    [Test]
    public void OneEncoderForARun_WritesWhatEachBreakdownAloneWrites_AndStillKeepsACallersOwnWords()
    {
        var scores = VariedScores();
        var encoder = new ScoreLineCodec.Encoder();

        Assert.That(scores.Select(s => encoder.Encode(s.Breakdown)), Is.EqualTo(scores.Select(s => ScoreLineCodec.Encode(s.Breakdown))));

        // The numbers of a line the encoder has seen, with other words: their text is kept, not the model's.
        var seen = scores.SelectMany(s => s.Breakdown).First(l => l.Measure is not null && l.Factor == Factors.TrackRecord);
        var own = seen with { Detail = "a caller's own words" };
        Assert.That(ScoreLineCodec.Decode(encoder.Encode([own])), Is.EqualTo(new[] { own with { Measure = null } }));
    }

    [Test]
    public void Decode_RefusesALayoutItDoesNotKnow()
    {
        Assert.That(() => ScoreLineCodec.Decode([2, 0]), Throws.TypeOf<InvalidDataException>().With.Message.Contains("layout version 2"));
        Assert.That(() => ScoreLineCodec.Decode([1, 1, 200]), Throws.TypeOf<InvalidDataException>().With.Message.Contains("factor code 200"));
    }
}
