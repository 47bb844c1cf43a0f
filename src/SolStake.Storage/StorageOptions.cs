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

    /// <summary>The SQLite database used when nothing is configured: <c>solstake.db</c> in the working directory.</summary>
    public const string DefaultSqliteConnectionString = "Data Source=solstake.db";

    /// <summary>
    /// For PostgreSQL, a <c>postgresql://user:pass@host:port/db</c> URL or an Npgsql <c>Host=...;Database=...</c>
    /// string (required). For SQLite, a <c>Data Source=...</c> string (default <see cref="DefaultSqliteConnectionString"/>).
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Whether the host applies pending migrations when it starts (the <c>migrate</c> verb does it on demand).</summary>
    public bool MigrateOnStart { get; set; } = true;

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
}

internal sealed class PostgresStorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail($"{StorageOptions.SectionName}:ConnectionString (or DATABASE_URL) is required for PostgreSQL storage.");
        }

        try
        {
            _ = PostgresConnectionString.Normalize(options.ConnectionString);
            return ValidateOptionsResult.Success;
        }
        catch (FormatException ex)
        {
            return ValidateOptionsResult.Fail(ex.Message);
        }
    }
}
