using Microsoft.EntityFrameworkCore.Migrations;
using SolStake.Storage.Model;

#nullable disable

namespace SolStake.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    internal partial class ValidatorTotals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "credited_epochs",
                table: "validators",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "first_credited_epoch",
                table: "validators",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "highest_commission_bps",
                table: "validators",
                type: "INTEGER",
                nullable: true);

            // The totals of what is stored: every validator's credited epochs and the highest commission it was ever
            // seen with (observations, commission changes, per-epoch samples, payouts).
            foreach (var sql in ValidatorTotalsSql.Backfill)
            {
                migrationBuilder.Sql(sql);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "credited_epochs",
                table: "validators");

            migrationBuilder.DropColumn(
                name: "first_credited_epoch",
                table: "validators");

            migrationBuilder.DropColumn(
                name: "highest_commission_bps",
                table: "validators");
        }
    }
}
