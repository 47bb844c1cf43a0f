using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SolStake.Storage.Sqlite.Migrations
{
    /// <summary>
    /// Who registered each wallet (<c>users.registered_by</c>, indexed), so a caller's wallets can be counted against its
    /// cap. Wallets registered before have none and count toward nobody's.
    /// </summary>
    internal partial class WalletRegisteredBy : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "registered_by",
                table: "users",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_users_registered_by",
                table: "users",
                column: "registered_by");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_users_registered_by",
                table: "users");

            migrationBuilder.DropColumn(
                name: "registered_by",
                table: "users");
        }
    }
}
