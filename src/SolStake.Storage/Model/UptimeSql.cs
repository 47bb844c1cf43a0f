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
    /// <summary>The earliest window start kept (null: none yet), the lower bound of <see cref="Leave"/>'s range.</summary>
    public const string OldestSince = "SELECT MIN(uptime_since) FROM validators";

    /// <summary>Takes out the observations from each validator's window start up to <c>@since</c>, and moves the start there.</summary>
    public static readonly string[] Leave =
    [
        """
        UPDATE validators SET uptime_observations = uptime_observations - t.observations, uptime_voting = uptime_voting - t.voting
        FROM (SELECT v.id AS id, COUNT(*) AS observations, SUM(CASE WHEN o.delinquent THEN 0 ELSE 1 END) AS voting
              FROM validator_observations o JOIN validators v ON v.id = o.validator_id
              WHERE o.observed_at >= @oldest AND o.observed_at < @since AND o.observed_at >= v.uptime_since
              GROUP BY v.id) t
        WHERE validators.id = t.id AND validators.uptime_since < @since
        """,
        "UPDATE validators SET uptime_since = @since WHERE uptime_since < @since",
    ];

    /// <summary>Counts the window from <c>@since</c> for the validators not counted yet (new ones, or after the migration).</summary>
    public const string CountNew = """
        UPDATE validators SET uptime_since = @since, uptime_observations = t.observations, uptime_voting = t.voting
        FROM (SELECT v.id AS id, COUNT(o.validator_id) AS observations, COUNT(CASE WHEN o.delinquent THEN NULL ELSE o.validator_id END) AS voting
              FROM validators v LEFT JOIN validator_observations o ON o.validator_id = v.id AND o.observed_at >= @since
              WHERE v.uptime_since IS NULL
              GROUP BY v.id) t
        WHERE validators.id = t.id
        """;

    /// <summary>
    /// Adds the observation about to be stored at <c>@slot</c> (observed at <c>@now</c>) for each staged validator that
    /// has none there yet and whose window it falls in. Runs before the insert, after the validators' upsert, which
    /// holds their rows until commit: a concurrent write of the same slot waits, then finds this one's row.
    /// </summary>
    public const string Add = """
        UPDATE validators SET uptime_observations = uptime_observations + 1,
            uptime_voting = uptime_voting + (SELECT CASE WHEN s.delinquent THEN 0 ELSE 1 END FROM stage_validators s WHERE s.vote_account = validators.vote_account)
        WHERE vote_account IN (SELECT vote_account FROM stage_validators) AND uptime_since <= @now
          AND NOT EXISTS (SELECT 1 FROM validator_observations o WHERE o.validator_id = validators.id AND o.slot = @slot)
        """;

    /// <summary>The uptime of each counted validator, where it changed (the same expression the full count used).</summary>
    public const string Share = """
        UPDATE validators SET uptime = 100.0 * uptime_voting / uptime_observations
        WHERE uptime_observations > 0 AND uptime <> 100.0 * uptime_voting / uptime_observations
        """;

    /// <summary>Takes out the observations housekeeping is about to delete (before <c>@before</c>) that are still counted.</summary>
    public const string Prune = """
        UPDATE validators SET uptime_observations = uptime_observations - t.observations, uptime_voting = uptime_voting - t.voting
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
