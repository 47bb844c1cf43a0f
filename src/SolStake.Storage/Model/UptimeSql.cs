namespace SolStake.Storage.Model;

/// <summary>
/// The 30-day uptime kept on each validator's row (<see cref="ValidatorEntity.UptimeSince"/>,
/// <see cref="ValidatorEntity.UptimeObservations"/>, <see cref="ValidatorEntity.UptimeVoting"/>): a sync adds the
/// observations it stores and takes out those that left the window, instead of counting the whole window again (a
/// grouped scan of 162,000 observations on a full window at the production schedule, 90 of the 137 ms of a sync's
/// writes on a year of history). Shared by the store, housekeeping and the verifier.
/// </summary>
internal static class UptimeSql
{
    /// <summary>
    /// The last slot observed (the epochs keep it), the earliest window start of a validator that still counts
    /// observations (null: none), the lower bound of <see cref="Leaving"/>'s range, and whether any validator is not
    /// counted yet (<see cref="CountNew"/>), read in one round trip.
    /// </summary>
    public const string Bounds = """
        SELECT (SELECT MAX(last_observed_slot) FROM epochs), (SELECT MIN(uptime_since) FROM validators WHERE uptime_observations > 0),
               CASE WHEN EXISTS (SELECT 1 FROM validators WHERE uptime_since IS NULL) THEN 1 ELSE 0 END
        """;

    /// <summary>
    /// Per validator, the observations from its window start up to <c>@since</c>, the new start: those that leave its
    /// window (<c>id</c>, <c>observations</c>, <c>voting</c>). One range of <c>observed_at</c> from <c>@oldest</c>, about
    /// one observation per validator for a sync after the last; <c>+</c> in the join keeps SQLite from walking each
    /// validator's (validator, slot) index over every observation it ever had. The grouped column is the plain column:
    /// as an expression (<c>+o.validator_id</c>) SQLite could not index the grouped rows for the sync's join to them and
    /// scanned them once per validator (55 ms of a sync on 60 days of history, against 3.5 on an empty one).
    /// </summary>
    public const string Leaving = """
        SELECT o.validator_id AS id, COUNT(*) AS observations, SUM(CASE WHEN o.delinquent THEN 0 ELSE 1 END) AS voting
        FROM validator_observations o JOIN validators w ON w.id = +o.validator_id
        WHERE o.observed_at >= @oldest AND o.observed_at < @since AND o.observed_at >= w.uptime_since
        GROUP BY o.validator_id
        """;

    /// <summary>
    /// The uptime from counts (<paramref name="observations"/>, <paramref name="voting"/> and <paramref name="kept"/>
    /// are SQL expressions), or the one kept when none is counted: the expression the whole window's count used, so the
    /// values are the same.
    /// </summary>
    public static string Share(string observations, string voting, string kept = "uptime") =>
        $"CASE WHEN {observations} > 0 THEN 100.0 * ({voting}) / ({observations}) ELSE {kept} END";

    /// <summary>
    /// Validators the sync's stage does not hold (gone from the cluster's vote accounts): their window moves too, taking
    /// out what left it. The staged ones have theirs moved by the validators' upsert, which rewrites their rows anyway.
    /// </summary>
    public static readonly string LeaveAbsent = $"""
        UPDATE validators SET uptime_since = @since,
            uptime_observations = uptime_observations - l.observations, uptime_voting = uptime_voting - l.voting,
            uptime = {Share("uptime_observations - l.observations", "uptime_voting - l.voting")}
        FROM ({Leaving}) l
        WHERE validators.id = l.id AND NOT EXISTS (SELECT 1 FROM stage_validators s WHERE s.vote_account = validators.vote_account)
        """;

    /// <summary>
    /// Counts the window from <c>@since</c> for the validators not counted yet: after the migration, once (a sync runs it
    /// only when <see cref="Bounds"/> finds one).
    /// </summary>
    public const string CountNew = """
        UPDATE validators SET uptime_since = @since, uptime_observations = t.observations, uptime_voting = t.voting
        FROM (SELECT v.id AS id, COUNT(o.validator_id) AS observations, COUNT(CASE WHEN o.delinquent THEN NULL ELSE o.validator_id END) AS voting
              FROM validators v LEFT JOIN validator_observations o ON o.validator_id = v.id AND o.observed_at >= @since
              WHERE v.uptime_since IS NULL
              GROUP BY v.id) t
        WHERE validators.id = t.id
        """;

    /// <summary>
    /// Takes out the observations housekeeping is about to delete (before <c>@before</c>) that are still counted (a
    /// retention shorter than the window), and shares the uptime of what is left.
    /// </summary>
    public static readonly string Prune = $"""
        UPDATE validators SET uptime_observations = uptime_observations - t.observations, uptime_voting = uptime_voting - t.voting,
            uptime = {Share("uptime_observations - t.observations", "uptime_voting - t.voting")}
        FROM (SELECT v.id AS id, COUNT(*) AS observations, SUM(CASE WHEN o.delinquent THEN 0 ELSE 1 END) AS voting
              FROM validator_observations o JOIN validators v ON v.id = o.validator_id
              WHERE o.observed_at < @before AND o.observed_at >= v.uptime_since
              GROUP BY v.id) t
        WHERE validators.id = t.id
        """;

    /// <summary>Validators whose kept counts disagree with their observations, readable (the verifier's check).</summary>
    public const string Disagreeing = """
        SELECT 'validator ' || v.vote_account || ': uptime counts kept ' || v.uptime_voting || '/' || v.uptime_observations
               || ', counted ' || COALESCE(t.voting, 0) || '/' || COALESCE(t.observations, 0)
        FROM validators v
        LEFT JOIN (SELECT o.validator_id AS id, COUNT(*) AS observations, SUM(CASE WHEN o.delinquent THEN 0 ELSE 1 END) AS voting
                   FROM validator_observations o JOIN validators w ON w.id = o.validator_id
                   WHERE o.observed_at >= w.uptime_since
                   GROUP BY o.validator_id) t ON t.id = v.id
        WHERE v.uptime_since IS NOT NULL
          AND (v.uptime_observations <> COALESCE(t.observations, 0) OR v.uptime_voting <> COALESCE(t.voting, 0))
        """;
}
