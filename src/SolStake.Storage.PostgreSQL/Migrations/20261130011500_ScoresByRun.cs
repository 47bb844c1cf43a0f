using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SolStake.Storage.PostgreSQL.Migrations
{
    /// <summary>
    /// Drops the scores' index by (validator, run): a validator's history is read run by run through the (run, validator)
    /// index, and each run's 1,351 inserts no longer go to 1,351 places of a second index. Nothing is rewritten.
    /// </summary>
    internal partial class ScoresByRun : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_trust_scores_validator_id_scoring_run_id",
                table: "trust_scores");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_trust_scores_validator_id_scoring_run_id",
                table: "trust_scores",
                columns: new[] { "validator_id", "scoring_run_id" },
                descending: new[] { false, true });
        }
    }
}
