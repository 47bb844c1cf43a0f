namespace SolStake.Storage.Model;

/// <summary>
/// The totals kept on each validator's row (<see cref="ValidatorEntity.CreditedEpochs"/>,
/// <see cref="ValidatorEntity.FirstCreditedEpoch"/>, <see cref="ValidatorEntity.HighestCommissionBps"/>): how the
/// <c>ValidatorTotals</c> migration of both providers computes them from what is stored, and how the verifier checks them.
/// </summary>
internal static class ValidatorTotalsSql
{
    /// <summary>
    /// The write lock (<c>IStagingLoader.LockAsync</c>) of every write that adds to or takes from the totals kept on
    /// validator rows (these and the 30-day uptime's counts): each reads what is stored, then adds to it.
    /// </summary>
    public const string Lock = "solstake.validator-totals";

    /// <summary>
    /// Statements that compute the totals from the stored rows (one <c>UPDATE … FROM</c> per source, which both
    /// providers run), each ended by its semicolon: a migration script (<c>dotnet ef migrations script</c>) strings
    /// them together. Part of a migration: change it only together with a new migration.
    /// </summary>
    public static readonly string[] Backfill =
    [
        """
        UPDATE validators SET credited_epochs = t.credited, first_credited_epoch = t.first
        FROM (SELECT validator_id, COUNT(*) AS credited, MIN(epoch) AS first FROM validator_epoch_stats WHERE credits > 0 GROUP BY validator_id) t
        WHERE validators.id = t.validator_id;
        """,
        "UPDATE validators SET highest_commission_bps = commission_bps;",
        .. new[]
        {
            "SELECT validator_id, MAX(commission_bps) AS highest FROM validator_observations GROUP BY validator_id",
            "SELECT validator_id, MAX(commission_bps) AS highest FROM commission_changes GROUP BY validator_id",
            "SELECT validator_id, MAX(max_sampled_commission_bps) AS highest FROM validator_epoch_stats GROUP BY validator_id",
            "SELECT validator_id, MAX(effective_commission_bps) AS highest FROM validator_epoch_stats GROUP BY validator_id",
        }.Select(source => $"""
            UPDATE validators SET highest_commission_bps = t.highest
            FROM ({source}) t
            WHERE validators.id = t.validator_id AND t.highest > validators.highest_commission_bps;
            """),
    ];

    /// <summary>Validators whose kept credit totals disagree with their per-epoch rows, readable (the verifier's check).</summary>
    public const string Disagreeing = """
        SELECT 'validator ' || v.vote_account || ': credited epochs kept ' || v.credited_epochs || ', counted ' || COALESCE(t.credited, 0)
        FROM validators v
        LEFT JOIN (SELECT validator_id, COUNT(*) AS credited, MIN(epoch) AS first FROM validator_epoch_stats WHERE credits > 0 GROUP BY validator_id) t
          ON t.validator_id = v.id
        WHERE v.credited_epochs <> COALESCE(t.credited, 0)
           OR COALESCE(v.first_credited_epoch, -1) <> COALESCE(t.first, -1)
        """;
}
