using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SolStake.Storage.PostgreSQL.Migrations
{
    /// <summary>
    /// The 30-day uptime's counts kept on each validator's row (<c>UptimeSql</c>). They start unknown (no window start):
    /// the next observation stored counts each validator's window once, and later ones keep the counts.
    /// </summary>
    internal partial class UptimeCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "uptime_observations",
                table: "validators",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "uptime_since",
                table: "validators",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "uptime_voting",
                table: "validators",
                type: "integer",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "uptime_observations",
                table: "validators");

            migrationBuilder.DropColumn(
                name: "uptime_since",
                table: "validators");

            migrationBuilder.DropColumn(
                name: "uptime_voting",
                table: "validators");
        }
    }
}
