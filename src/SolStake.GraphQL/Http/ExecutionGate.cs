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

    /// <summary>Where a request's <see cref="Slot"/> is kept in the execution's user context, for resolvers that wait on something else.</summary>
    public const string UserContextKey = "solstake:slot";

    public async ValueTask<Slot> EnterAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Slot(_slots);
    }

    public void Dispose() => _slots.Dispose();

    /// <summary>
    /// A request's place among the executing queries. A resolver that waits on an outbound call (the RPC) steps out
    /// with <see cref="StepOutAsync"/>: while it waits, the place is someone else's, so a slow upstream cannot hold the
    /// capacity that cheap queries need.
    /// </summary>
    internal sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private readonly Lock _lock = new();
        private bool _held = true;

        /// <summary>Gives the place up until the returned value is disposed, which waits for one again.</summary>
        public async Task<T> StepOutAsync<T>(Func<Task<T>> wait, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(wait);
            Release();
            try
            {
                return await wait().ConfigureAwait(false);
            }
            finally
            {
                await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                lock (_lock)
                {
                    _held = true;
                }
            }
        }

        public void Dispose() => Release();

        private void Release()
        {
            lock (_lock)
            {
                if (!_held)
                {
                    return;
                }

                _held = false;
            }

            slots.Release();
        }
    }
}
