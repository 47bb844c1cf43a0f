using System.Globalization;
using System.Text;
using SolStake.Benchmarks.Load;
using SolStake.Scoring;
using SolStake.Scoring.Tests;

namespace SolStake.Benchmarks.Scoring;

/// <summary>
/// Scores the recorded series of epochs 1008–1014 under every built-in profile and writes each score with its factor
/// points as tab-separated lines; given the lines of another commit (<c>--compare</c>), reports the scores that
/// changed and which factors moved them. How a scoring change is shown to touch only what it says:
/// <c>git checkout A; dotnet run -c Release --project benchmarks/SolStake.Benchmarks -- scores --output a.tsv</c>,
/// then at B <c>-- scores --compare a.tsv --output report.md</c>.
/// </summary>
internal static class ScoreComparison
{
    public static async Task<int> RunAsync(string[] args)
    {
        var output = ApiLoadRun.Option(args, "--output");
        var compare = ApiLoadRun.Option(args, "--compare");
        var input = await RecordedSeries.InputAsync();
        var now = new List<Row>();
        foreach (var profile in ScoringProfile.BuiltIn)
        {
            foreach (var score in TrustScorer.Score(input, profile).Scores)
            {
                now.Add(new Row(profile.Name, score.VoteAccount.ToString(), score.State.ToString(), score.Score,
                    score.Breakdown.ToDictionary(l => l.Factor, l => l.Points, StringComparer.Ordinal)));
            }
        }

        if (compare is null)
        {
            var lines = now.Select(r => string.Join('\t', r.Profile, r.VoteAccount, r.State, Text(r.Score),
                string.Join(';', r.Points.Select(p => $"{p.Key}={Text(p.Value)}"))));
            await ApiLoadRun.PublishAsync(string.Join('\n', lines) + "\n", output);
            return 0;
        }

        var before = (await File.ReadAllLinesAsync(compare)).Where(l => l.Length > 0).Select(Row.Parse)
            .ToDictionary(r => (r.Profile, r.VoteAccount));
        await ApiLoadRun.PublishAsync(Report(before, now), output);
        return 0;
    }

    private static string Report(Dictionary<(string, string), Row> before, List<Row> now)
    {
        var text = new StringBuilder();
        text.AppendLine("| profile | validators | score changed | state changed | mean change | largest rise | largest fall | factors that moved (validators) |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---|");
        var changed = new List<(Row Before, Row Now)>();
        foreach (var profile in now.GroupBy(r => r.Profile))
        {
            var pairs = profile.Where(r => before.ContainsKey((r.Profile, r.VoteAccount))).Select(r => (Before: before[(r.Profile, r.VoteAccount)], Now: r)).ToList();
            var moved = pairs.Where(p => p.Before.Score != p.Now.Score || p.Before.State != p.Now.State).ToList();
            changed.AddRange(moved);
            var factors = pairs.SelectMany(p => p.Now.Points.Keys.Union(p.Before.Points.Keys)
                    .Where(f => p.Now.Points.GetValueOrDefault(f) != p.Before.Points.GetValueOrDefault(f)).Select(f => (f, p.Now.VoteAccount)))
                .GroupBy(x => x.f).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} ({g.Count()})");
            var deltas = moved.Select(p => p.Now.Score - p.Before.Score).ToList();
            text.AppendLine(CultureInfo.InvariantCulture, $"| {profile.Key} | {pairs.Count} | {moved.Count(p => p.Before.Score != p.Now.Score)} | {moved.Count(p => p.Before.State != p.Now.State)} | {(deltas.Count == 0 ? "-" : Text(deltas.Average()))} | {(deltas.Count == 0 ? "-" : Text(deltas.Max()))} | {(deltas.Count == 0 ? "-" : Text(deltas.Min()))} | {string.Join(", ", factors)} |");
        }

        text.AppendLine();
        text.AppendLine("The 40 largest changes (every profile):");
        text.AppendLine();
        text.AppendLine("| profile | vote account | before | after | state before | state after | factor points before → after |");
        text.AppendLine("|---|---|---:|---:|---|---|---|");
        foreach (var (b, n) in changed.OrderByDescending(p => Math.Abs(p.Now.Score - p.Before.Score)).ThenBy(p => p.Now.VoteAccount, StringComparer.Ordinal).Take(40))
        {
            var moved = n.Points.Keys.Union(b.Points.Keys).Where(f => n.Points.GetValueOrDefault(f) != b.Points.GetValueOrDefault(f))
                .Select(f => $"{f} {Text(b.Points.GetValueOrDefault(f))} → {Text(n.Points.GetValueOrDefault(f))}");
            text.AppendLine(CultureInfo.InvariantCulture, $"| {n.Profile} | {n.VoteAccount} | {Text(b.Score)} | {Text(n.Score)} | {b.State} | {n.State} | {string.Join("; ", moved)} |");
        }

        return text.ToString();
    }

    private static string Text(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private sealed record Row(string Profile, string VoteAccount, string State, decimal Score, Dictionary<string, decimal> Points)
    {
        public static Row Parse(string line)
        {
            var parts = line.Split('\t');
            var points = parts[4].Length == 0 ? [] : parts[4].Split(';').Select(p => p.Split('='))
                .ToDictionary(p => p[0], p => decimal.Parse(p[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
            return new Row(parts[0], parts[1], parts[2], decimal.Parse(parts[3], CultureInfo.InvariantCulture), points);
        }
    }
}
