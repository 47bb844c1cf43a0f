using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SolStake.Storage.PostgreSQL.Migrations
{
    /// <summary>
    /// A score's validator and run are no longer foreign keys on PostgreSQL, which checked them row by row, locking
    /// the referenced rows once per score (<c>PostgresDbContext.ScoresHaveForeignKeys</c>). Housekeeping deletes a
    /// run's scores with the run; <c>verify-db</c> checks that every score has its validator and run.
    /// </summary>
    internal partial class ScoresWithoutForeignKeys : Migration
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
        }
    }
}
