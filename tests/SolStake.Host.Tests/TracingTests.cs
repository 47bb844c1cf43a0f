using System.Collections.Concurrent;
using System.Diagnostics;
using SolStake.Core;
using SolStake.Core.Storage;
using SolStake.Ingestion.Sync;
using SolStake.Testing;

namespace SolStake.Host.Tests;

/// <summary>One trace per sync cycle: the cycle's span is the parent of its RPC calls, database writes and scoring run.</summary>
[TestFixture("Sqlite")]
[TestFixture("Postgres")]
public sealed class TracingTests(string provider)
{
    [Test]
    public async Task A_sync_cycle_traces_its_rpc_calls_database_operations_and_scoring_under_one_span()
    {
        var activities = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("SolStake.", StringComparison.Ordinal),
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Add,
        };
        ActivitySource.AddActivityListener(listener);
        await using var h = await PipelineHarness.StartAsync(provider);
        h.Rpc.ServeVoteAccountsWithEpochInfo();

        var report = await h.Get<IValidatorSync>().RunOnceAsync();

        var cycle = activities.Single(a => a.OperationName == "sync.cycle" && (Guid)a.GetTagItem("solstake.sync.cycle_id")! == report.CycleId);
        var inTrace = activities.Where(a => a.TraceId == cycle.TraceId && a != cycle).ToList();
        var children = inTrace.Where(a => a.ParentSpanId == cycle.SpanId).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(cycle.Source.Name, Is.EqualTo(SolStakeTelemetry.Ingestion));
            Assert.That(children.Where(a => a.Source.Name == SolStakeTelemetry.Ingestion).Select(a => a.OperationName),
                Does.Contain("rpc batch(getEpochInfo, getVoteAccounts)"));
            Assert.That(children.Single(a => a.OperationName.StartsWith("rpc batch", StringComparison.Ordinal)).Kind, Is.EqualTo(ActivityKind.Client));
            Assert.That(children.Where(a => a.Source.Name == SolStakeTelemetry.Storage), Is.Not.Empty, "database operations under the cycle");
            var scoring = children.Single(a => a.Source.Name == SolStakeTelemetry.Scoring);
            Assert.That(scoring.OperationName, Is.EqualTo("scoring.run"));
            Assert.That(inTrace.Where(a => a.ParentSpanId == scoring.SpanId && a.Source.Name == SolStakeTelemetry.Storage), Is.Not.Empty, "the run's reads and writes under the run");
            Assert.That(inTrace.Select(a => a.GetTagItem("db.system.name")).OfType<string>().Distinct(),
                Is.EqualTo(new[] { provider == "Postgres" ? "postgresql" : "sqlite" }));
        });
    }
}
