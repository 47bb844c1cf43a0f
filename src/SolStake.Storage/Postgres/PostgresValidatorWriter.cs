using System.Data.Common;
using Npgsql;
using NpgsqlTypes;
using SolStake.Storage.Model;

namespace SolStake.Storage.Postgres;

/// <summary>One statement for the whole set: the columns travel as arrays and <c>unnest</c> turns them into rows.</summary>
internal sealed class PostgresValidatorWriter : IValidatorWriter
{
    private const string Sql = """
        INSERT INTO validators (vote_account, identity, commission_bps, activated_stake, delinquent, epoch_vote_account, last_vote, root_slot, created_at, updated_at)
        SELECT v.vote_account, v.identity, v.commission_bps, v.activated_stake, v.delinquent, v.epoch_vote_account, v.last_vote, v.root_slot, @now, @now
        FROM unnest(@vote_account, @identity, @commission_bps, @activated_stake, @delinquent, @epoch_vote_account, @last_vote, @root_slot)
            AS v(vote_account, identity, commission_bps, activated_stake, delinquent, epoch_vote_account, last_vote, root_slot)
        ON CONFLICT (vote_account) DO UPDATE SET
            identity = excluded.identity,
            commission_bps = excluded.commission_bps,
            activated_stake = excluded.activated_stake,
            delinquent = excluded.delinquent,
            epoch_vote_account = excluded.epoch_vote_account,
            last_vote = excluded.last_vote,
            root_slot = excluded.root_slot,
            updated_at = excluded.updated_at
        """;

    public async Task UpsertAsync(DbConnection connection, DbTransaction transaction, ValidatorRows rows, DateTimeOffset observedAt, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(Sql, (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        await using var _ = command.ConfigureAwait(false);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", NpgsqlDbType.TimestampTz) { TypedValue = observedAt.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter<string[]>("vote_account", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { TypedValue = rows.VoteAccount });
        command.Parameters.Add(new NpgsqlParameter<string[]>("identity", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { TypedValue = rows.Identity });
        command.Parameters.Add(new NpgsqlParameter<int[]>("commission_bps", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = rows.CommissionBps });
        command.Parameters.Add(new NpgsqlParameter<long[]>("activated_stake", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = rows.ActivatedStake });
        command.Parameters.Add(new NpgsqlParameter<bool[]>("delinquent", NpgsqlDbType.Array | NpgsqlDbType.Boolean) { TypedValue = rows.Delinquent });
        command.Parameters.Add(new NpgsqlParameter<bool[]>("epoch_vote_account", NpgsqlDbType.Array | NpgsqlDbType.Boolean) { TypedValue = rows.EpochVoteAccount });
        command.Parameters.Add(new NpgsqlParameter<long[]>("last_vote", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = rows.LastVote });
        command.Parameters.Add(new NpgsqlParameter<long[]>("root_slot", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = rows.RootSlot });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
