using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SolStake.Storage.PostgreSQL.Migrations
{
    /// <summary>
    /// A score's run is no longer a foreign key on PostgreSQL, which checked it row by row, locking the run's row once
    /// per score (<c>PostgresDbContext.ScoresReferenceTheirRun</c>). Housekeeping deletes a run's scores with it.
    /// </summary>
    internal partial class ScoresWithoutRunKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_trust_scores_scoring_runs_scoring_run_id",
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
        }
    }
}
