using BenchmarkDotNet.Attributes;
using SolStake.Scoring;

namespace SolStake.Benchmarks.Scoring;

/// <summary>
/// A full scoring run (cluster context plus every validator, 10-epoch histories) against the same model written
/// the obvious way. Targets: 10,000 validators in under 20 ms on one core, at least 5× faster than the baseline,
/// and no allocation per validator inside the loop apart from the result.
/// </summary>
[MemoryDiagnoser]
public class TrustScorerBenchmarks
{
    private ScoringInput _input = null!;

    [Params(1_000, 5_000, 10_000)]
    public int Validators { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _input = SyntheticCluster.Create(Validators);
        var fast = TrustScorer.Score(_input, ScoringProfile.Default).Scores;
        var naive = NaiveTrustScorer.Score(_input, ScoringProfile.Default);
        for (var i = 0; i < fast.Count; i++)
        {
            if (fast[i].Score != naive[i].Score)
            {
                throw new InvalidOperationException($"The baseline disagrees on validator {i}: {fast[i].Score} vs {naive[i].Score}; it would not be a fair baseline.");
            }
        }
    }

    [Benchmark(Baseline = true, Description = "LINQ baseline")]
    public int Naive() => NaiveTrustScorer.Score(_input, ScoringProfile.Default).Count;

    [Benchmark(Description = "TrustScorer")]
    public int Optimized() => TrustScorer.Score(_input, ScoringProfile.Default).Scores.Count;
}
