using SolStake.Core.Storage;
using SolStake.Ingestion.Sync;
using SolStake.Testing;

namespace SolStake.Host.Tests;

/// <summary>A data-change listener that fails after a change committed: logged, and nothing else changes.</summary>
public class ListenerFailureTests
{
    [Test]
    public async Task FailingListener_AfterACommittedRun_LeavesTheRunCompleted_AndTheOtherListenersAreStillTold()
    {
        var failing = new FailingListener();
        await using var h = await PipelineHarness.StartAsync("Sqlite", firstListener: failing);
        h.Rpc.ServeVoteAccountsWithEpochInfo();

        var report = await h.Get<IValidatorSync>().RunOnceAsync();
        var runs = await h.Get<IScoringStore>().ListRunsAsync(10);

        Assert.Multiple(() =>
        {
            Assert.That(failing.Calls, Is.EqualTo(2), "told of the validators and of the scores, and failed both times");
            Assert.That(h.Changes.Changes, Is.EqualTo(new[] { DataChange.Validators, DataChange.Scores }), "the listener after it was told each time");
            Assert.That(report.ScoringRunId, Is.Not.Null, "the sync scored");
            Assert.That(runs.Select(r => r.Status), Is.EqualTo(new[] { "completed" }), "the committed run stays completed, not failed");
        });
    }

    private sealed class FailingListener : IDataChangeListener
    {
        private int _calls;

        public int Calls => _calls;

        public ValueTask OnDataChangedAsync(DataChange change, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            throw new InvalidOperationException("the listener broke");
        }
    }
}
