namespace SolStake.Core.Storage;

/// <summary>Runs a scoring run over the stored data and stores its scores (registered by the scoring package).</summary>
public interface IScoringRunner
{
    /// <summary>Scores every stored validator under <paramref name="profile"/> (null: the configured default).</summary>
    /// <returns>What the run did; null when there is nothing to score yet.</returns>
    /// <exception cref="StorageException">The store failed; the run is marked failed.</exception>
    Task<ScoringRunSummary?> RunAsync(string? profile = null, CancellationToken cancellationToken = default);
}

/// <summary>What a scoring run did.</summary>
/// <param name="RunId">The stored run.</param>
/// <param name="Profile">The profile used.</param>
/// <param name="Scored">Validators scored.</param>
/// <param name="Eligible">Of those, eligible.</param>
/// <param name="Ineligible">Of those, ineligible.</param>
/// <param name="Unrated">Of those, unrated.</param>
/// <param name="Duration">How long the run took.</param>
public sealed record ScoringRunSummary(long RunId, string Profile, int Scored, int Eligible, int Ineligible, int Unrated, TimeSpan Duration);
