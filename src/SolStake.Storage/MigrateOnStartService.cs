using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SolStake.Storage;

/// <summary>Applies pending migrations before the host serves anything, when <see cref="StorageOptions.MigrateOnStart"/> is set.</summary>
internal sealed class MigrateOnStartService(IStorageMigrator migrator, IOptions<StorageOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.MigrateOnStart)
        {
            await migrator.MigrateAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
