using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SolStake.Storage.Sqlite.Migrations
{
    /// <summary>
    /// The scores lose their foreign key to the validator and the index by (validator, run) it needed: a validator's
    /// history is read run by run through the (run, validator) index, and each run's 1,351 inserts no longer go to
    /// 1,351 places of a second index. SQLite drops a foreign key by rebuilding the table (EF Core copies every row).
    /// </summary>
    internal partial class ScoresByRun : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_trust_scores_validators_validator_id",
                table: "trust_scores");

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
