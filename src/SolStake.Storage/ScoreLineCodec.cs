using System.Text;
using SolStake.Core.Storage;
using SolStake.Scoring;

namespace SolStake.Storage;

/// <summary>
/// A score's breakdown as stored: the numbers of each line, not its text. A line of the scoring model's factors
/// takes 27 bytes (factor, points and maximum in hundredths, value, condition, reference; 19 without a reference),
/// and its detail is written again on read by the model (<see cref="BreakdownLine.Restore"/>), byte for byte the
/// text it wrote when scoring; a line whose detail the model would not write again from its numbers (the eligibility
/// adjustment, the legacy clamp, a line without numbers or with a text of its own) keeps its text. A breakdown of
/// nine lines is about 240 bytes, against about 1,060 as JSON with its text (measured in
/// <c>benchmarks/results/history-at-scale-*.md</c>). Hand-written because it is a private on-disk layout of a few
/// fixed fields; a general serializer would store names and types the layout already knows.
/// </summary>
/// <remarks>
/// Layout, little-endian: a version byte (1), a line count byte, then per line a factor code byte; code 0 is a text
/// line (factor and detail as length-prefixed UTF-8, points and maximum as decimals); any other code is a factor of
/// <see cref="FactorCodes"/> followed by points and maximum (int32 hundredths), value (float64), condition (byte),
/// whether there is a reference (byte) and the reference (float64) when there is. Codes are stored: new factors are
/// added at the end, never renumbered.
/// </remarks>
internal static class ScoreLineCodec
{
    private const byte Version = 1;
    private const byte TextLine = 0;
    private const int MeasuredLineBytes = 27;

    private static readonly string[] FactorCodes =
    [
        "", Factors.VoteEffectiveness, Factors.VoteReliability, Factors.BlockProduction, Factors.CommissionLevel, Factors.CommissionStability,
        Factors.Decentralization, Factors.TrackRecord, Factors.SoftwareVersion, Factors.Transparency, Factors.Uptime, Factors.Commission,
    ];

    /// <summary>A breakdown's bytes (see <see cref="Encoder"/> for the breakdowns of a whole run).</summary>
    public static byte[] Encode(IReadOnlyList<ScoreLine> lines) => new Encoder().Encode(lines);

    /// <summary>
    /// Encodes breakdowns one after the other, remembering the detail the model writes for each distinct line: the check
    /// that a line's text restores (the model's formatting, most of the encoding's time) then runs once per distinct
    /// line, and a run's lines repeat (the same version, the same commission, a full track record, no raise).
    /// </summary>
    internal sealed class Encoder
    {
        private readonly Dictionary<LineNumbers, string> _restored = [];

        public byte[] Encode(IReadOnlyList<ScoreLine> lines)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(lines.Count, byte.MaxValue, nameof(lines));
            using var stream = new MemoryStream(2 + (lines.Count * MeasuredLineBytes));
            using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Version);
                writer.Write((byte)lines.Count);
                foreach (var line in lines)
                {
                    var code = Array.IndexOf(FactorCodes, line.Factor, 1);
                    // Only a line the model writes again exactly is kept as numbers: checked here, so that no caller's text is lost.
                    if (line.Measure is not { } measure || code < 1 || !BreakdownLine.CanRestore(line.Factor)
                        || Hundredths(line.Points) is not { } points || Hundredths(line.MaxPoints) is not { } max
                        || Restored(line.Factor, points, max, measure) != line.Detail)
                    {
                        writer.Write(TextLine);
                        writer.Write(line.Factor);
                        writer.Write(line.Detail);
                        writer.Write(line.Points);
                        writer.Write(line.MaxPoints);
                        continue;
                    }

                    writer.Write((byte)code);
                    writer.Write(points);
                    writer.Write(max);
                    writer.Write(measure.Value);
                    writer.Write((byte)measure.Condition);
                    writer.Write(measure.Reference.HasValue);
                    if (measure.Reference is { } reference)
                    {
                        writer.Write(reference);
                    }
                }
            }

            return stream.ToArray();
        }

        private string Restored(string factor, int points, int max, ScoreLineMeasure measure)
        {
            // Everything Restore reads, the doubles by their bits (0.0 and -0.0 are equal but not written alike).
            var key = new LineNumbers(factor, points, max, BitConverter.DoubleToInt64Bits(measure.Value),
                measure.Reference is { } r ? BitConverter.DoubleToInt64Bits(r) : null, measure.Condition);
            if (!_restored.TryGetValue(key, out var detail))
            {
                detail = BreakdownLine.Restore(factor, points / 100m, max / 100m, measure.Value, measure.Reference, measure.Condition).Detail;
                _restored[key] = detail;
            }

            return detail;
        }

        private readonly record struct LineNumbers(string Factor, int Points, int Max, long Value, long? Reference, BreakdownCondition Condition);
    }

    public static List<ScoreLine> Decode(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
        if (reader.ReadByte() is var version and not Version)
        {
            throw new InvalidDataException($"A stored breakdown has layout version {version}; this version of SolStake reads {Version}.");
        }

        var count = reader.ReadByte();
        var lines = new List<ScoreLine>(count);
        for (var i = 0; i < count; i++)
        {
            var code = reader.ReadByte();
            if (code == TextLine)
            {
                var factor = reader.ReadString();
                var detail = reader.ReadString();
                lines.Add(new ScoreLine(factor, reader.ReadDecimal(), reader.ReadDecimal(), detail));
                continue;
            }

            if (code >= FactorCodes.Length)
            {
                throw new InvalidDataException($"A stored breakdown line has factor code {code}, which this version of SolStake does not know.");
            }

            var points = reader.ReadInt32() / 100m;
            var max = reader.ReadInt32() / 100m;
            var value = reader.ReadDouble();
            var condition = (BreakdownCondition)reader.ReadByte();
            double? reference = reader.ReadBoolean() ? reader.ReadDouble() : null;
            var restored = BreakdownLine.Restore(FactorCodes[code], points, max, value, reference, condition);
            lines.Add(new ScoreLine(restored.Factor, restored.Points, restored.MaxPoints, restored.Detail)
            {
                Measure = new ScoreLineMeasure(value, reference, condition),
            });
        }

        return lines;
    }

    // Whole hundredths, or null when the points have more decimals (kept as a text line, exactly).
    private static int? Hundredths(decimal points)
    {
        var hundredths = points * 100;
        return decimal.Truncate(hundredths) == hundredths && Math.Abs(hundredths) <= int.MaxValue ? (int)hundredths : null;
    }
}
