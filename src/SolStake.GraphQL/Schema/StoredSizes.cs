using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SolStake.Core.Storage;

namespace SolStake.GraphQL.Schema;

/// <summary>
/// How many validators and completed scoring runs are stored, for <see cref="QueryCost"/>: a list of every validator,
/// or every score a validator has, costs what is stored, not a guess. Read at start, after every write in this process,
/// and when the stored data's version changes (checked each second; the version read is one statement outside EF), so
/// requests never wait for it. Until the first read (or with no storage) the model assumes the largest sizes.
/// </summary>
internal sealed class StoredSizes(IServiceProvider services, TimeProvider time) : BackgroundService, IDataChangeListener
{
    /// <summary>What a validator's unpaged <c>trustScores</c> returns at most.</summary>
    public const int ScoresPerValidator = 100;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Sizes _sizes = new(QueryCost.ClusterRows, ScoresPerValidator);
    private long? _seenVersion;

    /// <summary>The stored validators (at least 1).</summary>
    public int Validators => Volatile.Read(ref _sizes).Validators;

    /// <summary>The completed scoring runs, up to <see cref="ScoresPerValidator"/> (at least 1).</summary>
    public int CompletedRuns => Volatile.Read(ref _sizes).CompletedRuns;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask OnDataChangedAsync(DataChange change, CancellationToken cancellationToken = default) =>
        await RefreshAsync(cancellationToken).ConfigureAwait(false);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (services.GetService<IDataVersionSource>() is not { } versions)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                if (await versions.ReadAsync(stoppingToken).ConfigureAwait(false) != _seenVersion)
                {
                    await RefreshAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The response cache reports an unreadable version; the sizes stay as last read.
            }
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var validators = services.GetService<IValidatorStore>();
        var scoring = services.GetService<IScoringStore>();
        if (validators is null || scoring is null)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // The version first: a write after it changes the version the next check sees.
            var version = services.GetService<IDataVersionSource>() is { } source ? await source.ReadAsync(cancellationToken).ConfigureAwait(false) : (long?)null;
            var count = await validators.CountValidatorsAsync(cancellationToken).ConfigureAwait(false);
            var runs = await scoring.ListRunsAsync(ScoresPerValidator, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _sizes, new Sizes(Math.Max(1, count), Math.Max(1, runs.Count(r => r.Status == "completed"))));
            _seenVersion = version;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not migrated yet, or the database is down: the queries will say so; the model keeps what it knew.
        }
        finally
        {
            _gate.Release();
        }
    }

    private sealed record Sizes(int Validators, int CompletedRuns);
}
