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
        var expected = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7)).ToArray();
        using var stream = new PooledBufferStream();
        for (var offset = 0; offset < expected.Length; offset += 3_001)
        {
            var count = Math.Min(3_001, expected.Length - offset);
            if (offset % 2 == 0)
            {
                stream.Write(expected, offset, count);
            }
            else
            {
                await stream.WriteAsync(expected.AsMemory(offset, count));
            }
        }

        Assert.That(stream.Written.ToArray(), Is.EqualTo(expected));
        Assert.That(stream.Length, Is.EqualTo(expected.Length));
    }
}
