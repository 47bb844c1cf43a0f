using Microsoft.EntityFrameworkCore;

namespace SolStake.Storage.Model;

/// <summary>
/// The one model both providers share. Each provider derives its own context so that each keeps its own migrations
/// (<c>Postgres/Migrations</c>, <c>Sqlite/Migrations</c>).
/// </summary>
internal abstract class SolStakeDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<ValidatorEntity> Validators => Set<ValidatorEntity>();

    public DbSet<ObservationEntity> Observations => Set<ObservationEntity>();

    public DbSet<EpochStatEntity> EpochStats => Set<EpochStatEntity>();

    public DbSet<EpochEntity> Epochs => Set<EpochEntity>();

    public DbSet<ScoringRunEntity> ScoringRuns => Set<ScoringRunEntity>();

    public DbSet<TrustScoreEntity> TrustScores => Set<TrustScoreEntity>();

    public DbSet<AuditLogEntity> AuditLogs => Set<AuditLogEntity>();

    public DbSet<JobRunEntity> JobRuns => Set<JobRunEntity>();

    public DbSet<UserEntity> Users => Set<UserEntity>();

    public DbSet<StakeAccountEntity> StakeAccounts => Set<StakeAccountEntity>();

    /// <summary>The longest user id kept with a registration (a longer one is cut there).</summary>
    public const int UserIdMaxLength = 200;

    /// <summary>The column type of JSON text: json on PostgreSQL, text on SQLite.</summary>
    protected abstract string JsonColumnType { get; }

    /// <summary>
    /// Whether the rows every cycle adds by the thousand, observations and scores, have foreign keys (an observation to
    /// its validator, a score to its run; a score has none to its validator on any provider, see trust_scores below).
    /// Only the store writes them: for validator ids it resolves in the same transaction
    /// (validators are never deleted), a run's scores into the run it marks completed there (the run's row stays locked
    /// until they are in); housekeeping deletes a run's scores with the run. <c>verify-db</c> checks that every
    /// observation has its validator and every score its validator and run.
    /// </summary>
    protected virtual bool HistoryHasForeignKeys => true;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ValidatorEntity>(v =>
        {
            v.ToTable("validators");
            v.Property(x => x.VoteAccount).HasMaxLength(44);
            v.Property(x => x.Identity).HasMaxLength(44);
            v.Property(x => x.Name).HasMaxLength(200);
            v.Property(x => x.Website).HasMaxLength(500);
            v.Property(x => x.IconUrl).HasMaxLength(500);
            v.Property(x => x.Details).HasMaxLength(2000);
            v.Property(x => x.KeybaseUsername).HasMaxLength(100);
            v.Property(x => x.Version).HasMaxLength(100);
            v.HasIndex(x => x.VoteAccount).IsUnique();
            // Not unique: one identity can run several vote accounts (the earlier design's unique index broke on real data).
            v.HasIndex(x => x.Identity);
            // Every sync rewrites every row in one statement: each page keeps room for a second version of each of its
            // rows, so that PostgreSQL updates them in place (HOT) without touching the indexes. At 70 a packed page
            // (after VACUUM FULL or a restore) had room for under half of them; the rest moved to other pages and were
            // written into all three indexes (the upsert took 10 ms on a compacted year against 6 on one that was not).
            v.HasAnnotation("Npgsql:StorageParameter:fillfactor", 40);
        });

        modelBuilder.Entity<ObservationEntity>(o =>
        {
            o.ToTable("validator_observations");
            if (HistoryHasForeignKeys)
            {
                o.HasOne<ValidatorEntity>().WithMany().HasForeignKey(x => x.ValidatorId).OnDelete(DeleteBehavior.Cascade);
            }

            // (validator, slot) keys an observation and orders a validator's history; observed_at serves uptime and retention.
            o.HasIndex(x => new { x.ValidatorId, x.Slot }).IsUnique();
            o.HasIndex(x => x.ObservedAt);
        });

        modelBuilder.Entity<CommissionChangeEntity>(c =>
        {
            c.ToTable("commission_changes");
            c.HasKey(x => new { x.ValidatorId, x.Slot });
            c.HasOne<ValidatorEntity>().WithMany().HasForeignKey(x => x.ValidatorId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<EpochStatEntity>(e =>
        {
            e.ToTable("validator_epoch_stats");
            e.HasKey(x => new { x.ValidatorId, x.Epoch });
            e.HasOne<ValidatorEntity>().WithMany().HasForeignKey(x => x.ValidatorId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => x.Epoch);
            // The running epoch's row is rewritten by every sync: leave room for in-place (HOT) updates.
            e.HasAnnotation("Npgsql:StorageParameter:fillfactor", 80);
        });

        modelBuilder.Entity<EpochEntity>(e =>
        {
            e.ToTable("epochs");
            e.HasKey(x => x.Epoch);
            e.Property(x => x.Epoch).ValueGeneratedNever();
        });

        modelBuilder.Entity<ScoringRunEntity>(r =>
        {
            r.ToTable("scoring_runs");
            r.Property(x => x.Status).HasMaxLength(16);
            r.Property(x => x.Profile).HasMaxLength(64);
            r.Property(x => x.ModelVersion).HasMaxLength(64);
            r.HasIndex(x => x.RunDate);
            r.HasIndex(x => new { x.Status, x.RunDate });
            // Thinning finds each epoch's last run of a profile.
            r.HasIndex(x => new { x.Epoch, x.Profile, x.RunDate });
        });

        modelBuilder.Entity<TrustScoreEntity>(t =>
        {
            t.ToTable("trust_scores");
            t.Property(x => x.State).HasMaxLength(16);
            t.Property(x => x.Profile).HasMaxLength(64);
            t.Property(x => x.ModelVersion).HasMaxLength(64);
            t.Property(x => x.Breakdown).HasColumnType(JsonColumnType);
            t.Property(x => x.Flags).HasColumnType(JsonColumnType);
            // No foreign key to the validator on any provider: it would need an index led by validator_id (below). A
            // validator is never deleted, and the verifier reports a score without one.
            if (HistoryHasForeignKeys)
            {
                t.HasOne<ScoringRunEntity>().WithMany().HasForeignKey(x => x.ScoringRunId).OnDelete(DeleteBehavior.Cascade);
            }

            // A run's scores (and the latest run's, for every validator) by (run, validator), and a validator's history
            // run by run (EfScoreReader.ScoreHistoryAsync): a run's inserts append at the end of this index. An index by
            // validator took each of a run's 1,351 inserts to another place in it, the largest single cost of storing a
            // run (benchmarks/results/history-at-scale-2026-11-29.md).
            t.HasIndex(x => new { x.ScoringRunId, x.ValidatorId }).IsUnique();
        });

        modelBuilder.Entity<AuditLogEntity>(a =>
        {
            a.ToTable("audit_logs");
            a.Property(x => x.Action).HasMaxLength(100);
            a.Property(x => x.ActorId).HasMaxLength(200);
            a.Property(x => x.Metadata).HasColumnType(JsonColumnType);
            a.HasIndex(x => x.CreatedAt);
        });

        modelBuilder.Entity<JobRunEntity>(j =>
        {
            j.ToTable("job_runs");
            j.Property(x => x.Job).HasMaxLength(64);
            j.Property(x => x.Trigger).HasMaxLength(200);
            j.Property(x => x.FireId).HasMaxLength(200);
            j.Property(x => x.Instance).HasMaxLength(200);
            j.Property(x => x.Status).HasMaxLength(16);
            j.Property(x => x.Phase).HasMaxLength(100);
            j.Property(x => x.Counts).HasColumnType(JsonColumnType);
            // Recent runs of a job; running ones and pruning by state and age.
            j.HasIndex(x => new { x.Job, x.StartedAt });
            j.HasIndex(x => new { x.Status, x.StartedAt });
        });

        modelBuilder.Entity<UserEntity>(u =>
        {
            u.ToTable("users");
            u.Property(x => x.WalletPubkey).HasMaxLength(44);
            u.HasIndex(x => x.WalletPubkey).IsUnique();
            u.Property(x => x.RegisteredBy).HasMaxLength(UserIdMaxLength);
            u.HasIndex(x => x.RegisteredBy);
        });

        modelBuilder.Entity<StakeAccountEntity>(s =>
        {
            s.ToTable("stake_accounts");
            s.Property(x => x.Pubkey).HasMaxLength(44);
            s.Property(x => x.Voter).HasMaxLength(44);
            s.Property(x => x.Staker).HasMaxLength(44);
            s.Property(x => x.Withdrawer).HasMaxLength(44);
            s.Property(x => x.State).HasMaxLength(16);
            s.HasIndex(x => x.Pubkey).IsUnique();
            s.HasOne<UserEntity>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
            s.HasOne<ValidatorEntity>().WithMany().HasForeignKey(x => x.ValidatorId).OnDelete(DeleteBehavior.SetNull);
            s.HasIndex(x => x.UserId);
            s.HasIndex(x => x.ValidatorId);
        });
    }
}
