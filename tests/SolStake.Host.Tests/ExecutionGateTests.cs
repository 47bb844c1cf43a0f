using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SolStake.GraphQL;
using SolStake.GraphQL.Http;

namespace SolStake.Host.Tests;

/// <summary>The pieces that keep an uncached request's memory bounded: the execution gate and the pooled answer buffer.</summary>
public class ExecutionGateTests
{
    [Test]
    public async Task Past_the_limit_an_execution_waits_for_a_slot_and_gives_up_with_its_budget()
    {
        using var gate = new ExecutionGate(Options.Create(new GraphQLApiOptions { MaxConcurrentExecutions = 1 }));

        var first = await gate.EnterAsync(CancellationToken.None);
        var second = gate.EnterAsync(CancellationToken.None).AsTask();
        var waitedWhileHeld = second.IsCompleted;
        using var budget = new CancellationTokenSource();
        var third = gate.EnterAsync(budget.Token).AsTask();
        await budget.CancelAsync();
        first.Dispose();
        first.Dispose(); // twice is harmless: one slot back
        using var secondSlot = await second;

        Assert.Multiple(() =>
        {
            Assert.That(waitedWhileHeld, Is.False, "the second waits while the first runs");
            Assert.That(async () => await third, Throws.InstanceOf<OperationCanceledException>(), "a wait past the budget is cancelled");
            Assert.That(second.IsCompletedSuccessfully, Is.True, "the slot passed on when the first finished");
        });
    }

    [Test]
    public void The_default_is_twice_the_processors() =>
        Assert.That(GraphQLApiOptions.DefaultConcurrentExecutions, Is.EqualTo(2 * Environment.ProcessorCount));

    [Test]
    public async Task The_pooled_buffer_holds_exactly_what_was_written_across_growth()
    {
        // Across chunk boundaries (64 KiB) in writes of odd sizes, and one write larger than a chunk.
        var expected = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray();
        using var stream = new PooledBufferStream();
        var (offset, write) = (0, 0);
        while (offset < expected.Length)
        {
            var count = Math.Min(write == 20 ? 100_000 : 3_001, expected.Length - offset);
            if (write++ % 2 == 0)
            {
                stream.Write(expected, offset, count);
            }
            else
            {
                await stream.WriteAsync(expected.AsMemory(offset, count));
            }

            offset += count;
        }

        using var copied = new MemoryStream();
        await stream.CopyToAsync(copied);

        Assert.That(stream.ToArray(), Is.EqualTo(expected));
        Assert.That(copied.ToArray(), Is.EqualTo(expected));
        Assert.That(stream.Length, Is.EqualTo(expected.Length));
    }

    [Test]
    public async Task While_every_slot_is_held_a_cheap_query_runs_and_a_costly_one_waits_within_its_budget()
    {
        await using var api = await ApiHarness.StartAsync("Sqlite", configure: c =>
        {
            c["SolStake:GraphQL:MaxConcurrentExecutions"] = "1";
            c["SolStake:GraphQL:ExecutionTimeout"] = "00:00:01";
        });
        using var held = await api.Services.GetRequiredService<ExecutionGate>().EnterAsync(CancellationToken.None);

        var (cheapStatus, cheap) = await api.QueryAsync("{ validators(limit: 1) { voteAccount } }");
        var (costlyStatus, costly) = await api.QueryAsync("{ validators(limit: 500) { voteAccount name commission } }");

        Assert.Multiple(() =>
        {
            Assert.That(cheapStatus, Is.EqualTo(200), cheap.ToString());
            Assert.That(costlyStatus, Is.EqualTo(503), costly.ToString());
            Assert.That(costly.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString(), Is.EqualTo("TIMEOUT"));
        });
    }
}
