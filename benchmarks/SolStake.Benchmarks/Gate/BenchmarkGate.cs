using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;
using SolStake.Benchmarks.Scoring;
using SolStake.Benchmarks.Storage;

namespace SolStake.Benchmarks.Gate;

/// <summary>
/// The benchmark gate CI runs (issue #28): the hot paths measured in one process with BenchmarkDotNet (in-process
/// toolchain, short job), each compared with its committed baseline under <c>benchmarks/baselines/</c>: bytes allocated
/// per operation within <see cref="AllocationTolerance"/>, and the speed ratio to its in-run reference (the LINQ
/// scorer, a raw <c>Utf8JsonReader</c> scan, an encoder per breakdown, the list written without GraphQL) not below the
/// baseline's floor. Absolute times are printed, never gated: shared machines are noisy, while allocations and
/// in-run ratios are steady. <c>gate --update --runs 3</c> (<c>bash eng/bench.sh --update --runs 3</c>) rewrites the baselines.
/// </summary>
internal static class BenchmarkGate
{
    /// <summary>How far allocations may grow before the gate fails (run to run they differ by under 1 %: see the report).</summary>
    public const double AllocationTolerance = 0.05;

    /// <summary>
    /// Where a new baseline sets a ratio's floor: this share of the lowest ratio of its runs. Three quiet runs on the
    /// 2-core machine spread by up to 30 % (scoring 1,000: 17.9x to 25.1x), runs beside a CI job by more, so the floor
    /// sits well under the spread; a scorer three times slower, or a query per validator, still falls through it.
    /// </summary>
    public const double FloorShare = 0.7;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>One gated measurement: a subject benchmark and, where it has one, its in-run reference.</summary>
    private sealed record Gated(string Name, Type Type, string Subject, string? Reference, Func<BenchmarkCase, bool>? Cases = null);

    private static readonly Gated[] Benchmarks =
    [
        new("scoring-1000", typeof(TrustScorerBenchmarks), nameof(TrustScorerBenchmarks.Optimized), nameof(TrustScorerBenchmarks.Naive), c => Validators(c) == 1_000),
        new("scoring-10000", typeof(TrustScorerBenchmarks), nameof(TrustScorerBenchmarks.Optimized), nameof(TrustScorerBenchmarks.Naive), c => Validators(c) == 10_000),
        new("parse-getVoteAccounts-752", typeof(VoteAccountsParsingBenchmarks), nameof(VoteAccountsParsingBenchmarks.Typed), nameof(VoteAccountsParsingBenchmarks.Scan)),
        new("score-line-codec", typeof(ScoreLineCodecBenchmarks), nameof(ScoreLineCodecBenchmarks.EncoderPerRun), nameof(ScoreLineCodecBenchmarks.EncoderEach)),
        new("persist-cycle-sqlite", typeof(SqliteCycleBenchmarks), nameof(SqliteCycleBenchmarks.CycleAsync), null),
        new("graphql-list-sqlite", typeof(GraphQLListBenchmarks), nameof(GraphQLListBenchmarks.GraphQLAsync), nameof(GraphQLListBenchmarks.PlainAsync)),
    ];

    private static int Validators(BenchmarkCase c) => (int)c.Parameters["Validators"];

