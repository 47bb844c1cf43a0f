using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SolStake.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    internal partial class JobRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "job_runs",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    job = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    trigger = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    fire_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    instance = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    attempt = table.Column<int>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    started_at = table.Column<long>(type: "INTEGER", nullable: false),
                    finished_at = table.Column<long>(type: "INTEGER", nullable: true),
                    duration_ms = table.Column<long>(type: "INTEGER", nullable: true),
                    phase = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    progress = table.Column<double>(type: "REAL", nullable: true),
                    error = table.Column<string>(type: "TEXT", nullable: true),
                    will_retry = table.Column<bool>(type: "INTEGER", nullable: false),
                    counts = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_job_runs", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_job_runs_job_started_at",
                table: "job_runs",
                columns: new[] { "job", "started_at" });

            migrationBuilder.CreateIndex(
                name: "ix_job_runs_status_started_at",
                table: "job_runs",
                columns: new[] { "status", "started_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "job_runs");
        }
    }
}
