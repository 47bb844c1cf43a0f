using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SolStake.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "validators",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    vote_account = table.Column<string>(type: "TEXT", maxLength: 44, nullable: false),
                    identity = table.Column<string>(type: "TEXT", maxLength: 44, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    commission_bps = table.Column<int>(type: "INTEGER", nullable: false),
                    activated_stake = table.Column<long>(type: "INTEGER", nullable: false),
                    delinquent = table.Column<bool>(type: "INTEGER", nullable: false),
                    epoch_vote_account = table.Column<bool>(type: "INTEGER", nullable: false),
                    last_vote = table.Column<long>(type: "INTEGER", nullable: false),
                    root_slot = table.Column<long>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_validators", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_validators_identity",
                table: "validators",
                column: "identity");

            migrationBuilder.CreateIndex(
                name: "ix_validators_vote_account",
                table: "validators",
                column: "vote_account",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "validators");
        }
    }
}