    public static int Run(string[] args)
    {
        var update = args.Contains("--update");
        var directory = Load.ApiLoadRun.Option(args, "--baselines") ?? Path.Combine(RepositoryRoot(), "benchmarks", "baselines");
        var only = Load.ApiLoadRun.Option(args, "--only");
        var job = new Job("gate")
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(12)
            .WithIterationTime(TimeInterval.FromMilliseconds(250));
        var config = ManualConfig.CreateEmpty().AddJob(job).AddDiagnoser(MemoryDiagnoser.Default).AddLogger(args.Contains("--verbose") ? ConsoleLogger.Default : NullLogger.Instance)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "solstake-gate"))
            .WithOptions(ConfigOptions.DisableLogFile | ConfigOptions.JoinSummary);

        var runs = update && Load.ApiLoadRun.Option(args, "--runs") is { } count ? int.Parse(count, CultureInfo.InvariantCulture) : 1;
        var rounds = Enumerable.Range(0, runs).Select(_ => Measure(config, only)).ToList();
        var measured = rounds[0];
        if (update)
        {
            Directory.CreateDirectory(directory);
            foreach (var name in measured.Select(m => m.Name))
            {
                // A baseline from several runs: the median allocation and ratio, and the floor under the lowest ratio.
                var all = rounds.Select(r => r.Single(m => m.Name == name)).ToList();
                var ratios = all.Where(m => m.Ratio is not null).Select(m => Math.Round(m.Ratio!.Value, 3)).Order().ToList();
                var baseline = new Baseline(name, Commit(), Machine(), DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    all.Select(m => m.AllocatedBytes).Order().ElementAt(all.Count / 2), ratios.Count == 0 ? null : ratios[ratios.Count / 2],
                    ratios.Count == 0 ? null : Math.Round(ratios[0] * FloorShare, 3))
                { Runs = all.Count, Ratios = ratios.Count == 0 ? null : ratios, Allocations = [.. all.Select(m => m.AllocatedBytes)] };
                File.WriteAllText(Path.Combine(directory, name + ".json"), JsonSerializer.Serialize(baseline, Json) + "\n");
            }

            Console.WriteLine(Table(measured, directory, out _));
            Console.WriteLine($"Baselines written to {directory} from {runs} run(s); commit them with the reason.");
            return 0;
        }

        Console.WriteLine(Table(measured, directory, out var failures));
        foreach (var failure in failures)
        {
            Console.WriteLine("REGRESSION " + failure);
        }

        Console.WriteLine(failures.Count == 0 ? "benchmark gate: passed" : $"benchmark gate: {failures.Count} regression(s)");
        return failures.Count == 0 ? 0 : 1;
    }

    private static List<Measured> Measure(IConfig config, string? only)
    {
        var measured = new List<Measured>();
        foreach (var gated in Benchmarks.Where(b => only is null || b.Name.Contains(only, StringComparison.Ordinal)))
        {
            var info = BenchmarkConverter.TypeToBenchmarks(gated.Type, config);
            var cases = info.BenchmarksCases.Where(c => gated.Cases?.Invoke(c) ?? true)
                .Where(c => c.Descriptor.WorkloadMethod.Name == gated.Subject || c.Descriptor.WorkloadMethod.Name == gated.Reference).ToArray();
            var summary = BenchmarkRunner.Run(new BenchmarkRunInfo(cases, gated.Type, info.Config));
            var subject = Report(summary, gated.Subject) ?? throw new InvalidOperationException($"{gated.Name}: {gated.Subject} did not run: {string.Join("; ", summary.ValidationErrors.Select(e => e.Message))}");
            var reference = gated.Reference is null ? null : Report(summary, gated.Reference);
            measured.Add(new Measured(gated.Name, subject.ResultStatistics!.Mean,
                subject.GcStats.GetBytesAllocatedPerOperation(subject.BenchmarkCase) ?? 0,
                reference?.ResultStatistics?.Mean));
        }

        return measured;
    }

    /// <summary>The table, and the lines that failed: what the gate decides, kept apart from running, so it can be tested.</summary>
    internal static string Table(IReadOnlyList<Measured> measured, string directory, out List<string> failures)
    {
        failures = [];
        var text = new StringBuilder();
        text.AppendLine("| benchmark | time (not gated) | allocated baseline | allocated now | change | ratio floor | ratio now | verdict |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---|");
        foreach (var m in measured)
        {
            var file = Path.Combine(directory, m.Name + ".json");
            var baseline = File.Exists(file) ? JsonSerializer.Deserialize<Baseline>(File.ReadAllText(file), Json) : null;
            var verdicts = Judge(m, baseline);
            failures.AddRange(verdicts.Where(v => v.Failed).Select(v => $"{m.Name}: {v.Text}"));
            var change = baseline is { AllocatedBytes: > 0 } b ? ((double)m.AllocatedBytes / b.AllocatedBytes) - 1 : (double?)null;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {m.Name} | {Time(m.MeanNs)} | {(baseline is null ? "-" : Bytes(baseline.AllocatedBytes))} | {Bytes(m.AllocatedBytes)} | {(change is { } c ? c.ToString("+0.0%;-0.0%;0.0%", CultureInfo.InvariantCulture) : "-")} | {baseline?.RatioFloor?.ToString("0.00", CultureInfo.InvariantCulture) ?? "-"} | {m.Ratio?.ToString("0.00", CultureInfo.InvariantCulture) ?? "-"} | {string.Join("; ", verdicts.Select(v => v.Text))} |");
        }

        return text.ToString();
    }

    internal sealed record Verdict(bool Failed, string Text);

    /// <summary>What one measurement says against its baseline.</summary>
    internal static List<Verdict> Judge(Measured m, Baseline? baseline)
    {
        if (baseline is null)
        {
            return [new(true, "no baseline: run bash eng/bench.sh --update and commit it")];
        }

        var verdicts = new List<Verdict>();
        var allowed = (long)Math.Ceiling(baseline.AllocatedBytes * (1 + AllocationTolerance)) + 64;
        verdicts.Add(m.AllocatedBytes > allowed
            ? new(true, string.Create(CultureInfo.InvariantCulture, $"allocates {m.AllocatedBytes:N0} B/op, over {baseline.AllocatedBytes:N0} + {AllocationTolerance:P0}"))
            : m.AllocatedBytes < baseline.AllocatedBytes * (1 - AllocationTolerance)
                ? new(false, "allocates less than the baseline: update it")
                : new(false, "allocations ok"));
        if (baseline.RatioFloor is { } floor)
        {
            verdicts.Add(m.Ratio is not { } ratio
                ? new(true, "no ratio measured")
                : ratio < floor
                    ? new(true, string.Create(CultureInfo.InvariantCulture, $"{ratio:0.00}x its reference, under the floor {floor:0.00}x"))
                    : new(false, "ratio ok"));
        }

        return verdicts;
    }

    private static BenchmarkReport? Report(Summary summary, string method) =>
        summary.Reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method && r.ResultStatistics is not null);

    private static string Time(double ns) => ns switch
    {
        >= 1e6 => string.Create(CultureInfo.InvariantCulture, $"{ns / 1e6:0.00} ms"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{ns / 1e3:0.0} µs"),
    };

    private static string Bytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes:N0} B");

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SolStake.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? Directory.GetCurrentDirectory();
    }

    private static string Commit()
    {
        try
        {
            using var git = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git", "rev-parse --short HEAD")
            {
                RedirectStandardOutput = true, WorkingDirectory = RepositoryRoot(),
            })!;
            var commit = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return commit;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }

    private static string Machine() => string.Create(CultureInfo.InvariantCulture,
        $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");

    /// <summary>One benchmark's result in this run.</summary>
    internal sealed record Measured(string Name, double MeanNs, long AllocatedBytes, double? ReferenceMeanNs)
    {
        /// <summary>How many times faster than its reference (reference time over its own), when it has one.</summary>
        public double? Ratio => ReferenceMeanNs is { } reference && MeanNs > 0 ? reference / MeanNs : null;
    }

    /// <summary>A committed baseline: what was measured, by which commit on which machine, and the ratio's floor.</summary>
    internal sealed record Baseline(string Name, string Commit, string Machine, string Date, long AllocatedBytes, double? Ratio, double? RatioFloor)
    {
        /// <summary>How many runs the baseline was made from, and what each measured (the spread the floor sits under).</summary>
        public int Runs { get; init; } = 1;

        public IReadOnlyList<double>? Ratios { get; init; }

        public IReadOnlyList<long>? Allocations { get; init; }
    }
}
