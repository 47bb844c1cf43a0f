using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SolStake.Storage.PostgreSQL.Migrations
{
    /// <inheritdoc />
    internal partial class ScoringRunEpoch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_trust_scores_validator_id",
                table: "trust_scores");

            migrationBuilder.AddColumn<long>(
                name: "epoch",
                table: "scoring_runs",
                type: "bigint",
                nullable: true);

            // Runs stored before the epoch was kept: the epoch of the latest observation at or before the run (the
            // epoch scoring read as current). A run older than every kept observation stays without one, and is never thinned.
            migrationBuilder.Sql("""
                UPDATE scoring_runs SET epoch = (
                    SELECT o.epoch FROM validator_observations o WHERE o.observed_at <= scoring_runs.run_date
                    ORDER BY o.observed_at DESC LIMIT 1);
                """);

            migrationBuilder.CreateIndex(
                name: "ix_trust_scores_validator_id_scoring_run_id",
                table: "trust_scores",
                columns: new[] { "validator_id", "scoring_run_id" },
                descending: new[] { false, true });

            migrationBuilder.CreateIndex(
                name: "ix_scoring_runs_epoch_profile_run_date",
                table: "scoring_runs",
                columns: new[] { "epoch", "profile", "run_date" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_trust_scores_validator_id_scoring_run_id",
                table: "trust_scores");

            migrationBuilder.DropIndex(
                name: "ix_scoring_runs_epoch_profile_run_date",
                table: "scoring_runs");

            migrationBuilder.DropColumn(
                name: "epoch",
                table: "scoring_runs");

            migrationBuilder.CreateIndex(
                name: "ix_trust_scores_validator_id",
                table: "trust_scores",
                column: "validator_id");
        }
    }
}
