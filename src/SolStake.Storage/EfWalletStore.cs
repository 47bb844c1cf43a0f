using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using SolStake.Core.Domain;
using SolStake.Core.Storage;
using SolStake.Storage.Bulk;
using SolStake.Storage.Model;

namespace SolStake.Storage;

internal sealed class EfWalletStore<TContext>(Database<TContext> database, IStagingLoader staging) : IWalletStore
    where TContext : SolStakeDbContext
{
    public async Task<WalletRegistration?> RegisterForAsync(Pubkey wallet, string registeredBy, int maxPerCaller, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(registeredBy);
        var by = registeredBy.Length > SolStakeDbContext.UserIdMaxLength ? registeredBy[..SolStakeDbContext.UserIdMaxLength] : registeredBy;
        return await database.RunAsync("registering a wallet", async (context, ct) =>
        {
            var connection = context.Database.GetDbConnection();
            // The count and the insert are one statement; two registrations by one caller at the same instant can both
            // pass the count, which leaves the cap a bound off by the caller's concurrency (its rate limits that).
            var created = await Sql.ExecuteAsync(connection, null, """
                INSERT INTO users (wallet_pubkey, registered_by, created_at, updated_at)
                SELECT @wallet, @by, @now, @now WHERE (SELECT count(*) FROM users WHERE registered_by = @by) < @max
                ON CONFLICT (wallet_pubkey) DO NOTHING
                """, ct, ("wallet", wallet.ToString()), ("by", by), ("now", staging.Timestamp(at)), ("max", maxPerCaller)).ConfigureAwait(false);
            var key = wallet.ToString();
            var id = await context.Users.Where(u => u.WalletPubkey == key).Select(u => (long?)u.Id).SingleOrDefaultAsync(ct).ConfigureAwait(false);
            return id is { } userId ? new WalletRegistration(userId, created == 1) : null;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task UnregisterAsync(Pubkey wallet, CancellationToken cancellationToken = default) =>
        await database.RunAsync("removing a wallet", async (context, ct) =>
        {
            var transaction = await context.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var connection = context.Database.GetDbConnection();
                var tx = transaction.GetDbTransaction();
                var key = wallet.ToString();
                await Sql.ExecuteAsync(connection, tx, "DELETE FROM stake_accounts WHERE user_id IN (SELECT id FROM users WHERE wallet_pubkey = @wallet)", ct,
                    ("wallet", key)).ConfigureAwait(false);
                await Sql.ExecuteAsync(connection, tx, "DELETE FROM users WHERE wallet_pubkey = @wallet", ct, ("wallet", key)).ConfigureAwait(false);
                await transaction.CommitAsync(ct).ConfigureAwait(false);
                return true;
            }
        }, cancellationToken).ConfigureAwait(false);

    public async Task<WalletSizes> MeasureAsync(CancellationToken cancellationToken = default) =>
        await database.RunAsync("measuring wallets", async (context, ct) =>
        {
            var wallets = await context.Users.CountAsync(ct).ConfigureAwait(false);
            var most = await context.StakeAccounts.GroupBy(s => s.UserId).Select(g => g.Count()).OrderByDescending(c => c).FirstOrDefaultAsync(ct).ConfigureAwait(false);
            return new WalletSizes(wallets, most);
        }, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<Pubkey>> ListAsync(CancellationToken cancellationToken = default) =>
        await database.RunAsync("listing wallets", async (context, ct) =>
        {
            var wallets = await context.Users.AsNoTracking().OrderBy(u => u.Id).Select(u => u.WalletPubkey).ToListAsync(ct).ConfigureAwait(false);
            return (IReadOnlyList<Pubkey>)wallets.ConvertAll(Pubkey.Parse);
        }, cancellationToken).ConfigureAwait(false);

    public async Task<int> ReplaceStakeAccountsAsync(Pubkey wallet, IReadOnlyCollection<StakeAccount> accounts, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        var table = new StagingTable("stage_stakes",
            new("pubkey", ColumnType.Text), new("voter", ColumnType.Text), new("staked_amount", ColumnType.Int64), new("lamports", ColumnType.Int64),
            new("state", ColumnType.Text), new("activation_epoch", ColumnType.Int64), new("deactivation_epoch", ColumnType.Int64),
            new("staker", ColumnType.Text), new("withdrawer", ColumnType.Text), new("rent_exempt_reserve", ColumnType.Int64));
        foreach (var a in accounts.DistinctBy(a => a.Pubkey))
        {
            table.Add(a.Pubkey.ToString(), a.Voter?.ToString(), Sql.Int64(a.DelegatedStake ?? 0, "stake"), Sql.Int64(a.Lamports, "lamports"),
                a.State.ToString(), a.ActivationEpoch is { } act ? Sql.Int64(act, "activationEpoch") : null,
                a.DeactivationEpoch is { } deact ? Sql.Int64(deact, "deactivationEpoch") : null,
                a.Staker?.ToString(), a.Withdrawer?.ToString(), Sql.Int64(a.RentExemptReserve, "rentExemptReserve"));
        }

        return await database.RunAsync("storing stake accounts", async (context, ct) =>
        {
            var transaction = await context.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var connection = context.Database.GetDbConnection();
                var tx = transaction.GetDbTransaction();
                var key = wallet.ToString();
                var user = await Sql.ScalarAsync(connection, tx, "SELECT id FROM users WHERE wallet_pubkey = @wallet", ct, ("wallet", key)).ConfigureAwait(false)
                    ?? throw new StorageException($"Wallet {wallet} is not registered.", isTransient: false);
                var now = staging.Timestamp(at);
                await staging.LoadAsync(connection, tx, table, ct).ConfigureAwait(false);
                await Sql.ExecuteAsync(connection, tx, """
                    DELETE FROM stake_accounts WHERE user_id = @user AND pubkey NOT IN (SELECT pubkey FROM stage_stakes)
                    """, ct, ("user", user)).ConfigureAwait(false);
                var written = await Sql.ExecuteAsync(connection, tx, """
                    INSERT INTO stake_accounts (pubkey, user_id, validator_id, voter, staked_amount, lamports, state, activation_epoch, deactivation_epoch,
                                                staker, withdrawer, rent_exempt_reserve, created_at, updated_at)
                    SELECT s.pubkey, @user, (SELECT v.id FROM validators v WHERE v.vote_account = s.voter), s.voter, s.staked_amount, s.lamports, s.state,
                           s.activation_epoch, s.deactivation_epoch, s.staker, s.withdrawer, s.rent_exempt_reserve, @now, @now
                    FROM stage_stakes s WHERE true
                    ON CONFLICT (pubkey) DO UPDATE SET
                        user_id = excluded.user_id, validator_id = excluded.validator_id, voter = excluded.voter, staked_amount = excluded.staked_amount,
                        lamports = excluded.lamports, state = excluded.state, activation_epoch = excluded.activation_epoch,
                        deactivation_epoch = excluded.deactivation_epoch, staker = excluded.staker, withdrawer = excluded.withdrawer,
                        rent_exempt_reserve = excluded.rent_exempt_reserve, updated_at = excluded.updated_at
                    """, ct, ("user", user), ("now", now)).ConfigureAwait(false);
                await Sql.ExecuteAsync(connection, tx, "UPDATE users SET updated_at = @now WHERE id = @user", ct, ("now", now), ("user", user)).ConfigureAwait(false);
                await transaction.CommitAsync(ct).ConfigureAwait(false);
                return written;
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<WalletRecord>> ListWithStakeAccountsAsync(int limit, int maxStakeAccounts, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxStakeAccounts);
        return await database.RunAsync("listing wallets", async (context, ct) =>
        {
            // At most maxStakeAccounts per wallet, cut in the database (a window per wallet), not after reading them all.
            var users = await context.Users.AsNoTracking().OrderBy(u => u.Id).Take(limit)
                .Select(u => new { User = u, Stakes = context.StakeAccounts.Where(s => s.UserId == u.Id).OrderBy(s => s.Pubkey).Take(maxStakeAccounts).ToList() })
                .ToListAsync(ct).ConfigureAwait(false);
            return (IReadOnlyList<WalletRecord>)users.ConvertAll(u =>
                new WalletRecord(u.User.Id, Pubkey.Parse(u.User.WalletPubkey), u.Stakes.ConvertAll(ToRecord), u.User.CreatedAt));
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<WalletRecord?> GetAsync(Pubkey wallet, int maxStakeAccounts, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxStakeAccounts);
        return await database.RunAsync("reading a wallet", async (context, ct) =>
        {
            var key = wallet.ToString();
            var user = await context.Users.AsNoTracking().SingleOrDefaultAsync(u => u.WalletPubkey == key, ct).ConfigureAwait(false);
            if (user is null)
            {
                return null;
            }

            var stakes = await context.StakeAccounts.AsNoTracking().Where(s => s.UserId == user.Id).OrderBy(s => s.Pubkey).Take(maxStakeAccounts)
                .ToListAsync(ct).ConfigureAwait(false);
            return new WalletRecord(user.Id, wallet, stakes.ConvertAll(ToRecord), user.CreatedAt);
        }, cancellationToken).ConfigureAwait(false);
    }

    internal static StakeAccountRecord ToRecord(StakeAccountEntity s) => new(new StakeAccount
    {
        Pubkey = Pubkey.Parse(s.Pubkey),
        Lamports = (ulong)s.Lamports,
        State = Enum.Parse<StakeAccountState>(s.State),
        Staker = s.Staker is null ? null : Pubkey.Parse(s.Staker),
        Withdrawer = s.Withdrawer is null ? null : Pubkey.Parse(s.Withdrawer),
        Voter = s.Voter is null ? null : Pubkey.Parse(s.Voter),
        DelegatedStake = s.Voter is null ? null : (ulong)s.StakedAmount,
        ActivationEpoch = s.ActivationEpoch is { } a ? (ulong)a : null,
        DeactivationEpoch = s.DeactivationEpoch is { } d ? (ulong)d : null,
        RentExemptReserve = (ulong)s.RentExemptReserve,
    }, s.ValidatorId, s.UpdatedAt);
}
