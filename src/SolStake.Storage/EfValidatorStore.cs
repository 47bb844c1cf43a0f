using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using SolStake.Core.Domain;
using SolStake.Core.Storage;
using SolStake.Storage.Bulk;
using SolStake.Storage.Model;

namespace SolStake.Storage;

/// <summary>
/// The validator store. Writes load their input into staging tables and move it with a few statements shared by
/// both providers (<c>INSERT … SELECT … ON CONFLICT</c>); reads go through EF Core.
/// </summary>
internal sealed class EfValidatorStore<TContext>(Database<TContext> database, IStagingLoader staging) : IValidatorStore
    where TContext : SolStakeDbContext
{
    private static readonly TimeSpan UptimeWindow = TimeSpan.FromDays(30);

    public async Task<ObservationWriteResult> RecordObservationAsync(ClusterObservation observation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(observation);
        var latest = new Dictionary<Pubkey, VoteAccount>(observation.VoteAccounts.Count);
        foreach (var account in observation.VoteAccounts)
        {
            latest[account.VotePubkey] = account;
        }

        if (latest.Count == 0)
        {
            return new ObservationWriteResult(0, 0, 0);
        }

        var validators = new StagingTable("stage_validators",
            new("vote_account", ColumnType.Text), new("identity", ColumnType.Text), new("commission_bps", ColumnType.Int32),
            new("activated_stake", ColumnType.Int64), new("delinquent", ColumnType.Boolean), new("epoch_vote_account", ColumnType.Boolean),
            new("last_vote", ColumnType.Int64), new("root_slot", ColumnType.Int64));
        var credits = new StagingTable("stage_credits",
            new("vote_account", ColumnType.Text), new("epoch", ColumnType.Int64), new("credits", ColumnType.Int64));
        foreach (var a in latest.Values)
        {
            var vote = a.VotePubkey.ToString();
            validators.Add(vote, a.NodePubkey.ToString(), (int)a.Commission.BasisPoints, Sql.Int64(a.ActivatedStake, "activatedStake"),
                a.Delinquent, a.EpochVoteAccount, Sql.Int64(a.LastVote, "lastVote"), Sql.Int64(a.RootSlot, "rootSlot"));
            foreach (var c in CreditHistory.FromTriples(a.EpochCredits))
            {
                credits.Add(vote, Sql.Int64(c.Epoch, "epoch"), Sql.Int64(c.Credits, "credits"));
            }
        }

        // Filled by the sync's own statements (below), not by the client.
        var changes = new StagingTable("stage_credit_changes",
            new("validator_id", ColumnType.Int64), new("epoch", ColumnType.Int64), new("credits", ColumnType.Int64),
            new("max_sampled_commission_bps", ColumnType.Int32), new("activated_stake", ColumnType.Int64), new("stored_credits", ColumnType.Int64));
        var now = staging.Timestamp(observation.ObservedAt);
        var epoch = Sql.Int64(observation.Epoch, "epoch");
        var slot = Sql.Int64(observation.Slot, "slot");
        var since = staging.Timestamp(observation.ObservedAt - UptimeWindow);
        return await database.TransactAsync("storing an observation", async (connection, transaction, ct) =>
        {
            await staging.LoadAsync(connection, transaction, validators, ct).ConfigureAwait(false);
            await staging.LoadAsync(connection, transaction, credits, ct).ConfigureAwait(false);
            await staging.LoadAsync(connection, transaction, changes, ct).ConfigureAwait(false);
            // Held from the first read of the kept totals to the commit; the staging tables are this session's own.
            await staging.LockAsync(connection, transaction, ValidatorTotalsSql.Lock, ct).ConfigureAwait(false);
            var bounds = (await Sql.QueryAsync(connection, transaction, UptimeSql.Bounds,
                static r => (Slot: r.GetValue(0), Oldest: r.GetValue(1), Uncounted: Convert.ToInt32(r.GetValue(2), System.Globalization.CultureInfo.InvariantCulture) == 1), ct)
                .ConfigureAwait(false))[0];
            // No stored observation is at or after this slot when the last slot observed is before it: this one is new
            // for every validator, and no neighbour after it has to be judged again.
            var newest = bounds.Slot is DBNull || Convert.ToInt64(bounds.Slot, System.Globalization.CultureInfo.InvariantCulture) < slot;
            var oldest = bounds.Oldest is DBNull ? since : bounds.Oldest;
            if (bounds.Uncounted)
            {
                await Sql.ExecuteAsync(connection, transaction, UptimeSql.CountNew, ct, ("since", since)).ConfigureAwait(false);
            }

            // The known validators' update also moves each one's 30-day uptime window (UptimeSql): it adds the observation
            // stored below unless one is stored at this slot already or it is older than the window, and takes out what
            // left the window. An update and an insert of the new ones, not an upsert: the upsert's conflict path probed
            // the vote account's index and locked each row before updating it (a write of its own per row); under the
            // sync's lock no other writer adds a validator meanwhile. A new validator's row starts with that one
            // observation. Then the windows of validators gone from the cluster, and the epoch's row. Statements whose
            // counts the sync does not use travel in one command: one round trip (each is 0.2-0.4 ms on loopback here).
            var counted = newest
                ? "CASE WHEN v.uptime_since <= @now THEN 1 ELSE 0 END"
                : "CASE WHEN v.uptime_since <= @now AND NOT EXISTS (SELECT 1 FROM validator_observations o WHERE o.validator_id = v.id AND o.slot = @slot) THEN 1 ELSE 0 END";
            const string Observations = "validators.uptime_observations + t.observations";
            const string Voting = "validators.uptime_voting + t.voting";
            await Sql.ExecuteAsync(connection, transaction, $"""
                UPDATE validators SET
                    identity = t.identity, commission_bps = t.commission_bps, activated_stake = t.activated_stake,
                    delinquent = t.delinquent, epoch_vote_account = t.epoch_vote_account,
                    last_vote = t.last_vote, root_slot = t.root_slot, updated_at = @now,
                    highest_commission_bps = CASE
                        WHEN validators.highest_commission_bps IS NULL OR t.commission_bps > validators.highest_commission_bps
                        THEN t.commission_bps ELSE validators.highest_commission_bps END,
                    uptime_since = CASE WHEN validators.uptime_since < @since THEN @since ELSE validators.uptime_since END,
                    uptime_observations = {Observations},
                    uptime_voting = {Voting},
                    uptime = {UptimeSql.Share(Observations, Voting, "validators.uptime")}
                -- Per staged validator, what this observation adds to its kept counts less what left its window.
                FROM (SELECT s.*, v.id, {counted} - COALESCE(l.observations, 0) AS observations,
                             CASE WHEN s.delinquent THEN 0 ELSE {counted} END - COALESCE(l.voting, 0) AS voting
                      FROM stage_validators s JOIN validators v ON v.vote_account = s.vote_account
                      LEFT JOIN ({UptimeSql.Leaving}) l ON l.id = v.id) t
                WHERE validators.id = t.id;
                INSERT INTO validators (vote_account, identity, commission_bps, activated_stake, delinquent, epoch_vote_account, last_vote, root_slot, uptime,
                                        credited_epochs, highest_commission_bps, uptime_since, uptime_observations, uptime_voting, created_at, updated_at)
                SELECT s.vote_account, s.identity, s.commission_bps, s.activated_stake, s.delinquent, s.epoch_vote_account, s.last_vote, s.root_slot,
                       CASE WHEN s.delinquent THEN 0 ELSE 100 END, 0, s.commission_bps, @since, 1, CASE WHEN s.delinquent THEN 0 ELSE 1 END, @now, @now
                FROM stage_validators s
                WHERE NOT EXISTS (SELECT 1 FROM validators v WHERE v.vote_account = s.vote_account);
                {UptimeSql.LeaveAbsent};
                INSERT INTO epochs (epoch, first_slot, slots_in_epoch, last_observed_slot, updated_at)
                VALUES (@epoch, @first_slot, @slots_in_epoch, @slot, @now)
                ON CONFLICT (epoch) DO UPDATE SET
                    last_observed_slot = CASE WHEN excluded.last_observed_slot > epochs.last_observed_slot THEN excluded.last_observed_slot ELSE epochs.last_observed_slot END,
                    updated_at = excluded.updated_at
                """, ct, ("now", now), ("since", since), ("oldest", oldest), ("slot", slot), ("epoch", epoch),
                ("first_slot", Sql.Int64(observation.Slot - observation.SlotIndex, "firstSlot")), ("slots_in_epoch", Sql.Int64(observation.SlotsInEpoch, "slotsInEpoch")))
                .ConfigureAwait(false);
            // None is stored at this slot when it is the newest (the check above, under the lock): a plain insert, which
            // does not probe the unique index before each row as ON CONFLICT does.
            var added = await Sql.ExecuteAsync(connection, transaction, $"""
                INSERT INTO validator_observations (validator_id, epoch, slot, slot_index, observed_at, delinquent, activated_stake, commission_bps, last_vote)
                SELECT v.id, @epoch, @slot, @slot_index, @now, s.delinquent, s.activated_stake, s.commission_bps, s.last_vote
                FROM stage_validators s JOIN validators v ON v.vote_account = s.vote_account WHERE true
                {(newest ? "" : "ON CONFLICT (validator_id, slot) DO NOTHING")}
                """, ct, ("epoch", epoch), ("slot", slot), ("slot_index", Sql.Int64(observation.SlotIndex, "slotIndex")), ("now", now))
                .ConfigureAwait(false);
            // The commission changes: the observation just stored is one when the validator's observation before it
            // (by slot) has another commission or there is none; the observation after it, when a snapshot arrives out
            // of order (an import), is judged again against it. One index probe per validator and neighbour.
            static string Previous(string slot) =>
                $"(SELECT p.commission_bps FROM validator_observations p WHERE p.validator_id = v.id AND p.slot < {slot} ORDER BY p.slot DESC LIMIT 1)";
            var commission = "";
            if (newest)
            {
                // When no stored observation is later (the epochs keep the last slot observed), the observations at this
                // slot are the staged rows just stored (reading them back by slot made PostgreSQL hash every stored
                // observation), and the commission before each is its validator's latest change. The changes hold every
                // stored observation's commission that differs from the one before it (and each validator's first): a
                // few rows per validator, where the observations' index grows with history (probing it took 1.7 ms a
                // sync on an empty history and 5-7 ms on a year). A validator back after its observations were pruned is
                // judged against its last change too, not taken for new. Sent with the statements below.
                commission = """
                    INSERT INTO commission_changes (validator_id, slot, epoch, slot_index, commission_bps)
                    SELECT v.id, @slot, @epoch, @slot_index, s.commission_bps
                    FROM stage_validators s JOIN validators v ON v.vote_account = s.vote_account
                    WHERE s.commission_bps IS DISTINCT FROM
                        (SELECT p.commission_bps FROM commission_changes p WHERE p.validator_id = v.id AND p.slot < @slot ORDER BY p.slot DESC LIMIT 1)
                    ON CONFLICT (validator_id, slot) DO NOTHING;
                    """;
            }
            else
            {
                const string Next = "(SELECT MIN(n.slot) FROM validator_observations n WHERE n.validator_id = v.id AND n.slot > @slot)";
                await Sql.ExecuteAsync(connection, transaction, $"""
                    DELETE FROM commission_changes WHERE (validator_id, slot) IN (
                        SELECT v.id, {Next} FROM stage_validators s JOIN validators v ON v.vote_account = s.vote_account)
                    """, ct, ("slot", slot)).ConfigureAwait(false);
                foreach (var which in new[] { "@slot", Next })
                {
                    await Sql.ExecuteAsync(connection, transaction, $"""
                        INSERT INTO commission_changes (validator_id, slot, epoch, slot_index, commission_bps)
                        SELECT o.validator_id, o.slot, o.epoch, o.slot_index, o.commission_bps
                        FROM stage_validators s JOIN validators v ON v.vote_account = s.vote_account
                        JOIN validator_observations o ON o.validator_id = v.id AND o.slot = {which}
                        WHERE o.commission_bps IS DISTINCT FROM {Previous("o.slot")}
                        ON CONFLICT (validator_id, slot) DO NOTHING
                        """, ct, ("slot", slot)).ConfigureAwait(false);
                }
            }

            // The staged credits that change a stored row or add one, with the credits stored (null: no row), found by
            // one join: the totals, the update of the stored rows and the insert of the new ones then read these few
            // (about one per validator) rather than each joining the stage's five epochs again. Completed epochs come
            // again every cycle unchanged and are left out here. The stored rows are bounded to the staged epochs:
            // without the bound PostgreSQL hashed every stored row (a seq scan of 247,000 rows, 118 ms on a year
            // against 10 ms with it). The validator's commission and stake are its row's, which the update above set to
            // the staged ones (no join of the stage's validators again). With the commission changes (on a sync) and the
            // totals: one command.
            await Sql.ExecuteAsync(connection, transaction, $"""
                {commission}
                INSERT INTO stage_credit_changes (validator_id, epoch, credits, max_sampled_commission_bps, activated_stake, stored_credits)
                SELECT v.id, c.epoch, c.credits,
                       CASE WHEN c.epoch = @epoch THEN v.commission_bps END,
                       CASE WHEN c.epoch = @epoch THEN v.activated_stake END,
                       e.credits
                FROM stage_credits c
                JOIN validators v ON v.vote_account = c.vote_account
                LEFT JOIN validator_epoch_stats e ON e.validator_id = v.id AND e.epoch = c.epoch AND e.epoch >= (SELECT MIN(epoch) FROM stage_credits)
                WHERE e.validator_id IS NULL OR c.credits > e.credits
                   OR (c.epoch = @epoch AND (v.commission_bps > COALESCE(e.max_sampled_commission_bps, -1)
                                             OR v.activated_stake <> COALESCE(e.activated_stake, -1)));
                -- The epochs that earn their first credits now (no row yet, or a row of 0 credits written by block
                -- production or rewards) are counted: scoring reads these totals instead of every epoch.
                UPDATE validators SET
                    credited_epochs = credited_epochs + t.added,
                    first_credited_epoch = CASE WHEN first_credited_epoch IS NULL OR t.first < first_credited_epoch THEN t.first ELSE first_credited_epoch END
                FROM (SELECT validator_id AS id, COUNT(*) AS added, MIN(epoch) AS first FROM stage_credit_changes
                      WHERE credits > 0 AND COALESCE(stored_credits, 0) = 0 GROUP BY validator_id) t
                WHERE validators.id = t.id
                """, ct, ("epoch", epoch), ("slot", slot), ("slot_index", Sql.Int64(observation.SlotIndex, "slotIndex"))).ConfigureAwait(false);
            // Stored rows are updated, not upserted: an upsert's conflict path locks each row before updating it. The update
            // and the insert travel in one command, which counts the rows of both.
            static string Merged(string row) => $"""
                    credits = CASE WHEN {row}.credits > validator_epoch_stats.credits THEN {row}.credits ELSE validator_epoch_stats.credits END,
                    max_sampled_commission_bps = CASE
                        WHEN validator_epoch_stats.max_sampled_commission_bps IS NULL
                          OR {row}.max_sampled_commission_bps > validator_epoch_stats.max_sampled_commission_bps
                        THEN COALESCE({row}.max_sampled_commission_bps, validator_epoch_stats.max_sampled_commission_bps)
                        ELSE validator_epoch_stats.max_sampled_commission_bps END,
                    activated_stake = COALESCE({row}.activated_stake, validator_epoch_stats.activated_stake)
                """;
            // A row changed by another writer meanwhile (block production, rewards): rewritten only when this one adds to it.
            static string Adds(string row) => $"""
                ({row}.credits > validator_epoch_stats.credits
                   OR {row}.max_sampled_commission_bps > COALESCE(validator_epoch_stats.max_sampled_commission_bps, -1)
                   OR ({row}.activated_stake IS NOT NULL AND {row}.activated_stake <> COALESCE(validator_epoch_stats.activated_stake, -1)))
                """;
            var stats = await Sql.ExecuteAsync(connection, transaction, $"""
                UPDATE validator_epoch_stats SET {Merged("d")}
                FROM stage_credit_changes d
                WHERE validator_epoch_stats.validator_id = d.validator_id AND validator_epoch_stats.epoch = d.epoch AND d.stored_credits IS NOT NULL
                  AND {Adds("d")};
                INSERT INTO validator_epoch_stats (validator_id, epoch, credits, max_sampled_commission_bps, activated_stake)
                SELECT validator_id, epoch, credits, max_sampled_commission_bps, activated_stake FROM stage_credit_changes WHERE stored_credits IS NULL
                ON CONFLICT (validator_id, epoch) DO UPDATE SET {Merged("excluded")}
                WHERE {Adds("excluded")}
                """, ct).ConfigureAwait(false);
            return new ObservationWriteResult(latest.Count, added, stats);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> UpdateValidatorInfoAsync(IReadOnlyCollection<PublishedValidatorInfo> infos, DateTimeOffset observedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(infos);
        // An identity may publish several info accounts; the one with the most fields is kept (then the last).
        var best = new Dictionary<Pubkey, PublishedValidatorInfo>();
        foreach (var info in infos)
        {
            if (!best.TryGetValue(info.Identity, out var kept) || Fields(info) >= Fields(kept))
            {
                best[info.Identity] = info;
            }
        }

        var table = new StagingTable("stage_info",
            new("identity", ColumnType.Text), new("name", ColumnType.Text), new("website", ColumnType.Text),
            new("details", ColumnType.Text), new("icon_url", ColumnType.Text), new("keybase_username", ColumnType.Text));
        foreach (var i in best.Values)
        {
            table.Add(i.Identity.ToString(), Clip(i.Name, 200), Clip(i.Website, 500), Clip(i.Details, 2000), Clip(i.IconUrl, 500), Clip(i.KeybaseUsername, 100));
        }

        return await database.TransactAsync("storing validator info", async (connection, transaction, ct) =>
        {
            await staging.LoadAsync(connection, transaction, table, ct).ConfigureAwait(false);
            // Validators without published info are marked as collected too: none published is not unknown.
            return await Sql.ExecuteAsync(connection, transaction, """
                UPDATE validators SET
                    name = (SELECT s.name FROM stage_info s WHERE s.identity = validators.identity),
                    website = (SELECT s.website FROM stage_info s WHERE s.identity = validators.identity),
                    details = (SELECT s.details FROM stage_info s WHERE s.identity = validators.identity),
                    icon_url = (SELECT s.icon_url FROM stage_info s WHERE s.identity = validators.identity),
                    keybase_username = (SELECT s.keybase_username FROM stage_info s WHERE s.identity = validators.identity),
                    info_updated_at = @now
                """, ct, ("now", staging.Timestamp(observedAt))).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> UpdateVersionsAsync(IReadOnlyDictionary<Pubkey, string?> versionByIdentity, DateTimeOffset observedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(versionByIdentity);
        var table = new StagingTable("stage_versions", new("identity", ColumnType.Text), new("version", ColumnType.Text));
        foreach (var (identity, version) in versionByIdentity)
        {
            table.Add(identity.ToString(), Clip(version, 100));
        }

        return await database.TransactAsync("storing versions", async (connection, transaction, ct) =>
        {
            await staging.LoadAsync(connection, transaction, table, ct).ConfigureAwait(false);
            return await Sql.ExecuteAsync(connection, transaction, """
                UPDATE validators SET
                    version = (SELECT s.version FROM stage_versions s WHERE s.identity = validators.identity),
                    version_updated_at = @now
                """, ct, ("now", staging.Timestamp(observedAt))).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> RecordBlockProductionAsync(ulong epoch, BlockProduction production, DateTimeOffset fetchedAt, bool complete = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(production);
        var table = new StagingTable("stage_blocks", new("identity", ColumnType.Text), new("leader_slots", ColumnType.Int64), new("blocks_produced", ColumnType.Int64));
        long slots = 0, blocks = 0;
        foreach (var (identity, counts) in production.ByIdentity)
        {
            table.Add(identity.ToString(), Sql.Int64(counts.Slots, "leaderSlots"), Sql.Int64(counts.BlocksProduced, "blocksProduced"));
            slots += Sql.Int64(counts.Slots, "leaderSlots");
            blocks += Sql.Int64(counts.BlocksProduced, "blocksProduced");
        }

        var e = Sql.Int64(epoch, "epoch");
        return await database.TransactAsync("storing block production", async (connection, transaction, ct) =>
        {
            await staging.LoadAsync(connection, transaction, table, ct).ConfigureAwait(false);
            // An identity running several vote accounts: its slots belong to the one that voted last.
            var written = await Sql.ExecuteAsync(connection, transaction, """
                INSERT INTO validator_epoch_stats (validator_id, epoch, credits, leader_slots, blocks_produced)
                SELECT v.id, @epoch, 0, b.leader_slots, b.blocks_produced
                FROM stage_blocks b
                JOIN validators v ON v.identity = b.identity
                WHERE NOT EXISTS (SELECT 1 FROM validators o WHERE o.identity = v.identity AND (o.last_vote > v.last_vote OR (o.last_vote = v.last_vote AND o.id < v.id)))
                ON CONFLICT (validator_id, epoch) DO UPDATE SET leader_slots = excluded.leader_slots, blocks_produced = excluded.blocks_produced
                """, ct, ("epoch", e)).ConfigureAwait(false);
            await UpsertEpochMarkAsync(connection, transaction, e,
                complete ? "cluster_leader_slots = @slots, cluster_blocks_produced = @blocks, block_production_fetched_at = @now"
                         : "cluster_leader_slots = @slots, cluster_blocks_produced = @blocks",
                ct, ("slots", slots), ("blocks", blocks), ("now", staging.Timestamp(fetchedAt))).ConfigureAwait(false);
            return written;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> RecordInflationRewardsAsync(ulong epoch, IReadOnlyList<KeyValuePair<Pubkey, InflationReward>> rewardsByVoteAccount, DateTimeOffset fetchedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rewardsByVoteAccount);
        var table = new StagingTable("stage_rewards", new("vote_account", ColumnType.Text), new("commission_bps", ColumnType.Int32), new("amount", ColumnType.Int64));
        foreach (var (vote, reward) in rewardsByVoteAccount)
        {
            table.Add(vote.ToString(), reward.Commission is { } c ? (int)c.BasisPoints : null, Sql.Int64(reward.Amount, "amount"));
        }

        var e = Sql.Int64(epoch, "epoch");
        return await database.TransactAsync("storing inflation rewards", async (connection, transaction, ct) =>
        {
            await staging.LoadAsync(connection, transaction, table, ct).ConfigureAwait(false);
            var written = await Sql.ExecuteAsync(connection, transaction, """
                INSERT INTO validator_epoch_stats (validator_id, epoch, credits, effective_commission_bps, reward_lamports)
                SELECT v.id, @epoch, 0, r.commission_bps, r.amount
                FROM stage_rewards r JOIN validators v ON v.vote_account = r.vote_account WHERE true
                ON CONFLICT (validator_id, epoch) DO UPDATE SET effective_commission_bps = excluded.effective_commission_bps, reward_lamports = excluded.reward_lamports
                """, ct, ("epoch", e)).ConfigureAwait(false);
            await Sql.ExecuteAsync(connection, transaction, """
                UPDATE validators SET highest_commission_bps = r.commission_bps
                FROM (SELECT v.id AS id, MAX(s.commission_bps) AS commission_bps
                      FROM stage_rewards s JOIN validators v ON v.vote_account = s.vote_account
                      WHERE s.commission_bps IS NOT NULL GROUP BY v.id) r
                WHERE validators.id = r.id AND (validators.highest_commission_bps IS NULL OR r.commission_bps > validators.highest_commission_bps)
                """, ct).ConfigureAwait(false);
            await UpsertEpochMarkAsync(connection, transaction, e, "rewards_fetched_at = @now", ct, ("now", staging.Timestamp(fetchedAt))).ConfigureAwait(false);
            return written;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<(DateTimeOffset? Info, DateTimeOffset? Versions)> GetSlowSourceTimesAsync(CancellationToken cancellationToken = default) =>
        await database.RunAsync("reading collection times", async (context, ct) =>
        {
            var info = await context.Validators.MaxAsync(v => v.InfoUpdatedAt, ct).ConfigureAwait(false);
            var versions = await context.Validators.MaxAsync(v => v.VersionUpdatedAt, ct).ConfigureAwait(false);
            return (info, versions);
        }, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<EpochRecord>> ListEpochsAsync(int limit, CancellationToken cancellationToken = default) =>
        await database.RunAsync("reading epochs", async (context, ct) =>
        {
            var rows = await context.Epochs.AsNoTracking().OrderByDescending(e => e.Epoch).Take(limit).ToListAsync(ct).ConfigureAwait(false);
            return (IReadOnlyList<EpochRecord>)rows.ConvertAll(e => new EpochRecord
            {
                Epoch = (ulong)e.Epoch,
                FirstSlot = (ulong)e.FirstSlot,
                SlotsInEpoch = (ulong)e.SlotsInEpoch,
                LastObservedSlot = (ulong)e.LastObservedSlot,
                BlockProductionFetchedAt = e.BlockProductionFetchedAt,
                RewardsFetchedAt = e.RewardsFetchedAt,
            });
        }, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<ValidatorRecord>> ListValidatorsAsync(CancellationToken cancellationToken = default) =>
        await database.RunAsync("reading validators", async (context, ct) =>
        {
            var entities = await context.Validators.AsNoTracking().OrderBy(v => v.VoteAccount).ToListAsync(ct).ConfigureAwait(false);
            return (IReadOnlyList<ValidatorRecord>)entities.ConvertAll(ToRecord);
        }, cancellationToken).ConfigureAwait(false);

    public async Task<int> CountValidatorsAsync(CancellationToken cancellationToken = default) =>
        await database.RunAsync("counting validators", (context, ct) => context.Validators.CountAsync(ct), cancellationToken).ConfigureAwait(false);

    internal static ValidatorRecord ToRecord(ValidatorEntity e) => CompiledRecordOf(e);

    /// <summary>
    /// A row's record, as an expression: a query that ends in it reads only the record's columns and builds the record
    /// from them, with no entity in between (<see cref="EfScoreReader{TContext}.ValidatorPageAsync"/>).
    /// </summary>
    internal static readonly System.Linq.Expressions.Expression<Func<ValidatorEntity, ValidatorRecord>> RecordOf = e => new ValidatorRecord
    {
        Id = e.Id,
        VoteAccount = Pubkey.Parse(e.VoteAccount),
        Identity = Pubkey.Parse(e.Identity),
        Name = e.Name,
        Website = e.Website,
        Details = e.Details,
        IconUrl = e.IconUrl,
        Version = e.Version,
        Commission = new Commission(checked((ushort)e.CommissionBps)),
        ActivatedStake = checked((ulong)e.ActivatedStake),
        Delinquent = e.Delinquent,
        LastVote = checked((ulong)e.LastVote),
        Uptime = e.Uptime,
        CreatedAt = e.CreatedAt,
        UpdatedAt = e.UpdatedAt,
    };

    private static readonly Func<ValidatorEntity, ValidatorRecord> CompiledRecordOf = RecordOf.Compile();

    private async Task UpsertEpochMarkAsync(DbConnection connection, DbTransaction transaction, long epoch, string set, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        // The epoch row exists once any observation of it was stored; an epoch never observed is added with what is known.
        await Sql.ExecuteAsync(connection, transaction, $"""
            INSERT INTO epochs (epoch, first_slot, slots_in_epoch, last_observed_slot, updated_at)
            VALUES (@epoch, 0, 0, 0, @now) ON CONFLICT (epoch) DO NOTHING
            """, cancellationToken, ("epoch", epoch), ("now", parameters.First(p => p.Item1 == "now").Item2)).ConfigureAwait(false);
        await Sql.ExecuteAsync(connection, transaction, $"UPDATE epochs SET {set}, updated_at = @now WHERE epoch = @epoch", cancellationToken,
            [("epoch", epoch), .. parameters]).ConfigureAwait(false);
    }

    private static int Fields(PublishedValidatorInfo i) =>
        (i.Name is null ? 0 : 1) + (i.Website is null ? 0 : 1) + (i.Details is null ? 0 : 1) + (i.IconUrl is null ? 0 : 1) + (i.KeybaseUsername is null ? 0 : 1);

    private static string? Clip(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}
