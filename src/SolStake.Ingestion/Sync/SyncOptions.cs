using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SolStake.Core.DependencyInjection;

namespace SolStake.Ingestion.Sync;

/// <summary>What a sync cycle collects, and how often. Bound from <c>SolStake:Sync</c>.</summary>
public sealed class SyncOptions
{
    /// <summary>The configuration section: <c>SolStake:Sync</c>.</summary>
    public static readonly string SectionName = SolStakeConfiguration.Section("Sync");

    /// <summary>How often the slow sources (gossip versions, validator info) are collected; the other sources every cycle.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan SlowSourcesInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How many completed epochs back a cycle looks for block production and rewards not fetched yet.</summary>
    [Range(1, 10)]
    public int CompletedEpochsToFill { get; set; } = 2;

    /// <summary>Addresses per <c>getInflationReward</c> call.</summary>
    [Range(1, 1000)]
    public int InflationRewardBatchSize { get; set; } = 100;

    /// <summary>Whether a cycle fetches inflation rewards (the commission applied at payout) for completed epochs.</summary>
    public bool CollectInflationRewards { get; set; } = true;

    /// <summary>
    /// Whether a cycle runs scoring after storing (default true). On, the host needs scoring (<c>AddScoring()</c>,
    /// SolStake.Scoring) and refuses to start without it; off, a cycle only collects.
    /// </summary>
    public bool ScoreAfterSync { get; set; } = true;
}

/// <summary>A host that scores after each sync has scoring registered: a forgotten <c>AddScoring()</c> fails the start, not silently every cycle.</summary>
internal sealed class ScoringRegisteredValidator(IServiceProviderIsService services, SolStakeSection<SyncOptions> section) : IValidateOptions<SyncOptions>
{
    public ValidateOptionsResult Validate(string? name, SyncOptions options) =>
        options.ScoreAfterSync && !services.IsService(typeof(Core.Storage.IScoringRunner))
            ? ValidateOptionsResult.Fail(
                $"{section.Key("ScoreAfterSync")} is on, but no scoring is registered: call AddScoring() (SolStake.Scoring), or set ScoreAfterSync to false to only collect.")
            : ValidateOptionsResult.Success;
}

[OptionsValidator]
internal sealed partial class SyncOptionsValidator : IValidateOptions<SyncOptions>;
