using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using SolStake.Core.Domain;
using SolStake.Core.Storage;
using SolStake.Storage.Model;

namespace SolStake.Storage;

internal sealed class EfValidatorStore<TContext>(IDbContextFactory<TContext> contexts, IValidatorWriter writer, StorageErrors errors) : IValidatorStore
    where TContext : SolStakeDbContext
{
    public async Task<int> UpsertVoteAccountsAsync(IReadOnlyCollection<VoteAccount> voteAccounts, DateTimeOffset observedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(voteAccounts);
        var rows = ValidatorRows.From(voteAccounts);
        if (rows.Count == 0)
        {
            return 0;
        }

        try
        {
            var context = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            await using (context.ConfigureAwait(false))
            {
                var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    await writer.UpsertAsync(context.Database.GetDbConnection(), transaction.GetDbTransaction(), rows, observedAt, cancellationToken)
                        .ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (errors.Translate(ex, "storing validators") is { } translated)
        {
            throw translated;
        }

        return rows.Count;
    }

    public async Task<IReadOnlyList<ValidatorRecord>> ListValidatorsAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var context = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            await using (context.ConfigureAwait(false))
            {
                var entities = await context.Validators.AsNoTracking()
                    .OrderBy(v => v.VoteAccount)
                    .ToListAsync(cancellationToken).ConfigureAwait(false);

                var records = new ValidatorRecord[entities.Count];
                for (var i = 0; i < entities.Count; i++)
                {
                    records[i] = ToRecord(entities[i]);
                }

                return records;
            }
        }
        catch (Exception ex) when (errors.Translate(ex, "reading validators") is { } translated)
        {
            throw translated;
        }
    }

    public async Task<int> CountValidatorsAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var context = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            await using (context.ConfigureAwait(false))
            {
                return await context.Validators.CountAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (errors.Translate(ex, "counting validators") is { } translated)
        {
            throw translated;
        }
    }

    private static ValidatorRecord ToRecord(ValidatorEntity e) => new()
    {
        Id = e.Id,
        VoteAccount = Pubkey.Parse(e.VoteAccount),
        Identity = Pubkey.Parse(e.Identity),
        Name = e.Name,
        Commission = new Commission(checked((ushort)e.CommissionBps)),
        ActivatedStake = checked((ulong)e.ActivatedStake),
        Delinquent = e.Delinquent,
        LastVote = checked((ulong)e.LastVote),
        CreatedAt = e.CreatedAt,
        UpdatedAt = e.UpdatedAt,
    };
}
