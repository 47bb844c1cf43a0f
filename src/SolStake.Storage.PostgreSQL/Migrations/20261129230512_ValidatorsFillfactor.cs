using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SolStake.Storage.PostgreSQL.Migrations
{
    /// <summary>
    /// Room on each page of <c>validators</c> for a second version of each row (fillfactor 40, was 70): every sync
    /// rewrites every row, and PostgreSQL updates a row in place (HOT, no index touched) only when its page has room.
    /// Pages written from now on keep the room; existing ones get it as their rows move or the table is rewritten.
    /// </summary>
    internal partial class ValidatorsFillfactor : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterTable(name: "validators")
                .Annotation("Npgsql:StorageParameter:fillfactor", 40)
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 70);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterTable(name: "validators")
                .Annotation("Npgsql:StorageParameter:fillfactor", 70)
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 40);
        }
    }
}
