namespace SolStake.Scoring;

/// <summary>The names states are stored and served with.</summary>
public static class ScoreStateNames
{
    /// <summary><c>ELIGIBLE</c>, <c>INELIGIBLE</c> or <c>UNRATED</c>.</summary>
    public static string Of(ScoreState state) => state switch
    {
        ScoreState.Eligible => "ELIGIBLE",
        ScoreState.Ineligible => "INELIGIBLE",
        _ => "UNRATED",
    };
}
