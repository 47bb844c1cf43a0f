using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SolStake.Storage.Sqlite.Migrations
{
    /// <summary>
    /// The scores lose their foreign key to the validator and the index by (validator, run) it needed: a validator's
    /// history is read run by run through the (run, validator) index, and each run's 1,351 inserts no longer go to
    /// 1,351 places of a second index. SQLite drops a foreign key by rebuilding the table: every row is copied.
    /// </summary>
    internal partial class ScoresByRun : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // SQLite drops a foreign key by rebuilding the table. Written out rather than as DropForeignKey, whose rebuild
            // EF Core wraps in PRAGMA foreign_keys = 0, which cannot run inside the migration's transaction (it warned at
            // every start that migrated, and a stop midway would leave the migration half applied). No table refers to
            // the scores, so the rebuild needs no pragma: the copy, the drop and the rename are one transaction.
            migrationBuilder.Sql("""
                CREATE TABLE "ef_temp_trust_scores" (
                    "id" INTEGER NOT NULL CONSTRAINT "pk_trust_scores" PRIMARY KEY AUTOINCREMENT,
                    "breakdown" TEXT NOT NULL,
                    "created_at" INTEGER NOT NULL,
                    "flags" TEXT NOT NULL,
                    "lines" BLOB NULL,
                    "model_version" TEXT NOT NULL,
                    "profile" TEXT NOT NULL,
                    "score" REAL NOT NULL,
                    "scoring_run_id" INTEGER NOT NULL,
                    "state" TEXT NOT NULL,
                    "validator_id" INTEGER NOT NULL,
                    CONSTRAINT "fk_trust_scores_scoring_runs_scoring_run_id" FOREIGN KEY ("scoring_run_id") REFERENCES "scoring_runs" ("id") ON DELETE CASCADE
                );
                INSERT INTO "ef_temp_trust_scores" ("id", "breakdown", "created_at", "flags", "lines", "model_version", "profile", "score", "scoring_run_id", "state", "validator_id")
                SELECT "id", "breakdown", "created_at", "flags", "lines", "model_version", "profile", "score", "scoring_run_id", "state", "validator_id"
                FROM "trust_scores";
                DROP TABLE "trust_scores";
                ALTER TABLE "ef_temp_trust_scores" RENAME TO "trust_scores";
                CREATE UNIQUE INDEX "ix_trust_scores_scoring_run_id_validator_id" ON "trust_scores" ("scoring_run_id", "validator_id");
                """);
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
