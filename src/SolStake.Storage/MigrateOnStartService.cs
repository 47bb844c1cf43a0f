using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SolStake.Core.Storage;

namespace SolStake.Storage;

/// <summary>
/// Prepares the store before the host serves anything: applies pending migrations (when
/// <see cref="StorageOptions.MigrateOnStart"/> is set) and marks scoring runs left <c>running</c> by a crash as failed.
/// </summary>
internal sealed class MigrateOnStartService(IStorageMigrator migrator, IScoringStore scoring, IOptions<StorageOptions> options, TimeProvider time) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.MigrateOnStart)
        {
            await migrator.MigrateAsync(cancellationToken).ConfigureAwait(false);
        }

        var now = time.GetUtcNow();
        await scoring.FailAbandonedRunsAsync(now - options.Value.AbandonedRunAfter, now, cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
