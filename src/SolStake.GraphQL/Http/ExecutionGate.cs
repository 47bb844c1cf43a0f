using GraphQL.Execution;
using Microsoft.Extensions.Options;

namespace SolStake.GraphQL.Http;

/// <summary>
/// At most <see cref="GraphQLApiOptions.MaxConcurrentExecutions"/> costly queries execute at once; the others wait
/// (within their time budget). Execution is CPU-bound: past a few per core, more at once only interleaves them, so each
/// answer holds its memory longer and arrives later (measured: 16 uncached lists at once answered 24 requests/s, at
/// most 4 at once 37, on 2 cores; benchmarks/results/host-memory-2026-11-29.md). A query whose counted cost is under
/// <see cref="GraphQLApiOptions.CheapQueryCost"/> runs without a slot: it never waits behind costly ones (a caller
/// sending costly queries from many connections held a bystander's one-row query for 440 ms;
/// benchmarks/results/api-hostile-*.md).
/// </summary>
internal sealed class ExecutionGate(IOptions<GraphQLApiOptions> options) : IDisposable
{
    /// <summary>Where a request's <see cref="Admission"/> is kept in the execution's user context.</summary>
    public const string UserContextKey = "solstake:slot";

    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentExecutions ?? GraphQLApiOptions.DefaultConcurrentExecutions);

    /// <summary>An admission that holds a slot once it has waited for one.</summary>
    public async ValueTask<Admission> EnterAsync(CancellationToken cancellationToken)
    {
        var admission = Admit();
        await admission.EnterAsync(cancellationToken).ConfigureAwait(false);
        return admission;
    }

    /// <summary>An admission holding no slot yet: <see cref="Listener"/> takes one once the query's cost is known.</summary>
    public Admission Admit() => new(_slots);

    public void Dispose() => _slots.Dispose();

    /// <summary>
    /// A request's place among the executing queries. A resolver that waits on an outbound call (the RPC) steps out
    /// with <see cref="StepOutAsync{T}"/>: while it waits, the place is someone else's, so a slow upstream cannot hold
    /// the capacity that other queries need.
    /// </summary>
    internal sealed class Admission(SemaphoreSlim slots) : IDisposable
    {
        private readonly Lock _lock = new();
        private bool _held;

        /// <summary>Waits for a slot, unless one is held.</summary>
        public async ValueTask EnterAsync(CancellationToken cancellationToken)
        {
            lock (_lock)
            {
                if (_held)
                {
                    return;
                }
            }

            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            lock (_lock)
            {
                _held = true;
            }
        }

        /// <summary>Gives a held slot up while <paramref name="wait"/> runs, and waits for one again after.</summary>
        public async Task<T> StepOutAsync<T>(Func<Task<T>> wait, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(wait);
            if (!Release())
            {
                return await wait().ConfigureAwait(false);
            }

            try
            {
                return await wait().ConfigureAwait(false);
            }
            finally
            {
                await EnterAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        public void Dispose() => Release();

        private bool Release()
        {
            lock (_lock)
            {
                if (!_held)
                {
                    return false;
                }

                _held = false;
            }

            slots.Release();
            return true;
        }
    }

    /// <summary>
    /// Takes the request's slot after validation, once the cost is counted (<see cref="Schema.QueryCost"/>): a query
    /// that costs at least <see cref="GraphQLApiOptions.CheapQueryCost"/> (or whose cost is unknown) waits for one.
    /// </summary>
    internal sealed class Listener(int cheapQueryCost) : DocumentExecutionListenerBase
    {
        public override async Task BeforeExecutionAsync(IExecutionContext context)
        {
            if (context.UserContext.TryGetValue(UserContextKey, out var value) && value is Admission admission
                && !(context.UserContext.TryGetValue(Schema.QueryCost.UserContextKey, out var cost) && cost is double counted && counted < cheapQueryCost))
            {
                await admission.EnterAsync(context.CancellationToken).ConfigureAwait(false);
            }
        }
    }
}
