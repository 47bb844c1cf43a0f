using Microsoft.Extensions.Options;
using SolStake.Core.DependencyInjection;

namespace SolStake.Storage;

/// <summary>
/// Where SolStake keeps its data. Bound from <c>SolStake:Storage</c>; <c>DATABASE_URL</c> sets
/// <see cref="ConnectionString"/>.
/// </summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section: <c>SolStake:Storage</c>.</summary>
    public static readonly string SectionName = SolStakeConfiguration.Section("Storage");

    /// <summary>
    /// For PostgreSQL, a <c>postgresql://user:pass@host:port/db</c> URL or an Npgsql <c>Host=...;Database=...</c>
    /// string (required). For SQLite, a <c>Data Source=...</c> string (default <c>Data Source=solstake.db</c>).
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Whether pending migrations are applied when the host starts. Off by default: a library does not change a
    /// database schema unless the host asks. Otherwise apply them with <see cref="IStorageMigrator"/> (from a
    /// deployment step, for example); until then every store operation fails with a message saying so.
    /// </summary>
    public bool MigrateOnStart { get; set; }

    /// <summary>
    /// A scoring run still <c>running</c> this long after it started was left by a crash (a run takes seconds): the host
    /// marks it failed when it starts. Long enough not to touch a run another instance is doing right now.
    /// </summary>
    public TimeSpan AbandonedRunAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Observations older than this are pruned by housekeeping (per-epoch stats, scores and runs are kept).</summary>
    public TimeSpan ObservationRetention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Audit entries older than this are pruned by housekeeping.</summary>
    public TimeSpan AuditLogRetention { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Successful job executions older than this are pruned from the job history by housekeeping.</summary>
    public TimeSpan CompletedJobRunRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Failed and abandoned job executions older than this are pruned from the job history by housekeeping.</summary>
    public TimeSpan FailedJobRunRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>When set, scoring runs (and their scores) older than this are pruned; by default they are kept.</summary>
    public TimeSpan? ScoringRunRetention { get; set; }

    /// <summary>
    /// Scoring runs younger than this keep every score (a run every few hours); beyond it housekeeping keeps one run per
    /// epoch and profile, the epoch's last completed one, and deletes the others with their scores, so that a validator's
    /// per-epoch record stays complete while the history stops growing by a run per cycle. Null keeps every run.
    /// Default: 30 days (at a run every 6 hours, 120 runs: more than <c>scoreHistory</c>'s 100).
    /// </summary>
    public TimeSpan? ScoreHistoryFullResolution { get; set; } = TimeSpan.FromDays(30);
}

internal sealed class StorageOptionsValidator(SolStakeSection<StorageOptions> section) : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var errors = new List<string>();
        NotNegative(errors, nameof(options.AbandonedRunAfter), options.AbandonedRunAfter);
        NotNegative(errors, nameof(options.ObservationRetention), options.ObservationRetention);
        NotNegative(errors, nameof(options.AuditLogRetention), options.AuditLogRetention);
        NotNegative(errors, nameof(options.CompletedJobRunRetention), options.CompletedJobRunRetention);
        NotNegative(errors, nameof(options.FailedJobRunRetention), options.FailedJobRunRetention);
        if (options.ScoringRunRetention is { } runs)
        {
            NotNegative(errors, nameof(options.ScoringRunRetention), runs);
        }

        if (options.ScoreHistoryFullResolution is { } full)
        {
            NotNegative(errors, nameof(options.ScoreHistoryFullResolution), full);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private void NotNegative(List<string> errors, string setting, TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            errors.Add($"{section.Key(setting)} must not be negative; it is {value}.");
        }
    }
}
