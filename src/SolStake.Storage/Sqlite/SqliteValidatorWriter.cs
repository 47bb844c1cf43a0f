using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SolStake.Storage.Model;

namespace SolStake.Storage.Sqlite;

/// <summary>
/// Multi-row <c>INSERT ... ON CONFLICT</c> statements inside the caller's transaction. SQLite runs in process, so
/// a statement costs no round trip; chunks keep each statement under SQLite's parameter limit.
/// </summary>
internal sealed class SqliteValidatorWriter : IValidatorWriter
{
    private const int ColumnsPerRow = 8;
    private const int RowsPerStatement = 500;
    private static readonly DateTimeOffsetToBinaryConverter TimestampConverter = new();

    public async Task UpsertAsync(DbConnection connection, DbTransaction transaction, ValidatorRows rows, DateTimeOffset observedAt, CancellationToken cancellationToken)
    {
        // The same encoding EF uses for DateTimeOffset columns on SQLite (see SqliteDbContext).
        var now = TimestampConverter.ConvertToProvider(observedAt.ToUniversalTime())!;
        for (var start = 0; start < rows.Count; start += RowsPerStatement)
        {
            var count = Math.Min(RowsPerStatement, rows.Count - start);
            var command = new SqliteCommand(BuildSql(count), (SqliteConnection)connection, (SqliteTransaction)transaction);
            await using var _ = command.ConfigureAwait(false);
            command.Parameters.AddWithValue("$now", now);
            for (var r = 0; r < count; r++)
            {
                var i = start + r;
                var p = command.Parameters;
                p.AddWithValue($"$p{(r * ColumnsPerRow) + 0}", rows.VoteAccount[i]);
                p.AddWithValue($"$p{(r * ColumnsPerRow) + 1}", rows.Identity[i]);
                p.AddWithValue($"$p{(r * ColumnsPerRow) + 2}", rows.CommissionBps[i]);
                p.AddWithValue($"$p{(r * ColumnsPerRow) + 3}", rows.ActivatedStake[i]);
                p.AddWithValue($"$p{(r * ColumnsPerRow) + 4}", rows.Delinquent[i]);
                p.AddWithValue($"$p{(r * ColumnsPerRow) + 5}", rows.EpochVoteAccount[i]);
                p.AddWithValue($"$p{(r * ColumnsPerRow) + 6}", rows.LastVote[i]);
                p.AddWithValue($"$p{(r * ColumnsPerRow) + 7}", rows.RootSlot[i]);
            }

            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static string BuildSql(int rowCount)
    {
        var sql = new StringBuilder(256 + (rowCount * 64));
        sql.Append("INSERT INTO validators (vote_account, identity, commission_bps, activated_stake, delinquent, epoch_vote_account, last_vote, root_slot, created_at, updated_at) VALUES ");
        for (var r = 0; r < rowCount; r++)
        {
            if (r > 0)
            {
                sql.Append(',');
            }

            sql.Append('(');
            for (var c = 0; c < ColumnsPerRow; c++)
            {
                sql.Append("$p").Append((r * ColumnsPerRow) + c).Append(',');
            }

            sql.Append("$now,$now)");
        }

        sql.Append("""
             ON CONFLICT (vote_account) DO UPDATE SET
                identity = excluded.identity,
                commission_bps = excluded.commission_bps,
                activated_stake = excluded.activated_stake,
                delinquent = excluded.delinquent,
                epoch_vote_account = excluded.epoch_vote_account,
                last_vote = excluded.last_vote,
                root_slot = excluded.root_slot,
                updated_at = excluded.updated_at
            """);
        return sql.ToString();
    }
}
