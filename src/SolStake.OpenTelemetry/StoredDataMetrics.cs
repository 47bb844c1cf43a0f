using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SolStake.Core;
using SolStake.Core.Storage;

namespace SolStake.OpenTelemetry;

/// <summary>
/// Gauges of the data itself: validators by state, scores by state and band, the last successful sync. The counts
/// are refreshed in the background every <see cref="RefreshInterval"/> and after a sync or scoring run here, so a
/// scrape reads memory and never waits on the database.
/// </summary>
internal sealed partial class StoredDataMetrics : BackgroundService, IDataChangeListener
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _changed = new(0, 1);
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<StoredDataMetrics> _logger;

    public StoredDataMetrics(IMeterFactory meters, IServiceScopeFactory scopes, ILogger<StoredDataMetrics> logger)
    {
        _scopes = scopes;
        _logger = logger;
        var meter = meters.Create(SolStakeTelemetry.Api);
        var data = this;
        meter.CreateObservableGauge("solstake.validators", () => data.Current.ValidatorsByState.Select(s => new Measurement<long>(s.Value, new KeyValuePair<string, object?>("state", s.Key))),
            "{validator}", "Stored validators by state at the latest observation (current, delinquent).");
        meter.CreateObservableGauge("solstake.scores", () => data.Current.ScoresByBand.Select(s => new Measurement<long>(s.Value,
                new KeyValuePair<string, object?>("state", s.Key.State), new KeyValuePair<string, object?>("band", s.Key.Band))),
            "{validator}", "Trust scores of the latest completed run by state and 10-point band (0-10 ... 90-100): the score distribution.");
        meter.CreateObservableGauge("solstake.sync.last_success", () => data.Current.LastSync is { } last
                ? [new Measurement<double>(last.ToUnixTimeMilliseconds() / 1000.0)]
                : Array.Empty<Measurement<double>>(),
            "s", "When the latest observation was stored (Unix time): the last successful sync.");
    }

    public Counts Current { get; private set; } = Counts.Empty;

    public ValueTask OnDataChangedAsync(DataChange change, CancellationToken cancellationToken = default)
    {
        if (change is DataChange.Validators or DataChange.Scores && _changed.CurrentCount == 0)
        {
            try
            {
                _changed.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled.
            }
        }

        return ValueTask.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await RefreshAsync(stoppingToken).ConfigureAwait(false);
            try
            {
                await _changed.WaitAsync(RefreshInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            var scope = _scopes.CreateAsyncScope();
            await using var _ = scope.ConfigureAwait(false);
            var validators = await scope.ServiceProvider.GetRequiredService<IValidatorStore>().ListValidatorsAsync(cancellationToken).ConfigureAwait(false);
            var scores = await scope.ServiceProvider.GetRequiredService<IScoringStore>().LatestScoresAsync(cancellationToken).ConfigureAwait(false);
            Current = new Counts(
                new Dictionary<string, long>
                {
                    ["current"] = validators.Count(v => !v.Delinquent),
                    ["delinquent"] = validators.Count(v => v.Delinquent),
                },
                scores.GroupBy(s => (s.State, Band(s.Score))).ToDictionary(g => g.Key, g => (long)g.Count()),
                validators.Count > 0 ? validators.Max(v => v.UpdatedAt) : null);
        }
        catch (StorageException ex)
        {
            // Keep the last counts; the readiness check reports the database.
            Log.RefreshFailed(_logger, ex);
        }
    }

    private static string Band(decimal score)
    {
        var low = Math.Min(90, (int)Math.Floor(score / 10) * 10);
        return $"{low}-{low + 10}";
    }

    public sealed record Counts(IReadOnlyDictionary<string, long> ValidatorsByState, IReadOnlyDictionary<(string State, string Band), long> ScoresByBand, DateTimeOffset? LastSync)
    {
        public static readonly Counts Empty = new(new Dictionary<string, long>(), new Dictionary<(string, string), long>(), null);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8001, Level = LogLevel.Warning, Message = "The metrics' data counts could not be refreshed")]
        public static partial void RefreshFailed(ILogger logger, Exception exception);
    }
}
