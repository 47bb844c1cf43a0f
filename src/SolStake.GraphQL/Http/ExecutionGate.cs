using Microsoft.Extensions.Options;

namespace SolStake.GraphQL.Http;

/// <summary>
/// At most <see cref="GraphQLApiOptions.MaxConcurrentExecutions"/> queries execute at once; the others wait (within
/// their time budget). Execution is CPU-bound: past a few per core, more at once only interleaves them, so each answer
/// holds its memory longer and arrives later (measured: 16 uncached lists at once answered 24 requests/s, at most 4 at
/// once 37, on 2 cores; benchmarks/results/host-memory-2026-11-29.md).
/// </summary>
internal sealed class ExecutionGate(IOptions<GraphQLApiOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentExecutions ?? GraphQLApiOptions.DefaultConcurrentExecutions);

    public async ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Slot(_slots);
    }

    public void Dispose() => _slots.Dispose();

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
