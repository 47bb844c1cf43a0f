namespace SolStake.Scoring;

/// <summary>
/// Scores the stored data without storing the run: what a run would give now, under any profile (the API's
/// <c>rankings</c>). It builds the model's input exactly as a stored run does, configured denylist included.
/// Registered by <c>AddScoring()</c>.
/// </summary>
public interface IScoringPreview
{
    /// <summary>Scores every stored validator under <paramref name="profile"/> (null: the configured default).</summary>
    /// <returns>The scores; null when nothing is stored yet.</returns>
    /// <exception cref="ArgumentException">No profile has that name.</exception>
    Task<ScoringRunResult?> PreviewAsync(string? profile = null, CancellationToken cancellationToken = default);
}
