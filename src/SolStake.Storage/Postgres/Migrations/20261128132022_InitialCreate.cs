using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace SolStake.Storage.Postgres.Migrations
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
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    vote_account = table.Column<string>(type: "character varying(44)", maxLength: 44, nullable: false),
                    identity = table.Column<string>(type: "character varying(44)", maxLength: 44, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    commission_bps = table.Column<int>(type: "integer", nullable: false),
                    activated_stake = table.Column<long>(type: "bigint", nullable: false),
                    delinquent = table.Column<bool>(type: "boolean", nullable: false),
                    epoch_vote_account = table.Column<bool>(type: "boolean", nullable: false),
                    last_vote = table.Column<long>(type: "bigint", nullable: false),
                    root_slot = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
