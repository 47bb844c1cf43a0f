using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SolStake.Core.Domain;
using SolStake.Core.Storage;

namespace SolStake.Scoring;

/// <summary>
/// Connects the pure model to the stores: loads the stored history, scores it, and stores the run. The model
/// itself (<see cref="TrustScorer"/>) does no I/O; this class only moves data in and out through the store
/// abstractions.
/// </summary>
internal sealed partial class ScoringRunner(
    IScoringStore store,
    IScoringProfiles profiles,
    IOptions<ScoringOptions> options,
    TimeProvider time,
    IEnumerable<IDataChangeListener> listeners,
    ILogger<ScoringRunner> logger) : IScoringRunner, IScoringPreview
{
    private static readonly TimeSpan UptimeWindow = TimeSpan.FromDays(30);

    public async Task<ScoringRunResult?> PreviewAsync(string? profile = null, CancellationToken cancellationToken = default)
    {
        var chosen = Profile(profile);
        using var activity = ScoringTelemetry.Source.StartActivity("scoring.preview");
        activity?.SetTag("solstake.scoring.profile", chosen.Name);
        return await LoadInputAsync(chosen, cancellationToken).ConfigureAwait(false) is { } input ? TrustScorer.Score(input, chosen) : null;
    }

    public async Task<ScoringRunSummary?> RunAsync(string? profile = null, CancellationToken cancellationToken = default)
    {
        var chosen = Profile(profile);
        using var activity = ScoringTelemetry.Source.StartActivity("scoring.run");
        activity?.SetTag("solstake.scoring.profile", chosen.Name);
        var started = time.GetTimestamp();
        if (await LoadInputAsync(chosen, cancellationToken).ConfigureAwait(false) is not { } input)
        {
            Log.NothingToScore(logger);
            return null;
        }

        var runId = await store.StartRunAsync(chosen.Name, chosen.ModelVersion, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        ScoringRunSummary summary;
        try
        {
            var result = TrustScorer.Score(input, chosen);
            var records = result.Scores.Select(ToRecord).ToList();
            await store.CompleteRunAsync(runId, records, failed: 0, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);

            summary = new ScoringRunSummary(runId, chosen.Name, records.Count,
                result.Scores.Count(s => s.State == ScoreState.Eligible),
                result.Scores.Count(s => s.State == ScoreState.Ineligible),
                result.Scores.Count(s => s.State == ScoreState.Unrated),
                time.GetElapsedTime(started));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await store.FailRunAsync(runId, ex.Message, time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        catch (OperationCanceledException)
        {
            await store.FailRunAsync(runId, "cancelled", time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        // The run is committed: what its listeners do (a cache to clear) can neither fail nor undo it.
        Log.Completed(logger, runId, chosen.Name, summary.Scored, summary.Eligible, summary.Ineligible, summary.Unrated, summary.Duration.TotalMilliseconds);
        await listeners.NotifyAsync(DataChange.Scores, logger, cancellationToken).ConfigureAwait(false);
        return summary;
    }

    private ScoringProfile Profile(string? name) => name is null ? profiles.Default : profiles.Find(name)
        ?? throw new ArgumentException($"There is no scoring profile '{name}'; known: {string.Join(", ", profiles.All.Select(p => p.Name))}.", nameof(name));

    // The one place the model's input is built from the store, for stored runs and previews alike (the denylist included).
    // The store lists the profile's window and summarises the epochs before it (the model reads nothing else of them),
    // and counts uptime only for the model that reads it.
    private async Task<ScoringInput?> LoadInputAsync(ScoringProfile profile, CancellationToken cancellationToken)
    {
        var request = new ScoringDataRequest(time.GetUtcNow())
        {
            ListedEpochs = profile.WindowEpochs,
            UptimeWindow = profile.Model == ScoringModel.Legacy ? UptimeWindow : null,
        };
        var data = await store.LoadScoringDataAsync(request, cancellationToken).ConfigureAwait(false);
        return data is null ? null : new ScoringInput
        {
            CurrentEpoch = data.CurrentEpoch,
            EpochProgress = data.EpochProgress,
            SlotsPerEpoch = data.SlotsPerEpoch,
            Validators = data.Validators,
            Denylist = options.Value.Denylist.Select(Pubkey.Parse).ToHashSet(),
        };
    }

    internal static TrustScoreRecord ToRecord(ValidatorScore score) => new()
    {
        VoteAccount = score.VoteAccount,
        Score = score.Score,
        State = ScoreStateNames.Of(score.State),
        Profile = score.Profile,
        ModelVersion = score.ModelVersion,
        Breakdown = [.. score.Breakdown.Select(static l => new ScoreLine(l.Factor, l.Points, l.MaxPoints, l.Detail)
        {
            Measure = l.HasMeasure ? new ScoreLineMeasure(l.Value, l.Reference, l.Condition) : null,
        })],
        Flags = score.FlagTexts(),
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Nothing to score yet: no observation is stored")]
        public static partial void NothingToScore(ILogger logger);

        [LoggerMessage(EventId = 7002, Level = LogLevel.Information,
            Message = "Scoring run {RunId} ({Profile}) scored {Scored} validators: {Eligible} eligible, {Ineligible} ineligible, {Unrated} unrated, in {ElapsedMs:0} ms")]
        public static partial void Completed(ILogger logger, long runId, string profile, int scored, int eligible, int ineligible, int unrated, double elapsedMs);
    }
}
