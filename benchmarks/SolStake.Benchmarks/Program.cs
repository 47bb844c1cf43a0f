using BenchmarkDotNet.Running;

if (args is ["load", ..])
{
    return await SolStake.Benchmarks.Load.ApiLoadRun.RunAsync(args[1..]);
}

if (args is ["memory", ..])
{
    return await SolStake.Benchmarks.Load.HostMemoryRun.RunAsync(args[1..]);
}

if (args is ["floor-host", ..])
{
    return await SolStake.Benchmarks.Load.FloorHost.RunAsync(args[1..]);
}

if (args is ["dashboard", ..])
{
    return await SolStake.Benchmarks.Load.DashboardRun.RunAsync(args[1..]);
}

if (args is ["history", ..])
{
    return await SolStake.Benchmarks.Load.HistoryRun.RunAsync(args[1..]);
}

if (args is ["hostile", ..])
{
    return await SolStake.Benchmarks.Load.HostileRun.RunAsync(args[1..]);
}

if (args is ["query-cost", ..])
{
    return await SolStake.Benchmarks.Load.QueryCostRun.RunAsync(args[1..]);
}

if (args is ["gate", ..])
{
    return SolStake.Benchmarks.Gate.BenchmarkGate.Run(args[1..]);
}

if (args is ["scores", ..])
{
    return await SolStake.Benchmarks.Scoring.ScoreComparison.RunAsync(args[1..]);
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

// A benchmark that throws or fails validation must fail the run (CI runs each once so none can rot).
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
