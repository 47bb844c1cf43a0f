using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SolStake.Core.Storage;
using SolStake.GraphQL.Schema;

namespace SolStake.GraphQL.Caching;

/// <summary>
/// Keeps what the API derives from the stored data following it, whoever writes it: every
/// <see cref="ResponseCacheOptions.DataVersionCheckInterval"/> it reads the storage's <see cref="IDataVersionSource"/>
/// once, and when the version changed the response cache drops its answers and the cost model re-reads its
/// <see cref="StoredSizes"/>. Writes in this process reach both at once (<see cref="IDataChangeListener"/>); this
/// catches the rest (a verb in another process, another instance, a manual fix). One small query per interval per
/// instance, nothing on the request path.
/// </summary>
internal sealed class DataVersionWatcher(GraphQLResponseCache cache, StoredSizes sizes, IOptions<ResponseCacheOptions> options, TimeProvider time, IDataVersionSource? source = null)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (source is null)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.DataVersionCheckInterval, time);
        // The first read only sets the version seen; the sizes are read again after it, so that nothing committed
        // between their first read at start and this one is missed.
        var first = true;
        do
        {
            if (await cache.FollowDataVersionAsync(changedHere: false, stoppingToken).ConfigureAwait(false) || first)
            {
                await sizes.RefreshAsync(stoppingToken).ConfigureAwait(false);
            }

            first = false;
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
