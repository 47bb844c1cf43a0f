using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SolStake.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    internal partial class ScoreLines : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "lines",
                table: "trust_scores",
                type: "BLOB",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "lines",
                table: "trust_scores");
        }
    }
}
