using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SolStake.Core.Storage;

namespace SolStake.GraphQL.Caching;

/// <summary>
/// Keeps cached answers following the data, whoever writes it: every
/// <see cref="ResponseCacheOptions.DataVersionCheckInterval"/> the cache reads the storage's
/// <see cref="IDataVersionSource"/> and drops its responses when the version changed. Writes in this process drop
/// them at once (<see cref="IDataChangeListener"/>); this catches the rest (a verb in another process, another
/// instance, a manual fix). Costs one small query per interval per instance and nothing on the cached path.
/// </summary>
internal sealed class ResponseCacheFreshness(GraphQLResponseCache cache, IOptions<ResponseCacheOptions> options, TimeProvider time, IDataVersionSource? source = null)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (source is null || !options.Value.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.DataVersionCheckInterval, time);
        do
        {
            await cache.FollowDataVersionAsync(changedHere: false, stoppingToken).ConfigureAwait(false);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
