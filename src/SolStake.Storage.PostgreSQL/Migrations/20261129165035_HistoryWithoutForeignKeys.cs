using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SolStake.Storage.PostgreSQL.Migrations
{
    /// <summary>
    /// Observations and scores no longer have foreign keys on PostgreSQL, which checked them row by row, locking the
    /// referenced rows once per row written (<c>PostgresDbContext.HistoryHasForeignKeys</c>). Housekeeping deletes a
    /// run's scores with the run; <c>verify-db</c> checks that every observation and score has what it refers to.
    /// </summary>
    internal partial class HistoryWithoutForeignKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_trust_scores_scoring_runs_scoring_run_id",
                table: "trust_scores");

            migrationBuilder.DropForeignKey(
                name: "fk_trust_scores_validators_validator_id",
                table: "trust_scores");

            migrationBuilder.DropForeignKey(
                name: "fk_validator_observations_validators_validator_id",
                table: "validator_observations");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddForeignKey(
                name: "fk_trust_scores_scoring_runs_scoring_run_id",
                table: "trust_scores",
                column: "scoring_run_id",
                principalTable: "scoring_runs",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_trust_scores_validators_validator_id",
                table: "trust_scores",
                column: "validator_id",
                principalTable: "validators",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_validator_observations_validators_validator_id",
                table: "validator_observations",
                column: "validator_id",
                principalTable: "validators",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);
        }
    }
}
