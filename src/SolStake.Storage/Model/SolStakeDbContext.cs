using Microsoft.EntityFrameworkCore;

namespace SolStake.Storage.Model;

/// <summary>
/// The one model both providers share. Each provider derives its own context so that each keeps its own migrations
/// (<c>Postgres/Migrations</c>, <c>Sqlite/Migrations</c>).
/// </summary>
internal abstract class SolStakeDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<ValidatorEntity> Validators => Set<ValidatorEntity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ValidatorEntity>(v =>
        {
            v.ToTable("validators");
            v.HasKey(x => x.Id);
            v.Property(x => x.VoteAccount).HasMaxLength(44);
            v.Property(x => x.Identity).HasMaxLength(44);
            v.Property(x => x.Name).HasMaxLength(200);
            v.HasIndex(x => x.VoteAccount).IsUnique();
            // Not unique: one identity can run several vote accounts (the earlier design's unique index broke on real data).
            v.HasIndex(x => x.Identity);
        });
    }
}
