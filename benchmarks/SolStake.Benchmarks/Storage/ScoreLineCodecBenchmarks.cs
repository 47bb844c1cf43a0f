using BenchmarkDotNet.Attributes;
using SolStake.Core.Storage;
using SolStake.Storage;

namespace SolStake.Benchmarks.Storage;

/// <summary>
/// Encoding one scoring run's breakdowns for storage (the 1,351 validators of the epoch-752 recording, Default
/// profile), as completing a run does: each breakdown with an encoder of its own (how every breakdown was encoded
/// until one encoder served the run), against one encoder for the whole run, which checks each distinct line's
/// restored text once.
/// </summary>
[MemoryDiagnoser]
public class ScoreLineCodecBenchmarks
{
    private List<TrustScoreRecord> _scores = [];

    [GlobalSetup]
    public async Task SetupAsync() => _scores = (await RecordedRun.LoadAsync()).Scores;

    [Benchmark(Baseline = true, Description = "an encoder per breakdown")]
    public int EncoderEach()
    {
        var bytes = 0;
        foreach (var score in _scores)
        {
            bytes += ScoreLineCodec.Encode(score.Breakdown).Length;
        }

        return bytes;
    }

    [Benchmark(Description = "one encoder for the run")]
    public int EncoderPerRun()
    {
        var encoder = new ScoreLineCodec.Encoder();
        var bytes = 0;
        foreach (var score in _scores)
        {
            bytes += encoder.Encode(score.Breakdown).Length;
        }

        return bytes;
    }
}
