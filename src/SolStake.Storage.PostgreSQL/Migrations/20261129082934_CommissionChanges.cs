using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SolStake.Storage.PostgreSQL.Migrations
{
    /// <inheritdoc />
    internal partial class CommissionChanges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "commission_changes",
                columns: table => new
                {
                    validator_id = table.Column<long>(type: "bigint", nullable: false),
                    slot = table.Column<long>(type: "bigint", nullable: false),
                    epoch = table.Column<long>(type: "bigint", nullable: false),
                    slot_index = table.Column<long>(type: "bigint", nullable: false),
                    commission_bps = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_commission_changes", x => new { x.validator_id, x.slot });
                    table.ForeignKey(
                        name: "fk_commission_changes_validators_validator_id",
                        column: x => x.validator_id,
                        principalTable: "validators",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Every change the stored observations show, as scoring read them until now (each validator's first
            // observation and each observation whose commission differs from the one before it).
            migrationBuilder.Sql("""
                INSERT INTO commission_changes (validator_id, slot, epoch, slot_index, commission_bps)
                SELECT validator_id, slot, epoch, slot_index, commission_bps FROM (
                    SELECT validator_id, slot, epoch, slot_index, commission_bps,
                           LAG(commission_bps) OVER (PARTITION BY validator_id ORDER BY slot) AS previous
                    FROM validator_observations) o
                WHERE previous IS NULL OR previous <> commission_bps;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "commission_changes");
        }
    }
}
