using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SolStake.Core.Storage;

namespace SolStake.GraphQL.Schema;

/// <summary>
/// How many validators, completed scoring runs and wallets are stored (and the most stake accounts a wallet has), for <see cref="QueryCost"/>: a list of every validator,
/// or every score a validator has, costs what is stored, not a guess. Read at start, after every write in this process,
/// and when the stored data's version changes (<see cref="Caching.DataVersionWatcher"/>), so requests never wait for
/// it. Until the first read (or with no storage) the model assumes the largest sizes.
/// </summary>
internal sealed class StoredSizes(IServiceProvider services) : IHostedService, IDataChangeListener
{
    /// <summary>What a validator's unpaged <c>trustScores</c> returns at most.</summary>
    public const int ScoresPerValidator = 100;

    /// <summary>What <c>scoreHistory(last:)</c> returns at most: a month of runs every 6 hours.</summary>
    public const int ScoreHistoryDepth = 120;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Sizes _sizes = new(QueryCost.ClusterRows, ScoreHistoryDepth, QueryCost.ClusterRows, int.MaxValue);

    /// <summary>The stored validators (at least 1).</summary>
    public int Validators => Volatile.Read(ref _sizes).Validators;

    /// <summary>The completed scoring runs, up to <see cref="ScoreHistoryDepth"/> (at least 1).</summary>
    public int CompletedRuns => Volatile.Read(ref _sizes).CompletedRuns;

    /// <summary>The registered wallets (at least 1).</summary>
    public int Wallets => Volatile.Read(ref _sizes).Wallets;

    /// <summary>The stake accounts of the wallet that has the most (at least 1).</summary>
    public int MostStakeAccounts => Volatile.Read(ref _sizes).MostStakeAccounts;

    public Task StartAsync(CancellationToken cancellationToken) => RefreshAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask OnDataChangedAsync(DataChange change, CancellationToken cancellationToken = default) =>
        await RefreshAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Reads both sizes again; a failed read keeps what was known.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var validators = services.GetService<IValidatorStore>();
        var scoring = services.GetService<IScoringStore>();
        var wallets = services.GetService<IWalletStore>();
        if (validators is null || scoring is null || wallets is null)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var count = await validators.CountValidatorsAsync(cancellationToken).ConfigureAwait(false);
            var runs = await scoring.ListRunsAsync(ScoreHistoryDepth, cancellationToken).ConfigureAwait(false);
            var held = await wallets.MeasureAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _sizes, new Sizes(Math.Max(1, count), Math.Max(1, runs.Count(r => r.Status == ScoringRunStatus.Completed)),
                Math.Max(1, held.Wallets), Math.Max(1, held.MostStakeAccounts)));
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

    private sealed record Sizes(int Validators, int CompletedRuns, int Wallets, int MostStakeAccounts);
}
